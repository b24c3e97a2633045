/** What a failed Twilio call means for us. */
export type TwilioFailureKind = 'retryable' | 'opted_out' | 'invalid_number' | 'permanent';

export interface TwilioFailure {
  kind: TwilioFailureKind;
  status: number | null;
  code: number | null;
  message: string;
}

/** Recipient unsubscribed (replied STOP to this sender). */
export const TWILIO_UNSUBSCRIBED = 21610;
/** 'To' number invalid / not a mobile number. */
export const TWILIO_INVALID_NUMBERS = new Set([21211, 21614]);
/** Twilio's own "too many requests" code besides HTTP 429. */
const TWILIO_RATE_LIMITED = 20429;

export function classifyTwilioError(error: unknown): TwilioFailure {
  const e = error as { status?: number; code?: number | string; message?: string };
  const status = typeof e?.status === 'number' ? e.status : null;
  const code = typeof e?.code === 'number' ? e.code : null;
  const message = (e?.message ?? String(error)).slice(0, 500);
  if (code === TWILIO_UNSUBSCRIBED) return { kind: 'opted_out', status, code, message };
  if (code !== null && TWILIO_INVALID_NUMBERS.has(code)) return { kind: 'invalid_number', status, code, message };
  // No HTTP status: the request never got an answer (timeout, connection reset, DNS).
  if (status === null || status === 429 || status >= 500 || code === TWILIO_RATE_LIMITED) {
    return { kind: 'retryable', status, code, message };
  }
  return { kind: 'permanent', status, code, message };
}
