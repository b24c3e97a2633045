/** What the sandbox answers: an HTTP status and Twilio's JSON (none for a 204). */
export interface SandboxResponse {
  status: number;
  body?: unknown;
}

/** Twilio's error body: `{code, message, more_info, status}`. */
export function twilioError(status: number, code: number, message: string): SandboxResponse {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/** Twilio's dates: RFC 2822 in UTC. */
export const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');
