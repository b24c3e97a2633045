import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { statusOf, describeError } from '../api/errors';
import { useSession, useSignIn } from '../api/session';
import { ScreenHeading } from '../ui/screen-heading';

/** Where a signed-out visitor was going, to return there after signing in. */
export type SignInState = { from?: string } | null;

/**
 * The API key is exchanged for an HttpOnly session cookie (POST /api/session). The key is kept in
 * this form's state only: never in localStorage, sessionStorage or the URL, and the field is
 * emptied whatever the answer.
 */
export function SignInScreen() {
  const session = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const [apiKey, setApiKey] = useState('');
  const from = (location.state as SignInState)?.from ?? '/conversations';

  if (session.data) return <Navigate to={from} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(apiKey.trim(), {
      onSuccess: () => void navigate(from, { replace: true }),
      onSettled: () => setApiKey(''),
    });
  };

  return (
    <main id="main" className="sign-in">
      <ScreenHeading title="Sign in to Switchboard" />
      <form onSubmit={submit} className="card">
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
          aria-describedby="api-key-help"
          aria-invalid={signIn.isError || undefined}
        />
        <p id="api-key-help" className="muted">
          Your business&rsquo;s key (<code>sbk_…</code>), or the platform key to manage every business. It is exchanged
          for a session of 12 hours; this browser does not keep it.
        </p>
        {signIn.isError ? (
          <p className="notice notice-error" role="alert">
            {statusOf(signIn.error) === 401
              ? 'That key was not accepted. Check it (keys are long: paste it whole) and try again.'
              : `Could not sign in: ${describeError(signIn.error)}`}
          </p>
        ) : null}
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ul className="sign-in-links">
        <li>
          <a href="/docs">API documentation</a>
        </li>
        <li>
          <a href="/admin/queues">Queues</a>
        </li>
        <li>
          <a href="/api/health">Health check (JSON)</a>
        </li>
      </ul>
    </main>
  );
}
