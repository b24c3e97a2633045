import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { DEFAULT_BUSINESS_ID, SecretBox, type TwilioAccount } from '@app/common';
import type { Channel, LongReplies } from '../generated/prisma/client';
import { WebhookPrismaService } from '../prisma.service';
import { decodeRows } from '../rows';
import { BUSINESS_LOOKUP_TTL_MS, BusinessRef, DEFAULT_BUSINESS_REF } from './business-directory';
import { openTwilioToken } from './twilio-token';

/** What webhooks and sends need of a business: its numbers, its Twilio account, its messaging service. */
export interface BusinessRoute extends BusinessRef {
  /** What customers know it by (texts to them and to its owner name it). */
  name: string;
  /** Its own Twilio subaccount; null: the platform's account. */
  twilio: TwilioAccount | null;
  /** A subaccount is set but its token cannot be opened (SECRETS_KEY missing or changed): it cannot send. */
  twilioUnavailable: boolean;
  messagingServiceSid: string | null;
  /** Oldest first: the first of a channel is the business's sender when nothing else says which. */
  numbers: Array<{ channel: Channel; address: string }>;
  /** IANA zone of its schedules and quiet hours; null: DEFAULT_TIMEZONE. */
  timezone: string | null;
  /** Its default quiet hours ("HH:MM"); null: QUIET_HOURS. */
  quietHours: { start: string; end: string } | null;
  /** Customers may book, move and cancel appointments by text. */
  bookingEnabled: boolean;
  /** A reply over the channel's limit: cut on a word, or split into numbered parts. */
  longReplies: LongReplies;
  /** E.164, for owner alerts and summaries; null: none. */
  ownerPhone: string | null;
  /** Words that make a text an emergency; empty: the default list. */
  emergencyKeywords: string[];
  /** Null: the default safety line. */
  safetyLine: string | null;
  /** What a caller hears first; null: the default greeting. */
  voiceGreeting: string | null;
}

const routeRow = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(['active', 'suspended']),
  twilioAccountSid: z.string().nullable(),
  twilioAuthToken: z.string().nullable(),
  messagingServiceSid: z.string().nullable(),
  timezone: z.string().nullable(),
  quietStart: z.string().nullable(),
  quietEnd: z.string().nullable(),
  bookingEnabled: z.boolean(),
  longReplies: z.enum(['cut', 'split']),
  ownerPhone: z.string().nullable(),
  // A list written by raw SQL can be NULL where Prisma writes {}.
  emergencyKeywords: z.array(z.string()).nullable(),
  safetyLine: z.string().nullable(),
  voiceGreeting: z.string().nullable(),
  numbers: z.array(z.object({ channel: z.enum(['sms', 'whatsapp']), address: z.string() })),
});

interface Snapshot {
  loadedAt: number;
  byId: Map<string, BusinessRoute>;
  byAddress: Map<string, BusinessRoute>;
  byAccountSid: Map<string, BusinessRoute>;
}

const addressKey = (channel: Channel, address: string) => `${channel}:${address}`;

/**
 * Every business's numbers and Twilio account, held in process as one snapshot read in one
 * query and trusted for BUSINESS_LOOKUP_TTL_MS. A webhook finds its business (and the token
 * its signature is checked with) without a database round trip of its own — whatever number
 * an unsigned request names, known or not — and a worker finds the account to send through.
 * A change made on another instance is seen within the TTL; one made here, at once.
 */
@Injectable()
export class BusinessRoutes {
  private readonly logger = new Logger(BusinessRoutes.name);
  private snapshot: Snapshot | null = null;
  /** Sealed tokens already reported unreadable: once each, not at every reload. */
  private readonly reported = new Set<string>();
  private loading: Promise<Snapshot> | null = null;
  /** Moved on by invalidate(): a read that began before it must not be kept as current. */
  private generation = 0;

  constructor(
    private readonly prisma: WebhookPrismaService,
    private readonly secrets: SecretBox,
  ) {}

  /**
   * The business an inbound message is for: the owner of the number texted; else, when Twilio
   * says it came to a subaccount (AccountSid), that subaccount's business; else the default one.
   */
  async forInbound(channel: Channel, to: string, accountSid?: string): Promise<BusinessRoute> {
    const snapshot = await this.current();
    return (
      snapshot.byAddress.get(addressKey(channel, to)) ??
      (accountSid ? snapshot.byAccountSid.get(accountSid) : undefined) ??
      this.defaultRoute(snapshot)
    );
  }

  /** The business whose Twilio subaccount this is, or null (the platform's account or unknown). */
  async forAccountSid(accountSid: string): Promise<BusinessRoute | null> {
    return (await this.current()).byAccountSid.get(accountSid) ?? null;
  }

  /**
   * A business by id. A business made moments ago on another instance is not in an older
   * snapshot: a miss reads the snapshot anew once (ids come from our own rows, not from callers).
   */
  async byId(businessId: string): Promise<BusinessRoute | null> {
    const found = (await this.current()).byId.get(businessId);
    if (found) return found;
    this.invalidate();
    return (await this.current()).byId.get(businessId) ?? null;
  }

  /** Every business by id, as of one snapshot: for many lookups in a row without awaiting each. */
  async table(): Promise<ReadonlyMap<string, BusinessRoute>> {
    return (await this.current()).byId;
  }

  /** The next lookup reads the database: after a change made here, or a row found gone. */
  invalidate(): void {
    this.generation++;
    this.snapshot = null;
    this.loading = null;
  }

  private defaultRoute(snapshot: Snapshot): BusinessRoute {
    return (
      snapshot.byId.get(DEFAULT_BUSINESS_ID) ?? {
        ...DEFAULT_BUSINESS_REF,
        name: '',
        twilio: null,
        twilioUnavailable: false,
        messagingServiceSid: null,
        numbers: [],
        timezone: null,
        quietHours: null,
        bookingEnabled: false,
        longReplies: 'cut',
        ownerPhone: null,
        emergencyKeywords: [],
        safetyLine: null,
        voiceGreeting: null,
      }
    );
  }

  private current(now = Date.now()): Promise<Snapshot> {
    if (this.snapshot && now - this.snapshot.loadedAt < BUSINESS_LOOKUP_TTL_MS) return Promise.resolve(this.snapshot);
    // Concurrent lookups share one read; a failed read is not kept (the next lookup tries again).
    if (this.loading) return this.loading;
    const loading = this.load(now, this.generation).finally(() => {
      if (this.loading === loading) this.loading = null;
    });
    this.loading = loading;
    return loading;
  }

  private async load(now: number, generation: number): Promise<Snapshot> {
    const rows = decodeRows(
      routeRow,
      await this.prisma.$queryRaw`
        SELECT b.id::text, b.slug, b.name, b.status::text AS status, b."twilioAccountSid", b."twilioAuthToken",
               b."messagingServiceSid", b.timezone, b."quietStart", b."quietEnd", b."bookingEnabled", b."longReplies"::text AS "longReplies",
               b."ownerPhone", b."emergencyKeywords", b."safetyLine", b."voiceGreeting",
               COALESCE(json_agg(json_build_object('channel', n.channel, 'address', n.address)
                          ORDER BY n."createdAt", n.channel, n.address) FILTER (WHERE n.id IS NOT NULL), '[]') AS numbers
        FROM businesses b LEFT JOIN business_numbers n ON n."businessId" = b.id
        GROUP BY b.id`,
    );
    const snapshot: Snapshot = { loadedAt: now, byId: new Map(), byAddress: new Map(), byAccountSid: new Map() };
    for (const row of rows) {
      const route = this.toRoute(row);
      snapshot.byId.set(route.id, route);
      for (const n of route.numbers) snapshot.byAddress.set(addressKey(n.channel, n.address), route);
      if (row.twilioAccountSid) snapshot.byAccountSid.set(row.twilioAccountSid, route);
    }
    // Read before a change made here: answers the lookups that waited for it, but is not kept.
    if (generation === this.generation) this.snapshot = snapshot;
    return snapshot;
  }

  private toRoute(row: z.infer<typeof routeRow>): BusinessRoute {
    const base = {
      id: row.id,
      slug: row.slug,
      name: row.name,
      status: row.status,
      messagingServiceSid: row.messagingServiceSid,
      numbers: row.numbers,
      timezone: row.timezone,
      quietHours: row.quietStart && row.quietEnd ? { start: row.quietStart, end: row.quietEnd } : null,
      bookingEnabled: row.bookingEnabled,
      longReplies: row.longReplies,
      ownerPhone: row.ownerPhone,
      emergencyKeywords: row.emergencyKeywords ?? [],
      safetyLine: row.safetyLine,
      voiceGreeting: row.voiceGreeting,
    };
    if (!row.twilioAccountSid || !row.twilioAuthToken) return { ...base, twilio: null, twilioUnavailable: false };
    try {
      const authToken = openTwilioToken(this.secrets, row.id, row.twilioAuthToken);
      return { ...base, twilio: { accountSid: row.twilioAccountSid, authToken }, twilioUnavailable: false };
    } catch (error) {
      if (!this.reported.has(row.twilioAuthToken)) this.reportUnreadable(row.slug, error);
      this.reported.add(row.twilioAuthToken);
      return { ...base, twilio: null, twilioUnavailable: true };
    }
  }

  private reportUnreadable(slug: string, error: unknown): void {
    this.logger.error(
      `Business ${slug}: its Twilio auth token cannot be opened (${(error as Error).message}); ` +
        'its webhooks are refused and its sends fail until SECRETS_KEY opens it again',
    );
  }
}
