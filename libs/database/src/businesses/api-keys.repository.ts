import { Injectable } from '@nestjs/common';
import type { ApiKey } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

/** A key as it may be shown: everything but its hash. */
export type ApiKeyInfo = Omit<ApiKey, 'keyHash' | 'businessId'>;

const INFO = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** `lastUsedAt` moves at most this often per key: a busy key would otherwise write a row per request. */
const TOUCH_EVERY_MS = 60_000;
/** Keys this process remembers touching; past it, it forgets them all (the UPDATE's own condition still throttles). */
const TOUCHED_MAX = 10_000;

/** Business API keys, stored as their SHA-256 only (see newApiKey in @app/common). */
@Injectable()
export class ApiKeysRepository {
  /** When this process last wrote each key's lastUsedAt. */
  private readonly touched = new Map<string, number>();

  constructor(private readonly prisma: PrismaService) {}

  create(businessId: string, name: string, prefix: string, keyHash: string): Promise<ApiKeyInfo> {
    return this.prisma.apiKey.create({ data: { businessId, name, prefix, keyHash }, select: INFO });
  }

  /** The business's keys, revoked ones included, newest first; never their hashes. */
  list(businessId: string): Promise<ApiKeyInfo[]> {
    return this.prisma.apiKey.findMany({
      where: { businessId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: INFO,
    });
  }

  /**
   * Revokes one of the business's keys (revokedAt: now; a revoked key keeps its first revokedAt).
   * False when the business has no such key: another business's key is as unknown as a made-up one.
   */
  async revoke(businessId: string, keyId: string): Promise<boolean> {
    const revoked = await this.prisma.apiKey.updateMany({
      where: { id: keyId, businessId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count > 0) return true;
    return (await this.prisma.apiKey.count({ where: { id: keyId, businessId } })) > 0;
  }

  /**
   * Records that the key was used, at most once a minute per key: this process skips the write
   * within a minute of its last one, and the UPDATE skips a row another process wrote within it.
   */
  async touchLastUsed(id: string, now = Date.now()): Promise<void> {
    const last = this.touched.get(id);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    if (this.touched.size >= TOUCHED_MAX) this.touched.clear();
    this.touched.set(id, now);
    await this.prisma.$executeRaw`
      UPDATE api_keys SET "lastUsedAt" = now()
      WHERE id = ${id}::uuid AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute')`;
  }
}
