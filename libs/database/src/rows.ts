import { z } from 'zod';
import type { Campaign, Contact, Message, Reminder } from './generated/prisma/client';
import { CampaignStatus, Channel, MessageDirection } from './generated/prisma/enums';
import { MESSAGE_SOURCES, MESSAGE_STATUSES } from './messages/message-status';

/**
 * Row decoders for raw SQL. `$queryRaw` returns untyped rows; each statement's rows go
 * through the decoder of the shape it selects, so a column renamed, dropped or of
 * another type fails loudly at the statement instead of flowing on as a lie. The
 * table shapes are checked against Prisma's own types at compile time (below).
 */
const text = z.string();
const int = z.number().int();
const date = z.date();
/** Prisma's list columns are nullable arrays; rows written by raw SQL can hold NULL where Prisma writes {}. */
const list = z
  .array(text)
  .nullable()
  .transform((items) => items ?? []);

export const messageRow = z.object({
  id: text,
  businessId: text,
  sid: text.nullable(),
  direction: z.enum(Object.values(MessageDirection)),
  channel: z.enum(Object.values(Channel)),
  from: text,
  to: text,
  participant: text,
  body: text,
  status: z.enum(MESSAGE_STATUSES),
  statusRank: int,
  errorCode: int.nullable(),
  errorMessage: text.nullable(),
  // Read by few statements: one that names its columns need not name these.
  price: text.nullable().default(null),
  priceUnit: text.nullable().default(null),
  numMedia: int,
  mediaUrls: list,
  mediaContentTypes: list,
  profileName: text.nullable(),
  accountSid: text.nullable(),
  messagingServiceSid: text.nullable(),
  contentSid: text.nullable(),
  contentVariables: text.nullable(),
  source: z.enum(MESSAGE_SOURCES),
  replyToId: text.nullable(),
  replyPart: int.nullable(),
  attempts: int,
  claimedBy: text.nullable().default(null),
  scheduledAt: date.nullable(),
  reminderId: text.nullable(),
  appointmentId: text.nullable(),
  readAt: date.nullable(),
  sentAt: date.nullable(),
  createdAt: date,
  updatedAt: date,
});

export const contactRow = z.object({
  id: text,
  businessId: text,
  phone: text,
  profileName: text.nullable(),
  lastInboundWhatsappAt: date.nullable(),
  optedOut: z.boolean(),
  optedOutAt: date.nullable(),
  optedInAt: date.nullable(),
  optOutSource: text.nullable(),
  timezone: text.nullable(),
  name: text.nullable(),
  email: text.nullable(),
  address: text.nullable(),
  notes: text.nullable(),
  tags: list,
  createdAt: date,
  updatedAt: date,
});

export const campaignRow = z.object({
  id: text,
  businessId: text,
  kind: text,
  name: text,
  body: text,
  contentSid: text.nullable(),
  contentVariables: text.nullable(),
  from: text.nullable(),
  messagingServiceSid: text.nullable(),
  channel: z.enum(Object.values(Channel)),
  status: z.enum(Object.values(CampaignStatus)),
  sendAt: date.nullable(),
  quietStart: text.nullable(),
  quietEnd: text.nullable(),
  timezone: text.nullable(),
  round: int,
  fanoutAt: date.nullable(),
  launchedAt: date.nullable(),
  completedAt: date.nullable(),
  createdAt: date,
  updatedAt: date,
});

export const reminderRow = z.object({
  id: text,
  businessId: text,
  to: text,
  channel: z.enum(Object.values(Channel)),
  from: text.nullable(),
  body: text,
  contentSid: text.nullable(),
  contentVariables: text.nullable(),
  intervalSeconds: int.nullable(),
  cron: text.nullable(),
  timezone: text.nullable(),
  startAt: date.nullable(),
  endAt: date.nullable(),
  enabled: z.boolean(),
  nextRunAt: date.nullable(),
  lastSentAt: date.nullable(),
  sendCount: int,
  skippedCount: int,
  lastError: text.nullable(),
  createdAt: date,
  updatedAt: date,
});

/** One row per id (RETURNING id, SELECT id). */
export const idRow = z.object({ id: text });

/** Decodes every row of a raw statement's result with `row`. */
export function decodeRows<T>(row: z.ZodType<T>, rows: unknown): T[] {
  return z.array(row).parse(rows);
}

// The decoders describe exactly Prisma's model types: a schema change that is not
// mirrored here fails the build.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  Same<z.infer<typeof messageRow>, Message>,
  Same<z.infer<typeof contactRow>, Contact>,
  Same<z.infer<typeof campaignRow>, Campaign>,
  Same<z.infer<typeof reminderRow>, Reminder>,
] = [true, true, true, true];
void checks;
