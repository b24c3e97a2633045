import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import { RedisConnection } from '@app/queue';

/** The dashboard's cookie: a session id, for the whole site (the dashboard is served at /). */
export const SESSION_COOKIE = 'sb_session';

/** Who signed in: the platform (ADMIN_API_KEY), or one business with one of its keys. */
export type SessionHolder = { kind: 'platform' } | { kind: 'business'; businessId: string; keyHash: string };

export type DashboardSession = SessionHolder & { expiresAt: Date };

const stored = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('platform'), binding: z.string(), expiresAt: z.number() }),
  z.object({ kind: z.literal('business'), businessId: z.string(), keyHash: z.string(), expiresAt: z.number() }),
]);

/**
 * The dashboard's browser sessions (POST /api/session), kept in Redis like the board's
 * (SessionStore) so every API instance knows them and a restart keeps them, and apart from them:
 * another key prefix and another cookie, so neither opens the other.
 *
 * - The id is 32 random bytes, never derived from the key, and Redis names the entry by the id's
 *   SHA-256: a Redis dump holds no usable cookie.
 * - A platform session holds HMAC(ADMIN_API_KEY, id), as the board's do: once the key changes,
 *   every session made with the old one is refused (and dropped) at its next use.
 * - A business session holds the business and its key's SHA-256 (what `api_keys` stores anyway),
 *   never the key: each use looks the key up again (BusinessDirectory, cached 5 s), so a revoked
 *   key's sessions end with it, and a suspended business's are refused like its keys.
 * - The expiry is fixed at sign-in (ADMIN_SESSION_TTL_SECONDS), not extended by use.
 */
@Injectable()
export class DashboardSessions {
  readonly ttlSeconds: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
  ) {
    this.ttlSeconds = config.auth.sessionTtlSeconds;
    this.prefix = `${config.queue.prefix}:dashboard-session:`;
  }

  /** A new session for someone who just proved what `holder` says; its id, for the cookie. */
  async create(holder: SessionHolder): Promise<{ id: string; expiresAt: Date }> {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = Date.now() + this.ttlSeconds * 1000;
    const value =
      holder.kind === 'platform'
        ? { kind: 'platform', binding: this.binding(id), expiresAt }
        : { kind: 'business', businessId: holder.businessId, keyHash: holder.keyHash, expiresAt };
    await this.redis.client.set(this.entry(id), JSON.stringify(value), 'EX', this.ttlSeconds);
    return { id, expiresAt: new Date(expiresAt) };
  }

  /** The live session `id` names, or null (unknown, expired, or made with a platform key that is no longer it). */
  async find(id: string | undefined): Promise<DashboardSession | null> {
    if (!id || id.length > 100) return null;
    const raw = await this.redis.client.get(this.entry(id));
    const parsed = raw === null ? null : stored.safeParse(safeJson(raw));
    if (!parsed?.success || parsed.data.expiresAt <= Date.now()) return null;
    const session = parsed.data;
    if (session.kind === 'business') {
      const { businessId, keyHash } = session;
      return { kind: 'business', businessId, keyHash, expiresAt: new Date(session.expiresAt) };
    }
    const expected = Buffer.from(this.binding(id));
    const got = Buffer.from(session.binding);
    if (got.length === expected.length && timingSafeEqual(got, expected))
      return { kind: 'platform', expiresAt: new Date(session.expiresAt) };
    await this.revoke(id);
    return null;
  }

  async revoke(id: string | undefined): Promise<void> {
    if (!id || id.length > 100) return;
    await this.redis.client.del(this.entry(id));
  }

  private entry(id: string): string {
    return this.prefix + createHash('sha256').update(id).digest('hex');
  }

  /** Binds a platform session to the admin key it was made with (an empty key binds to nothing usable). */
  private binding(id: string): string {
    return createHmac('sha256', this.config.adminApiKey ?? '')
      .update(id)
      .digest('hex');
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
