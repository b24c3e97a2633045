import { NavLink, Outlet, useNavigate } from 'react-router';
import { useLiveUpdates, type LiveState } from '../api/live-updates';
import type { components } from '../api/schema';

type SessionResponse = components['schemas']['SessionResponse'];
import { useSignOut } from '../api/session';
import { TimeZoneContext, useBusinessTimeZone } from '../ui/time-zone';
import { SECTIONS } from './sections';

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live updates on',
  reconnecting: 'Live updates interrupted: reconnecting…',
  off: 'Live updates off: reload the page to see new messages',
};

/** The signed-in frame: who is signed in, the sections, sign out, and the screen in <main>. */
export function AppLayout({ session }: { session: SessionResponse }) {
  const live = useLiveUpdates();
  const timeZone = useBusinessTimeZone();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const zone = timeZone.data ?? 'UTC';
  const who = session.business?.name ?? (session.platform ? 'Platform (default business)' : 'Signed in');

  return (
    <TimeZoneContext value={zone}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <p className="brand">Switchboard</p>
        <p className="who">
          {who}
          <span className="muted"> · times in {zone}</span>
        </p>
        <button
          type="button"
          className="sign-out"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) })}
        >
          Sign out
        </button>
      </header>
      <div className="app-body">
        <div className="app-side">
          <nav aria-label="Sections">
            <ul>
              {SECTIONS.filter((s) => !s.platformOnly || session.platform).map((section) => (
                <li key={section.path}>
                  <NavLink to={section.path}>{section.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <p className="live muted" role="status">
            {LIVE_TEXT[live]}
          </p>
          <ul className="side-links">
            <li>
              <a href="/docs">API documentation</a>
            </li>
            <li>
              <a href="/admin/queues">Queues</a>
            </li>
          </ul>
        </div>
        <main id="main" tabIndex={-1}>
          {timeZone.isPending ? null : <Outlet />}
        </main>
      </div>
    </TimeZoneContext>
  );
}
