import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DEFAULT_BUSINESS_ID, DEFAULT_BUSINESS_SLUG } from '@app/common';
import type { BusinessStatus } from '../generated/prisma/client';
import { WebhookPrismaService } from '../prisma.service';
import { decodeRows } from '../rows';

/** What the hot paths need to know of a business: which one, and whether it is served. */
export interface BusinessRef {
  id: string;
  slug: string;
  status: BusinessStatus;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const businessRef = z.object({ id: z.string(), slug: z.string(), status: z.enum(['active', 'suspended']) });

/** How long a lookup is trusted: a number moved to another business is seen within this, on every instance. */
export const BUSINESS_LOOKUP_TTL_MS = 5_000;

export const DEFAULT_BUSINESS_REF: BusinessRef = {
  id: DEFAULT_BUSINESS_ID,
  slug: DEFAULT_BUSINESS_SLUG,
  status: 'active',
};

/** A business as its web chat widget token finds it: which one, whether served, and the sites allowed to embed it. */
export interface WidgetBusiness extends BusinessRef {
  name: string;
  allowedOrigins: string[];
}

const widgetBusiness = businessRef.extend({ name: z.string(), allowedOrigins: z.array(z.string()) });

/**
 * The lookups every admin request makes, cached in process for BUSINESS_LOOKUP_TTL_MS so a call
 * costs no database round trip of its own, and concurrent lookups of one thing share one query:
 * a business by id or slug, and an API key's business. (Numbers and Twilio accounts: BusinessRoutes.)
 */
@Injectable()
export class BusinessDirectory {
  private readonly cache = new Map<string, { ref: Promise<unknown>; until: number }>();

  constructor(private readonly prisma: WebhookPrismaService) {}

  /** A business by its id or its slug (X-Business-Id), or null. */
  byIdOrSlug(value: string, now = Date.now()): Promise<BusinessRef | null> {
    return this.cached(`business:${value}`, now, () => this.lookUpBusiness(value));
  }

  /**
   * The business of an API key that is not revoked, by the key's SHA-256, or null. A key
   * revoked on any instance is refused everywhere within BUSINESS_LOOKUP_TTL_MS.
   */
  forApiKey(keyHash: string, now = Date.now()): Promise<(BusinessRef & { keyId: string }) | null> {
    return this.cached(`key:${keyHash}`, now, () => this.lookUpKey(keyHash));
  }

  /**
   * The business of a web chat widget token, by the token's SHA-256, or null. A rotated token is
   * refused at once on the instance that rotated it (clear()) and within BUSINESS_LOOKUP_TTL_MS elsewhere.
   */
  forWidgetToken(tokenHash: string, now = Date.now()): Promise<WidgetBusiness | null> {
    return this.cached(`widget:${tokenHash}`, now, () => this.lookUpWidgetToken(tokenHash));
  }

  /**
   * Whether any active business lets `origin` embed its widget: all a CORS preflight can be
   * judged by, since a browser sends it without the X-Widget-Token header. The request that
   * follows carries the token and is judged by its own business's origins.
   */
  isWidgetOrigin(origin: string, now = Date.now()): Promise<boolean> {
    return this.cached(`origin:${origin}`, now, async () => {
      const rows = await this.prisma.$queryRaw<unknown[]>`
        SELECT 1 FROM businesses WHERE ${origin} = ANY("widgetAllowedOrigins") AND status = 'active' LIMIT 1`;
      return rows.length > 0;
    });
  }

  /** Forgets every lookup (after a change made on this instance): the next ones ask the database. */
  clear(): void {
    this.cache.clear();
  }

  private cached<T>(key: string, now: number, lookUp: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.ref as Promise<T>;
    const ref = lookUp();
    this.cache.set(key, { ref, until: now + BUSINESS_LOOKUP_TTL_MS });
    // A failed lookup is not remembered: the next request asks again.
    ref.catch(() => this.cache.delete(key));
    if (this.cache.size > 50_000) this.evictExpired(now);
    return ref;
  }

  private async lookUpBusiness(value: string): Promise<BusinessRef | null> {
    const [found] = decodeRows(
      businessRef,
      UUID.test(value)
        ? await this.prisma
            .$queryRaw`SELECT id::text, slug, status::text AS status FROM businesses WHERE id = ${value}::uuid`
        : await this.prisma
            .$queryRaw`SELECT id::text, slug, status::text AS status FROM businesses WHERE slug = ${value}`,
    );
    return found ?? null;
  }

  private async lookUpWidgetToken(tokenHash: string): Promise<WidgetBusiness | null> {
    const [found] = decodeRows(
      widgetBusiness,
      await this.prisma.$queryRaw`
        SELECT id::text, slug, name, status::text AS status, "widgetAllowedOrigins" AS "allowedOrigins"
        FROM businesses WHERE "widgetTokenHash" = ${tokenHash}`,
    );
    return found ?? null;
  }

  private async lookUpKey(keyHash: string): Promise<(BusinessRef & { keyId: string }) | null> {
    const [found] = decodeRows(
      businessRef.extend({ keyId: z.string() }),
      await this.prisma.$queryRaw`
        SELECT b.id::text, b.slug, b.status::text AS status, k.id::text AS "keyId"
        FROM api_keys k JOIN businesses b ON b.id = k."businessId"
        WHERE k."keyHash" = ${keyHash} AND k."revokedAt" IS NULL`,
    );
    return found ?? null;
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.cache) if (entry.until <= now) this.cache.delete(key);
  }
}
