import type { ReactNode } from 'react';
import { describeError } from '../api/errors';

/** Shown while a screen's data is on its way; announced politely to screen readers. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** A failed load: what went wrong in the API's words, and a way to try again. */
export function LoadError({ what, error, retry }: { what: string; error: unknown; retry: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        Could not load {what}: {describeError(error)}
      </p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}

/** Nothing to show yet, and what to do about it. */
export function Empty({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}
