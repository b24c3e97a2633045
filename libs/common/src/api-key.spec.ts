import { createHash } from 'node:crypto';
import { API_KEY_PREFIX, hashApiKey, newApiKey } from './api-key';

describe('business API keys', () => {
  it('are sbk_ and 32 random bytes in base64url, with a 12-character prefix and a SHA-256 hex hash', () => {
    const { key, prefix, hash } = newApiKey();
    expect(key).toMatch(/^sbk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(prefix).toBe(key.slice(0, 12));
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toBe(hash);
  });

  it('differ every time', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newApiKey().key));
    expect(keys.size).toBe(100);
  });
});
