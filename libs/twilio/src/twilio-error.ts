/** What a failed Twilio call means for us. */
export type TwilioFailureKind = 'retryable' | 'outcome_unknown' | 'opted_out' | 'invalid_number' | 'permanent';

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
/** Failures before the request left this machine (connect, DNS): Twilio cannot have the message. */
const NOT_SENT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

export function classifyTwilioError(error: unknown): TwilioFailure {
  const e = error as { status?: number; code?: number | string; message?: string; cause?: { code?: unknown } };
  const status = typeof e?.status === 'number' ? e.status : null;
  const code = typeof e?.code === 'number' ? e.code : null;
  const message = (e?.message ?? String(error)).slice(0, 500);
  if (code === TWILIO_UNSUBSCRIBED) return { kind: 'opted_out', status, code, message };
  if (code !== null && TWILIO_INVALID_NUMBERS.has(code)) return { kind: 'invalid_number', status, code, message };
  if (status === null) {
    // No answer. Before the request went out, sending again is safe; after (a timeout, a socket
    // closed mid-call) Twilio may have accepted it, and only asking Twilio can tell.
    const errorCode = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : null;
    return {
      kind: errorCode !== null && NOT_SENT_CODES.has(errorCode) ? 'retryable' : 'outcome_unknown',
      status,
      code,
      message,
    };
  }
  if (status === 429 || status >= 500 || code === TWILIO_RATE_LIMITED) {
    return { kind: 'retryable', status, code, message };
  }
  return { kind: 'permanent', status, code, message };
}
