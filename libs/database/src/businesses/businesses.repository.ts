import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { SecretBox } from '@app/common';
import { openTwilioToken, sealTwilioToken } from './twilio-token';
import { openGoogleServiceAccount, sealGoogleServiceAccount } from './google-service-account';
import type { Business, BusinessNumber, BusinessStatus, Channel, LongReplies } from '../generated/prisma/client';
import { isUniqueViolation } from '../database-errors';
import { PrismaService } from '../prisma.service';
import { decodeRows } from '../rows';

/** A business with its numbers (oldest first), as every read returns it. */
export type BusinessWithNumbers = Business & { numbers: BusinessNumber[] };

/** A number of a business: its channel and its E.164 address (without `whatsapp:`). */
export interface NumberAddress {
  channel: Channel;
  address: string;
}

/** The columns a business is created with or changed by; `twilioAuthToken` in the clear (it is sealed here). */
export interface BusinessData {
  name: string;
  slug: string;
  timezone: string | null;
  ownerPhone: string | null;
  /** "HH:MM" local: when the owner's daily summary SMS goes; null: none. */
  ownerSummaryTime: string | null;
  /** Hours before a booked appointment its reminder goes. */
  reminderHours?: number;
  /** Customers may book by text. */
  bookingEnabled?: boolean;
  /** A reply over the channel's limit: cut (the default) or split into numbered parts. */
  longReplies?: LongReplies;
  /** Words that flag a text as an emergency; empty: the default list. */
  emergencyKeywords?: string[];
  /** The customer's first line in an emergency; null: the default. */
  safetyLine?: string | null;
  /** What a caller hears first; null: the default greeting. */
  voiceGreeting?: string | null;
  /** Exact origins allowed to embed the web chat widget. */
  widgetAllowedOrigins?: string[];
  quietStart: string | null;
  quietEnd: string | null;
  twilioAccountSid: string | null;
  twilioAuthToken: string | null;
  messagingServiceSid: string | null;
  /** Its Google Calendar; null: GOOGLE_CALENDAR_ID. */
  calendarId?: string | null;
  /** Its service-account key file's JSON, in the clear (sealed here); null: GOOGLE_SERVICE_ACCOUNT_JSON. */
  googleServiceAccount?: string | null;
  googleServiceAccountEmail?: string | null;
}

/**
 * A unique value is another business's already: its slug, its Twilio subaccount, or one of its
 * numbers (`number`). Raised from PostgreSQL's unique violation, never from a look-up first.
 */
export class BusinessConflictError extends Error {
  constructor(
    readonly field: 'slug' | 'twilioAccountSid' | 'number',
    readonly number?: NumberAddress,
  ) {
    super(`a business already has this ${field}`);
    this.name = 'BusinessConflictError';
  }
}

/** What adding a number did: added it, found it already the business's, or found it another business's. */
export type AddNumberOutcome = 'added' | 'already' | 'taken';

/** One day of a business's messages, in its time zone. */
export interface UsageDay {
  /** YYYY-MM-DD, local. */
  date: string;
  inbound: number;
  /** Outbound messages, except those never sent (suppressed for an opt-out, canceled). */
  outbound: number;
  /** Of those, the AI's replies (source `ai`). */
  aiReplies: number;
  /** Outbound messages Twilio failed or could not deliver. */
  failedSends: number;
  /**
   * The texts of the day's outbound SMS, to count their segments with: each distinct body once,
   * with how many messages had it, except that a plain GSM-7 text (PLAIN_GSM_TEXT) is given by its
   * length alone (`body` null), which is all its segment count depends on.
   */
  texts: Array<{ body: string | null; length: number; count: number }>;
}

/**
 * Texts made only of these characters are GSM-7 without escapes, one character each, so their SMS
 * segments follow from their length. Used as a PostgreSQL regular expression (and JavaScript reads
 * it alike): a day of campaign and reply texts comes back as a few lengths, not every body.
 */
export const PLAIN_GSM_TEXT = '^[0-9A-Za-z \n\r!"#$%&\'()*+,./:;<=>?@_-]*$';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9-]{2,40}$/;
const NUMBERS = {
  numbers: { orderBy: [{ createdAt: 'asc' as const }, { channel: 'asc' as const }, { address: 'asc' as const }] },
};

const countsRow = z.object({
  day: z.string(),
  inbound: z.number().int(),
  outbound: z.number().int(),
  aiReplies: z.number().int(),
  failedSends: z.number().int(),
});
const textsRow = z.object({
  day: z.string(),
  body: z.string().nullable(),
  length: z.number().int(),
  count: z.number().int(),
});

/**
 * The businesses a deployment serves, their numbers and their Twilio subaccount (the auth token
 * sealed with SECRETS_KEY, like the AI key in SettingsRepository), and what they used.
 */
@Injectable()
export class BusinessesRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly secrets: SecretBox,
  ) {}

  /**
   * A business and its numbers in one transaction. A slug, subaccount or number another business
   * has is a BusinessConflictError (the first number that collides), and nothing is stored.
   */
  async create(data: BusinessData, numbers: NumberAddress[]): Promise<BusinessWithNumbers> {
    const id = randomUUID();
    try {
      return await this.prisma.$transaction(async (tx) => {
        await tx.business.create({ data: { id, ...data, twilioAuthToken: this.sealed(id, data.twilioAuthToken) } });
        // One by one, so the violation says which number it was; a business is created with a few.
        for (const number of numbers) {
          try {
            await tx.businessNumber.create({ data: { businessId: id, ...number } });
          } catch (error) {
            if (isUniqueViolation(error, 'business_numbers_channel_address_key'))
              throw new BusinessConflictError('number', number);
            throw error;
          }
        }
        return tx.business.findUniqueOrThrow({ where: { id }, include: NUMBERS });
      });
    } catch (error) {
      throw conflictOf(error);
    }
  }

  /** By id when the value looks like a uuid, else by slug; null when none has it. */
  findByIdOrSlug(idOrSlug: string): Promise<BusinessWithNumbers | null> {
    if (UUID.test(idOrSlug)) return this.prisma.business.findUnique({ where: { id: idOrSlug }, include: NUMBERS });
    if (SLUG.test(idOrSlug)) return this.prisma.business.findUnique({ where: { slug: idOrSlug }, include: NUMBERS });
    return Promise.resolve(null);
  }

  /** Newest first. */
  list(limit: number, offset: number): Promise<BusinessWithNumbers[]> {
    return this.prisma.business.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      skip: offset,
      include: NUMBERS,
    });
  }

  /** Changes the given columns (a Twilio auth token is sealed); a taken slug or subaccount is a BusinessConflictError. */
  async update(id: string, patch: Partial<BusinessData>): Promise<BusinessWithNumbers> {
    const { twilioAuthToken, googleServiceAccount, ...rest } = patch;
    try {
      return await this.prisma.business.update({
        where: { id },
        data: {
          ...rest,
          ...(twilioAuthToken !== undefined ? { twilioAuthToken: this.sealed(id, twilioAuthToken) } : {}),
          ...(googleServiceAccount !== undefined
            ? {
                googleServiceAccount:
                  googleServiceAccount === null
                    ? null
                    : sealGoogleServiceAccount(this.secrets, id, googleServiceAccount),
              }
            : {}),
        },
        include: NUMBERS,
      });
    } catch (error) {
      throw conflictOf(error);
    }
  }

  setStatus(id: string, status: BusinessStatus): Promise<BusinessWithNumbers> {
    return this.prisma.business.update({ where: { id }, data: { status }, include: NUMBERS });
  }

  /** Replaces the business's widget token by one with this SHA-256: the old token opens nothing from now on. */
  setWidgetTokenHash(id: string, widgetTokenHash: string): Promise<BusinessWithNumbers> {
    return this.prisma.business.update({ where: { id }, data: { widgetTokenHash }, include: NUMBERS });
  }

  /**
   * Gives the business a number. The insert decides (the unique index on channel and address): no
   * look-up first that another request could overtake. When it collides, the owner is read to tell
   * `already` (this business's: nothing to do) from `taken`; an owner that let the number go in
   * between is tried again.
   */
  async addNumber(businessId: string, number: NumberAddress): Promise<AddNumberOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.prisma.businessNumber.create({ data: { businessId, ...number } });
        return 'added';
      } catch (error) {
        if (!isUniqueViolation(error, 'business_numbers_channel_address_key')) throw error;
      }
      const owner = await this.prisma.businessNumber.findUnique({
        where: { channel_address: number },
        select: { businessId: true },
      });
      if (owner) return owner.businessId === businessId ? 'already' : 'taken';
      if (attempt >= 2) return 'taken';
    }
  }

  /** Takes a number from the business; false when it is not one of its numbers. */
  async removeNumber(businessId: string, number: NumberAddress): Promise<boolean> {
    const removed = await this.prisma.businessNumber.deleteMany({ where: { businessId, ...number } });
    return removed.count > 0;
  }

  /** The business's calendar as a booking needs to know it: whether it names one and has a key of its own. */
  async calendarSettings(id: string): Promise<{ calendarId: string | null; ownKey: boolean } | null> {
    const row = await this.prisma.business.findUnique({
      where: { id },
      select: { calendarId: true, googleServiceAccount: true },
    });
    return row && { calendarId: row.calendarId, ownKey: row.googleServiceAccount !== null };
  }

  /** The business's own Google key file's JSON, opened; null when it has none. Throws UnreadableSecretError. */
  googleServiceAccount(business: Pick<Business, 'id' | 'googleServiceAccount'>): string | null {
    if (!business.googleServiceAccount) return null;
    return openGoogleServiceAccount(this.secrets, business.id, business.googleServiceAccount);
  }

  /** The business's Twilio subaccount with its auth token opened, or null when it uses the platform's account. */
  twilioAccount(business: Business): { accountSid: string; authToken: string } | null {
    if (!business.twilioAccountSid || !business.twilioAuthToken) return null;
    return {
      accountSid: business.twilioAccountSid,
      authToken: openTwilioToken(this.secrets, business.id, business.twilioAuthToken),
    };
  }

  /**
   * The last `days` days up to `now` (today included), each a calendar day in `timezone` (DST days
   * are 23 or 25 hours long), counted in SQL from the business's messages by `createdAt`. Every day
   * is there, the quiet ones with zeros; oldest first.
   */
  async usage(businessId: string, days: number, timezone: string, now: Date): Promise<UsageDay[]> {
    const today = DateTime.fromJSDate(now).setZone(timezone).startOf('day');
    const periods = Array.from({ length: days }, (_, i) => {
      const start = today.minus({ days: days - 1 - i });
      return { date: start.toISODate()!, from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
    });
    // timestamp(3) holds UTC without a zone: the bounds go in as UTC wall times.
    const utc = (d: Date) => d.toISOString().slice(0, -1);
    const dates = periods.map((p) => p.date);
    const froms = periods.map((p) => utc(p.from));
    const tos = periods.map((p) => utc(p.to));
    const [counts, texts] = await Promise.all([
      this.prisma.$queryRaw`
        SELECT d.day,
          COUNT(m.id) FILTER (WHERE m.direction = 'inbound')::int AS inbound,
          COUNT(m.id) FILTER (WHERE m.direction = 'outbound' AND m.status NOT IN ('suppressed', 'canceled'))::int AS outbound,
          COUNT(m.id) FILTER (WHERE m.direction = 'outbound' AND m.source = 'ai'
            AND m.status NOT IN ('suppressed', 'canceled'))::int AS "aiReplies",
          COUNT(m.id) FILTER (WHERE m.direction = 'outbound' AND m.status IN ('failed', 'undelivered'))::int AS "failedSends"
        FROM unnest(${dates}::text[], ${froms}::timestamp(3)[], ${tos}::timestamp(3)[]) AS d(day, "from", "to")
        LEFT JOIN messages m ON m."businessId" = ${businessId}::uuid AND m."createdAt" >= d."from" AND m."createdAt" < d."to"
        GROUP BY d.day`,
      this.prisma.$queryRaw`
        SELECT d.day, CASE WHEN m.body ~ ${PLAIN_GSM_TEXT} THEN NULL ELSE m.body END AS body,
          char_length(m.body)::int AS length, COUNT(*)::int AS count
        FROM unnest(${dates}::text[], ${froms}::timestamp(3)[], ${tos}::timestamp(3)[]) AS d(day, "from", "to")
        JOIN messages m ON m."businessId" = ${businessId}::uuid AND m."createdAt" >= d."from" AND m."createdAt" < d."to"
          AND m.direction = 'outbound' AND m.channel = 'sms' AND m.status NOT IN ('suppressed', 'canceled')
        GROUP BY 1, 2, 3`,
    ]);
    const byDay = new Map(decodeRows(countsRow, counts).map((row) => [row.day, row]));
    const textsByDay = new Map<string, UsageDay['texts']>();
    for (const { day, ...text } of decodeRows(textsRow, texts)) {
      textsByDay.set(day, [...(textsByDay.get(day) ?? []), text]);
    }
    return periods.map(({ date }) => {
      const row = byDay.get(date);
      return {
        date,
        inbound: row?.inbound ?? 0,
        outbound: row?.outbound ?? 0,
        aiReplies: row?.aiReplies ?? 0,
        failedSends: row?.failedSends ?? 0,
        texts: textsByDay.get(date) ?? [],
      };
    });
  }

  private sealed(businessId: string, token: string | null): string | null {
    return token === null ? null : sealTwilioToken(this.secrets, businessId, token);
  }
}

/** A unique violation on a business's slug or subaccount as a BusinessConflictError; anything else as it is. */
function conflictOf(error: unknown): unknown {
  if (isUniqueViolation(error, 'businesses_slug_key')) return new BusinessConflictError('slug');
  if (isUniqueViolation(error, 'businesses_twilioAccountSid_key')) return new BusinessConflictError('twilioAccountSid');
  return error;
}
