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

/**
 * The first page of a Twilio list (`?PageSize=`, at most 1,000; the sandbox keeps no more
 * than one page's worth to page through): the items under `key`, and the paging fields.
 */
export function firstPage<T>(key: string, listUri: string, query: URLSearchParams, matching: T[]): SandboxResponse {
  const pageSize = Math.min(Number(query.get('PageSize') ?? 50) || 50, 1000);
  const page = matching.slice(0, pageSize);
  const uri = `${listUri}?PageSize=${pageSize}&Page=0`;
  return {
    status: 200,
    body: {
      [key]: page,
      start: 0,
      end: Math.max(0, page.length - 1),
      page: 0,
      page_size: pageSize,
      uri,
      first_page_uri: uri,
      previous_page_uri: null,
      next_page_uri: null,
    },
  };
}
