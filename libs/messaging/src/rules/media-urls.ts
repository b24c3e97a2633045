/** Twilio's limit of media on one message (21623). */
export const MAX_MEDIA_URLS = 10;

/**
 * What is wrong with a send's media URLs for where it goes, naming the first bad one by index, or
 * null. Twilio fetches them from the internet, so https; plain http only in sandbox mode, where
 * nothing is fetched and a local test server will do. (Their shape is the DTO's to check.)
 */
export function mediaUrlsProblem(urls: string[] | undefined, allowHttp: boolean): string | null {
  if (allowHttp || !urls) return null;
  const bad = urls.findIndex((url) => !/^https:\/\//i.test(url));
  return bad === -1 ? null : `mediaUrls.${bad} must be https (http is accepted in sandbox mode only)`;
}
