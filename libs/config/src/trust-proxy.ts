import { isIP } from 'node:net';

/**
 * Which proxies may tell us the client's address (X-Forwarded-For) and scheme (X-Forwarded-Proto):
 * none (`false`), the nearest N hops, or the listed addresses — the forms Fastify's `trustProxy`
 * takes. `true` (trust any X-Forwarded-For) is refused: it let a client pick its own address and
 * dodge the per-address rate limit and lockout, or spend someone else's.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for the reserved ranges (127.0.0.0/8 and ::1, 169.254.0.0/16 and fe80::/10, 10/8 etc. and fc00::/7). */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const HELP =
  'must be a number of proxy hops (1, 2, …) or a comma-separated list of proxy addresses and CIDR ranges (10.0.0.0/8, 192.168.1.7, loopback)';

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY as written in the environment; throws with the reason (for a one-line start-up error). */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') {
    throw new Error(
      'must not be true (any client could then choose its own address): give the number of proxies in front of the API, or their addresses',
    );
  }
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every(isAddressOrRange)) return entries;
  throw new Error(`${HELP}, not ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)}`);
}
