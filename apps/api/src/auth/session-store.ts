import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@app/config';
import { RedisConnection } from '@app/queue';

/**
 * Browser sessions for the admin pages (Bull Board now, the dashboard later), kept in Redis so
 * every API instance knows them and a restart keeps them.
 *
 * - The id is 32 random bytes (base64url), never derived from the key: a cookie copied from a log
 *   or a browser is worth one session, which expires (ADMIN_SESSION_TTL_SECONDS) and is revoked on
 *   logout — unlike the key's hash the board used to set, which opened the board forever.
 * - Redis holds neither the id nor anything derived from the key alone: the entry is named by the
 *   id's SHA-256, and holds HMAC(key, id), which binds the session to the key it was made with. When
 *   ADMIN_API_KEY changes, every session made with the old key is refused (and dropped) at its next use.
 */
@Injectable()
export class SessionStore {
  readonly ttlSeconds: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnection,
    config: AppConfig,
  ) {
    this.ttlSeconds = config.auth.sessionTtlSeconds;
    this.prefix = `${config.queue.prefix}:session:`;
  }

  /** A new session for someone who just proved they hold `key`; its id, for the cookie. */
  async create(key: string): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.redis.client.set(this.entry(id), binding(key, id), 'EX', this.ttlSeconds);
    return id;
  }

  /** Whether `id` names a live session made with `key` (the current ADMIN_API_KEY). */
  async isValid(id: string | undefined, key: string | undefined): Promise<boolean> {
    if (!id || !key || id.length > 100) return false;
    const stored = await this.redis.client.get(this.entry(id));
    if (stored === null) return false;
    const expected = Buffer.from(binding(key, id));
    const got = Buffer.from(stored);
    if (got.length === expected.length && timingSafeEqual(got, expected)) return true;
    // Made with another key: that key is no longer the admin's.
    await this.revoke(id);
    return false;
  }

  async revoke(id: string | undefined): Promise<void> {
    if (!id || id.length > 100) return;
    await this.redis.client.del(this.entry(id));
  }

  private entry(id: string): string {
    return this.prefix + createHash('sha256').update(id).digest('hex');
  }
}

function binding(key: string, id: string): string {
  return createHmac('sha256', key).update(id).digest('hex');
}
