import { createHash, randomBytes } from 'node:crypto';

/** What every business API key starts with, so a leaked one is recognisable (and scannable) as ours. */
export const API_KEY_PREFIX = 'sbk_';

/** How many characters of a key are kept in the clear, to tell keys apart in lists: `sbk_` and 8 more. */
export const API_KEY_VISIBLE_CHARS = 12;

export interface NewApiKey {
  /** The key itself: shown once, never stored. */
  key: string;
  /** Its first API_KEY_VISIBLE_CHARS characters. */
  prefix: string;
  /** SHA-256 of the key, hex: all that is stored to recognise it. */
  hash: string;
}

/**
 * A fresh business API key: `sbk_` + 32 random bytes in base64url (256 bits, so a plain SHA-256
 * is enough to store it: there is nothing to guess that a slow hash would protect).
 */
export function newApiKey(): NewApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, API_KEY_VISIBLE_CHARS), hash: hashApiKey(key) };
}

/** The stored form of a key (SHA-256, hex), to look a presented key up by. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
