import { isLoopbackHost } from '@app/config';

/** Longer than any real origin plus prefix; a bound on what we store and log. */
export const MAX_BASE_URL_LENGTH = 500;

/**
 * Why `raw` cannot be an AskYourDatabase base URL, or null when it can. https only: the
 * request carries the business's key. Plain http only to this machine (a local
 * backend, the tests' fake) or in sandbox mode, where nothing is live. No credentials,
 * query or fragment: the paths /api/ask and /api/chatbot/newChat are appended to it.
 */
export function baseUrlProblem(raw: string, allowAnyHttp: boolean): string | null {
  if (raw.length > MAX_BASE_URL_LENGTH) return `must be at most ${MAX_BASE_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute https:// URL, e.g. https://www.askyourdatabase.com';
  }
  if (url.protocol === 'http:') {
    if (!allowAnyHttp && !isLoopbackHost(url.hostname))
      return 'must use https:// (http:// only for localhost, or in sandbox mode): the requests carry the API key';
  } else if (url.protocol !== 'https:') {
    return `must be an https:// URL, not ${url.protocol}`;
  }
  if (url.username || url.password) return 'must not contain credentials (the key goes in apiKey)';
  if (url.search || url.hash) return 'must not have a query or fragment (paths are appended to it)';
  return null;
}

/** The base URL as requests use it: without the trailing slash, so `${base}/api/ask` has one. */
export function normalizeBaseUrl(raw: string): string {
  return raw.replace(/\/+$/, '');
}
