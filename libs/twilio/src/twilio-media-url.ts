/** Where Twilio's inbound webhooks point MediaUrlN: its REST API, under the receiving account. */
export const TWILIO_API_ORIGIN = 'https://api.twilio.com';

/** Longest media URL accepted anywhere (Twilio's 21620 limit on MediaUrl; far above the ~150 its own are). */
export const MAX_MEDIA_URL_CHARS = 2_084;

/** A media resource of one message: /2010-04-01/Accounts/AC…/Messages/MM…/Media/ME… (SIDs: 2 letters, 32 hex digits). */
const MEDIA_PATH =
  /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\/[A-Z]{2}[0-9a-fA-F]{32}\/Media\/ME[0-9a-fA-F]{32}$/;

const parse = (text: string): URL | null =>
  text.length <= MAX_MEDIA_URL_CHARS && URL.canParse(text) ? new URL(text) : null;

/**
 * The URL to fetch for a media URL stored from a webhook, or null when it is not one of
 * `accountSid`'s media resources at Twilio's API. The stored URL is whatever a webhook said:
 * fetching it as it stands, with the account's credentials, would let a forged or mistaken
 * webhook point the server anywhere (SSRF) and hand the credentials to whoever is there. So
 * only two spellings pass, both with nothing but a media path of that very account:
 *
 * - `https://api.twilio.com/2010-04-01/Accounts/<accountSid>/…/Media/ME…` (what Twilio sends),
 *   moved to `apiBaseUrl` when one is configured, as every REST call is (TWILIO_API_BASE_URL:
 *   the sandbox, a mock, the tests' fake Twilio);
 * - the same path under `apiBaseUrl` itself.
 *
 * No credentials, query or fragment in the URL; any other origin, port or path is refused.
 */
export function twilioMediaTarget(stored: string, accountSid: string, apiBaseUrl?: string | null): URL | null {
  const url = parse(stored);
  if (!url || url.username || url.password || url.search || url.hash) return null;
  const base = apiBaseUrl ? parse(apiBaseUrl.replace(/\/+$/, '')) : null;
  const basePath = base ? base.pathname.replace(/\/+$/, '') : '';
  let path: string;
  if (url.origin === TWILIO_API_ORIGIN) path = url.pathname;
  else if (base && url.origin === base.origin && url.pathname.startsWith(`${basePath}/`))
    path = url.pathname.slice(basePath.length);
  else return null;
  const match = MEDIA_PATH.exec(path);
  if (!match || match[1] !== accountSid) return null;
  return base ? new URL(`${base.origin}${basePath}${path}`) : new URL(`${TWILIO_API_ORIGIN}${path}`);
}

/**
 * A hop Twilio redirected a media download to (its media CDN): https anywhere, without
 * credentials in the URL; plain http only back to the configured API base (the sandbox and
 * the tests' fake, which serve their "CDN" themselves). The hop is told by Twilio's
 * authenticated answer, not by the webhook, and is fetched without the account's credentials.
 */
export function allowedMediaRedirect(location: URL, apiBaseUrl?: string | null): boolean {
  if (location.username || location.password) return false;
  if (location.protocol === 'https:') return true;
  const base = apiBaseUrl ? parse(apiBaseUrl) : null;
  return base !== null && location.origin === base.origin;
}
