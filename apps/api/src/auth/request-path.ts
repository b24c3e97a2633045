import { isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { isWebhookPath } from '../webhooks/webhook-paths';

export const BOARD_PATH = '/admin/queues';
/** The health check at the address the receptionist's probes use (same answer as /api/health). */
export const HEALTHZ_PATH = '/healthz';

/**
 * What a request reaches, for the rules that depend on it: the admin API, the board and the
 * metrics are behind the admin key (rate limit, lockout); health probes and Twilio's webhooks (webhook-paths.ts) are not,
 * and neither is the web chat widget (`/api/widget`, `/widget`): its token is public by design, and
 * its limits are per business and visitor (WidgetRateLimiter), not the admin's per address.
 */
export type Surface = 'admin' | 'board' | 'metrics' | 'health' | 'webhook' | 'widget' | 'other';

/** The surfaces behind the admin key (or the metrics token): rate-limited, and where failed keys count. */
export const KEYED_SURFACES: ReadonlySet<Surface> = new Set<Surface>(['admin', 'board', 'metrics']);

function decodeOnce(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    // A broken escape elsewhere in the path: decode the ASCII escapes that are whole.
    return path.replace(/%[0-7][0-9a-f]/gi, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
  }
}

/**
 * A path in one canonical spelling, so a rule about `/api/…` holds however the path is written:
 * query dropped, percent-escapes decoded (repeatedly: `/%2561pi` is `/api` to anything that decodes
 * twice), lower-cased, `\` read as `/`, empty and `.` segments dropped, `..` applied, no trailing `/`.
 * The router is stricter (it decodes once and is case-sensitive), so every path it serves as an
 * admin route is an admin path here too; paths it does not route may be classed more widely,
 * which only ever limits a 404.
 */
export function normalizePath(url: string): string {
  let path = url;
  const end = path.search(/[?#]/);
  if (end >= 0) path = path.slice(0, end);
  if (!path.startsWith('/')) {
    // An absolute-form request target (`GET http://host/api/messages HTTP/1.1`).
    try {
      path = new URL(path).pathname;
    } catch {
      // Not a URL: classified as written.
    }
  }
  for (let i = 0; i < 5; i++) {
    const decoded = decodeOnce(path);
    if (decoded === path) break;
    path = decoded;
  }
  const segments: string[] = [];
  for (const segment of path.toLowerCase().split(/[/\\]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function surfaceOfPath(url: string): Surface {
  const path = normalizePath(url);
  if (path === '/api/health' || path === HEALTHZ_PATH) return 'health';
  if (under(path, '/api/widget') || under(path, '/widget')) return 'widget';
  if (under(path, '/api')) return 'admin';
  if (isWebhookPath(path)) return 'webhook';
  if (under(path, BOARD_PATH)) return 'board';
  if (under(path, '/metrics')) return 'metrics';
  return 'other';
}

/**
 * The surface of a request: by the route the router chose (its template: `/%61pi/messages` is
 * routed to `/api/messages`), or, when none matched (a 404), by its path in canonical spelling.
 */
export function surfaceOf(request: FastifyRequest): Surface {
  const route = request.routeOptions.url;
  if (route === undefined) return surfaceOfPath(request.url);
  // Asked up to three times per request (rate limit, lockout, access log), on the webhook's hot path too.
  let surface = routeSurfaces.get(route);
  if (surface === undefined) routeSurfaces.set(route, (surface = surfaceOfPath(route)));
  return surface;
}

/** Route templates are a fixed, small set. */
const routeSurfaces = new Map<string, Surface>();

/**
 * The key a client is counted under, for the rate limit and the lockout: its address as TRUST_PROXY
 * lets us see it (request.ip), an IPv4-mapped IPv6 address as IPv4, and an IPv6 address by its /64 —
 * the block one subscriber usually gets, so rotating addresses inside it gains nothing.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail] = ip.split('%')[0].split('::');
  const groups = (part: string | undefined) =>
    part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : [];
  const left = groups(head);
  const right = groups(tail);
  const all =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${all
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
