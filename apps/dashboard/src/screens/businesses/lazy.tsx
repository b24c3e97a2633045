import { lazy, Suspense, type ReactNode } from 'react';
import { useSession } from '../../api/session';
import { ScreenHeading } from '../../ui/screen-heading';
import { Loading } from '../../ui/states';

// Loaded on first visit: the chart library stays out of the first page load's JavaScript.
const BusinessesScreen = lazy(() => import('./businesses-screen'));
const BusinessScreen = lazy(() => import('./business-screen'));

/**
 * Only the platform key manages businesses (the API answers 403 to a business key); a business's
 * operator who follows a link here is told so, and the screen's code is never fetched for them.
 */
function PlatformOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  if (!session.data?.platform) {
    return (
      <>
        <ScreenHeading title="Businesses" />
        <p className="notice notice-error" role="alert">
          Not allowed: only the platform key (ADMIN_API_KEY) manages businesses. You are signed in with a
          business&rsquo;s own key.
        </p>
      </>
    );
  }
  return <Suspense fallback={<Loading what="the businesses screen" />}>{children}</Suspense>;
}

/** /businesses: every business, and a new one. */
export function BusinessesRoute() {
  return (
    <PlatformOnly>
      <BusinessesScreen />
    </PlatformOnly>
  );
}

/** /businesses/:id: one business, its API keys and usage. */
export function BusinessRoute() {
  return (
    <PlatformOnly>
      <BusinessScreen />
    </PlatformOnly>
  );
}
