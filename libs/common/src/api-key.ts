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

/** What every web chat widget token starts with: not an API key (`sbk_`), and recognisable as ours. */
export const WIDGET_TOKEN_PREFIX = 'sbw_';

/** The shape of a widget token (`sbw_` + 32 random bytes in base64url): anything else is refused unread. */
export const WIDGET_TOKEN = /^sbw_[A-Za-z0-9_-]{43}$/;

/**
 * A fresh widget token and its SHA-256 (hashApiKey). The token sits in the business's web pages,
 * so it is public by design; what it opens is one business's chat and nothing else. It is still
 * stored as its hash, so a database read does not hand out anyone's chat.
 */
export function newWidgetToken(): { token: string; hash: string } {
  const token = `${WIDGET_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiKey(token) };
}
