/** At most this many sites may embed one business's widget. */
export const MAX_WIDGET_ORIGINS = 20;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An origin as a browser sends it in `Origin` (`https://shop.example`, `http://localhost:8080`),
 * or null when `value` is not exactly one: https only (http for a local host, to try the widget on
 * a laptop), no user, path, query or fragment. Compared as written by browsers: lower-case scheme
 * and host, no default port (URL.origin does that).
 */
export function widgetOrigin(value: string): string | null {
  if (value.length > 200 || /\s/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
  // URL reads `https://shop.example?` and `https://shop.example/` alike: only a lone trailing `/` is taken.
  if (!/^[a-z]+:\/\/[^/?#]+\/?$/i.test(value)) return null;
  return url.origin;
}

/** Each origin as stored, once; every one that is not an origin is a problem naming its index. */
export function widgetOrigins(given: string[], problems: string[]): string[] {
  const kept: string[] = [];
  given.forEach((value, i) => {
    const origin = widgetOrigin(value);
    if (!origin)
      problems.push(
        `widgetAllowedOrigins.${i} must be an origin like https://shop.example (https, or http for localhost; no path)`,
      );
    else if (!kept.includes(origin)) kept.push(origin);
  });
  return kept;
}
