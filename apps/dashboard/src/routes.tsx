import { createBrowserRouter, Navigate, useLocation, type RouteObject } from 'react-router';
import { useSession } from './api/session';
import { AppLayout } from './layout/app-layout';
import { SECTIONS, type SectionPath } from './layout/sections';
import { BusinessesRoute, BusinessRoute } from './screens/businesses/lazy';
import { ChatScreen } from './screens/conversations/chat-screen';
import { ConversationsScreen } from './screens/conversations/conversations-screen';
import { AppointmentsScreen } from './screens/appointments/appointments-screen';
import { CampaignScreen } from './screens/campaigns/campaign-screen';
import { CampaignsScreen } from './screens/campaigns/campaigns-screen';
import { ContactScreen } from './screens/contacts/contact-screen';
import { ContactsScreen } from './screens/contacts/contacts-screen';
import { HealthScreen } from './screens/health-screen';
import { MultiSmsScreen } from './screens/multi-sms/multi-sms-screen';
import { NotFoundScreen } from './screens/not-found-screen';
import { RemindersScreen } from './screens/reminders/reminders-screen';
import { SettingsScreen } from './screens/settings/settings-screen';
import { SignInScreen, type SignInState } from './screens/sign-in-screen';
import { LoadError, Loading } from './ui/states';

/** Every screen but sign-in: signed-out visitors go to /sign-in, and come back here after. */
function SignedIn() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading what="your session" />;
  if (session.isError)
    return <LoadError what="your session" error={session.error} retry={() => void session.refetch()} />;
  if (!session.data) {
    const state: SignInState = { from: location.pathname + location.search };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return <AppLayout session={session.data} />;
}

/** Each section's screen (a section without one fails the type check). */
const SCREENS: Record<SectionPath, RouteObject['element']> = {
  '/conversations': <ConversationsScreen />,
  '/campaigns': <CampaignsScreen />,
  '/multi-sms': <MultiSmsScreen />,
  '/reminders': <RemindersScreen />,
  '/appointments': <AppointmentsScreen />,
  '/contacts': <ContactsScreen />,
  '/settings': <SettingsScreen />,
  '/health': <HealthScreen />,
  '/businesses': <BusinessesRoute />,
};

const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInScreen /> },
  {
    element: <SignedIn />,
    children: [
      { index: true, element: <Navigate to="/conversations" replace /> },
      ...SECTIONS.map((section) => ({
        path: section.path,
        element: SCREENS[section.path],
      })),
      { path: '/conversations/:participant', element: <ChatScreen /> },
      { path: '/campaigns/:id', element: <CampaignScreen /> },
      { path: '/contacts/:phone', element: <ContactScreen /> },
      { path: '/businesses/:id', element: <BusinessRoute /> },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
