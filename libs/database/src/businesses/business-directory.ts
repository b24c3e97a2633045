import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DEFAULT_BUSINESS_ID, DEFAULT_BUSINESS_SLUG } from '@app/common';
import type { BusinessStatus, Channel } from '../generated/prisma/client';
import { WebhookPrismaService } from '../prisma.service';
import { decodeRows } from '../rows';

/** What the hot paths need to know of a business: which one, and whether it is served. */
export interface BusinessRef {
  id: string;
  slug: string;
  status: BusinessStatus;
}

const businessRef = z.object({ id: z.string(), slug: z.string(), status: z.enum(['active', 'suspended']) });

/** How long a lookup is trusted: a number moved to another business is seen within this, on every instance. */
export const BUSINESS_LOOKUP_TTL_MS = 5_000;

export const DEFAULT_BUSINESS_REF: BusinessRef = {
  id: DEFAULT_BUSINESS_ID,
  slug: DEFAULT_BUSINESS_SLUG,
  status: 'active',
};

/**
 * Which business an address (a Twilio number or WhatsApp sender) belongs to, for the webhook
 * path: cached in process for BUSINESS_LOOKUP_TTL_MS, so a webhook costs no database round
 * trip of its own, and concurrent lookups of one address share one query. An address no
 * business owns belongs to the default business.
 */
@Injectable()
export class BusinessDirectory {
  private readonly byAddress = new Map<string, { ref: Promise<BusinessRef>; until: number }>();

  constructor(private readonly prisma: WebhookPrismaService) {}

  forAddress(channel: Channel, address: string, now = Date.now()): Promise<BusinessRef> {
    const key = `${channel}:${address}`;
    const cached = this.byAddress.get(key);
    if (cached && cached.until > now) return cached.ref;
    const ref = this.lookUp(channel, address);
    this.byAddress.set(key, { ref, until: now + BUSINESS_LOOKUP_TTL_MS });
    // A failed lookup is not remembered: the next webhook asks again.
    ref.catch(() => this.byAddress.delete(key));
    if (this.byAddress.size > 50_000) this.evictExpired(now);
    return ref;
  }

  /** Drops what is cached for an address: the next lookup asks the database. */
  forget(channel: Channel, address: string): void {
    this.byAddress.delete(`${channel}:${address}`);
  }

  private async lookUp(channel: Channel, address: string): Promise<BusinessRef> {
    const [found] = decodeRows(
      businessRef,
      await this.prisma.$queryRaw`
        SELECT b.id::text, b.slug, b.status::text AS status
        FROM business_numbers n JOIN businesses b ON b.id = n."businessId"
        WHERE n.channel = ${channel}::"Channel" AND n.address = ${address}`,
    );
    return found ?? DEFAULT_BUSINESS_REF;
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.byAddress) if (entry.until <= now) this.byAddress.delete(key);
  }
}
