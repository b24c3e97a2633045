import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 hex of a secret: what sameSecret compares. */
export function secretDigest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Compares a presented secret with the expected one in constant time. Both are
 * hashed first, so neither the content nor the length leaks through timing.
 */
export function sameSecret(presented: string | undefined, expected: string | undefined): boolean {
  if (typeof presented !== 'string' || !expected) return false;
  return timingSafeEqual(Buffer.from(secretDigest(presented)), Buffer.from(secretDigest(expected)));
}
