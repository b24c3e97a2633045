/**
 * Why an AI backend gave no answer, as a closed vocabulary: it is a metric label
 * (switchboard_ai_failures_total) and the start of the note stored on the message.
 */
export type AiFailureReason =
  /** AI_TIMEOUT_MS (or the SDK's OPENAI_TIMEOUT_MS) passed before the answer ended. */
  | 'timeout'
  /** The backend refused the key or the chat (HTTP 401), also after a new chat. */
  | 'unauthorized'
  /** Any other HTTP error status. */
  | 'http_error'
  /** Nothing answered: refused connection, DNS, TLS. */
  | 'unreachable'
  /** An answer that is not what the API documents (not an event stream, a new chat without a chat id). */
  | 'bad_response'
  /** The stream went past the size we read (a broken or hostile backend). */
  | 'too_large'
  /** The stream ended without any text. */
  | 'empty'
  /** Anything else (the openai SDK's errors). */
  | 'failed';

/** A backend's failure, with its reason. Its message never holds the key or the customer's words. */
export class AiBackendError extends Error {
  constructor(
    readonly reason: AiFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'AiBackendError';
  }
}

/** The reason of any error a backend call threw. */
export function failureReason(error: unknown): AiFailureReason {
  if (error instanceof AiBackendError) return error.reason;
  const name = (error as { name?: string } | null)?.name;
  // The openai SDK's own timeout, and an AbortSignal.timeout() that fired.
  if (name === 'APIConnectionTimeoutError' || name === 'TimeoutError') return 'timeout';
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 401) return 'unauthorized';
  if (typeof status === 'number') return 'http_error';
  if (name === 'APIConnectionError') return 'unreachable';
  return 'failed';
}
