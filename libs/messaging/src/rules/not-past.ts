import { badRequest } from './bad-request';

/** A client's "now" a little behind ours (clock skew, a slow request) is still now. */
export const PAST_GRACE_MS = 60_000;

/**
 * Refuses a time to act that has already passed, unless the client said `allowPast: true`. A date
 * copied from an example or computed in the wrong zone would otherwise act at once (a real SMS
 * sent "tomorrow" now) or anchor a schedule that never fires; nothing says so.
 */
export function refusePast(
  field: string,
  at: Date | null | undefined,
  now: Date,
  allowPast: boolean | undefined,
  instead: string,
): void {
  if (!at || allowPast || at.getTime() >= now.getTime() - PAST_GRACE_MS) return;
  throw badRequest(`${field} ${at.toISOString()} is in the past; ${instead}, or set allowPast: true`);
}
