import type { FastifyRequest } from 'fastify';

/** Methods that change nothing: a cross-site page may make a browser send them, and learns nothing from it. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** `scheme://host[:port]` in one spelling (lower case, default port dropped), or null for anything else. */
export function canonicalOrigin(value: string | undefined): string | null {
  if (!value || value === 'null' || value.length > 2_048) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * The origin the request was made to: its scheme and Host, as Fastify reads them (X-Forwarded-Proto
 * and -Host only from a proxy TRUST_PROXY names), and PUBLIC_BASE_URL's, the deployment's public
 * address, for a proxy that passes neither on.
 */
export function ownOrigins(request: FastifyRequest, publicBaseUrl: string | undefined): string[] {
  const origins = [canonicalOrigin(`${request.protocol}://${request.host}`), canonicalOrigin(publicBaseUrl)];
  return origins.filter((origin): origin is string => origin !== null);
}

/**
 * Whether a browser says the request comes from a page of this very site. Browsers send `Origin`
 * on every POST, PUT, PATCH and DELETE, same-origin ones included, and a page cannot forge it; a
 * missing or `null` one is refused too (a sandboxed frame, a privacy extension: better a refusal
 * than a change nobody chose). SameSite=Strict already keeps the cookie off cross-site requests;
 * this is the second lock, for browsers or subdomains that do not honour the first.
 */
export function isSameOrigin(originHeader: string | string[] | undefined, own: string[]): boolean {
  if (typeof originHeader !== 'string') return false;
  const origin = canonicalOrigin(originHeader);
  return origin !== null && own.includes(origin);
}
