import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Clock, GroupCommit } from '@app/common';
import { STATEMENT_BATCHING } from './statement-batching';
import type { InboundMessageInput, StatusCallbackInput } from './messages/message-inputs';
import { statusRank } from './messages/message-status';
import { decodeRows, idRow } from './rows';

/** A message a batch of callbacks moved, the rank it moved to, and what the dashboard is told of it. */
const changedRow = z.object({
  sid: z.string(),
  rank: z.number().int(),
  id: z.string(),
  businessId: z.string(),
  participant: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  channel: z.enum(['sms', 'whatsapp', 'voice', 'web']),
  status: z.string(),
  errorCode: z.number().int().nullable(),
  campaignId: z.string().nullable(),
  /** The callback came before the send recorded its SID: a placeholder row was stored, no message moved. */
  inserted: z.boolean(),
});

/** A message a status callback moved: whose it is and where it is now (for the dashboard's live events). */
export type AppliedStatus = Omit<z.infer<typeof changedRow>, 'sid' | 'rank'>;
import type { OutboxEntry } from '@app/common';
import { WebhookPrismaService } from './prisma.service';

export interface InboundWrite {
  /** The business whose number was texted (BusinessDirectory). */
  message: InboundMessageInput & { id: string; businessId: string };
  /** true = STOP-like keyword, false = START-like, undefined = neither. */
  optOut: boolean | undefined;
  /** The reply job, written to the outbox with the message. */
  job: OutboxEntry;
}

/**
 * The two writes Twilio's webhooks make, the hottest path of the service. Each
 * is one statement per batch of concurrent webhooks (see GroupCommit), and each
 * webhook is answered only after its row committed.
 */
@Injectable()
export class WebhookRepository {
  private readonly inbound = new GroupCommit(
    (writes: InboundWrite[]) => this.acceptInboundBatch(writes),
    STATEMENT_BATCHING,
  );
  private readonly statuses = new GroupCommit(
    (inputs: StatusCallbackInput[]): Promise<Array<AppliedStatus | null>> => this.applyStatusBatch(inputs),
    STATEMENT_BATCHING,
  );

  constructor(
    private readonly prisma: WebhookPrismaService,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores an inbound message once per MessageSid, applies its keyword's opt-out
   * change to the contact and writes its reply job to the outbox, all or nothing.
   * Resolves `false` for Twilio's retries of a message already stored (then
   * nothing is written: a late retry of STOP must not undo a later START).
   */
  acceptInbound(write: InboundWrite): Promise<boolean> {
    return this.inbound.submit(write);
  }

  /**
   * Moves a message's status forward (never back); stores callbacks for unknown SIDs. Resolves
   * the message as it now is when this callback moved it, else null.
   */
  applyStatus(input: StatusCallbackInput): Promise<AppliedStatus | null> {
    return this.statuses.submit(input);
  }

  /** One batch of inbound writes, in one statement (public for tests; callers use acceptInbound). */
  async acceptInboundBatch(writes: InboundWrite[]): Promise<boolean[]> {
    const rows = writes.map(({ message: m, optOut, job }, ord) => ({
      ord,
      id: m.id,
      businessId: m.businessId,
      sid: m.sid,
      channel: m.channel,
      from: m.from,
      to: m.to,
      body: m.body,
      numMedia: m.numMedia,
      mediaUrls: m.mediaUrls,
      mediaContentTypes: m.mediaContentTypes,
      profileName: m.profileName ?? null,
      accountSid: m.accountSid ?? null,
      messagingServiceSid: m.messagingServiceSid ?? null,
      optOut: optOut ?? null,
      jobName: job.jobName,
      jobId: job.jobId,
      payload: job.payload,
    }));
    // WhatsApp's 24-hour window is a rule on the business's time (the Clock tests move), so the
    // contact's last WhatsApp inbound is stamped with it, not with the database's now().
    const receivedAt = this.clock.now();
    // One JSON parameter for the whole batch: a fixed statement text, whatever the size.
    // Contacts get one row per phone: the newest keyword and profile name among the new messages.
    // The contact upsert reads the keyword back from EXCLUDED: optedOutAt set = STOP, optedInAt set = START.
    // Rows go in key order, so concurrent batches lock them in the same order and never deadlock;
    // Several messages of one sender in a batch get createdAt 1 ms apart (the column's precision),
    // so their conversation keeps arrival order (history and AI context are read by createdAt).
    const created = decodeRows(
      idRow,
      await this.prisma.$queryRaw`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
          ord int, id uuid, "businessId" uuid, sid text, channel text, "from" text, "to" text, body text, "numMedia" int,
          "mediaUrls" text[], "mediaContentTypes" text[], "profileName" text, "accountSid" text,
          "messagingServiceSid" text, "optOut" boolean, "jobName" text, "jobId" text, payload jsonb)
      ), msg AS (
        INSERT INTO messages (id, "businessId", sid, direction, channel, "from", "to", participant, body, status, "statusRank",
          "numMedia", "mediaUrls", "mediaContentTypes", "profileName", "accountSid", "messagingServiceSid", source, "createdAt")
        SELECT id, "businessId", sid, 'inbound', channel::"Channel", "from", "to", "from", body, 'received', ${statusRank('received')},
          "numMedia", "mediaUrls", "mediaContentTypes", "profileName", "accountSid", "messagingServiceSid", 'inbound',
          now() + (row_number() OVER (PARTITION BY "businessId", "from" ORDER BY ord) - 1) * interval '1 millisecond'
        FROM input ORDER BY sid
        ON CONFLICT (sid) DO NOTHING
        RETURNING id
      ), per_phone AS (
        SELECT i."businessId", i."from" AS phone,
          (array_agg(i."profileName" ORDER BY i.ord DESC) FILTER (WHERE i."profileName" IS NOT NULL))[1] AS "profileName",
          (array_agg(i."optOut" ORDER BY i.ord DESC) FILTER (WHERE i."optOut" IS NOT NULL))[1] AS "optOut",
          bool_or(i.channel = 'whatsapp') AS whatsapp
        FROM input i JOIN msg USING (id)
        GROUP BY i."businessId", i."from"
      ), contact AS (
        INSERT INTO contacts ("businessId", phone, "profileName", "lastInboundWhatsappAt", "optedOut", "optedOutAt",
          "optedInAt", "optOutSource")
        SELECT "businessId", phone, "profileName", -- Stored as UTC, as Prisma reads a timestamp column.
          CASE WHEN whatsapp THEN (${receivedAt}::timestamptz AT TIME ZONE 'UTC') END,
          COALESCE("optOut", false),
          CASE WHEN "optOut" THEN now() END,
          CASE WHEN NOT "optOut" THEN now() END,
          CASE WHEN "optOut" THEN 'keyword' END
        FROM per_phone ORDER BY "businessId", phone
        ON CONFLICT ("businessId", phone) DO UPDATE SET
          "profileName" = COALESCE(EXCLUDED."profileName", contacts."profileName"),
          -- GREATEST skips NULLs: an SMS (or a retried webhook's late batch) never closes the window.
          "lastInboundWhatsappAt" = GREATEST(EXCLUDED."lastInboundWhatsappAt", contacts."lastInboundWhatsappAt"),
          "optedOut" = CASE WHEN EXCLUDED."optedOutAt" IS NOT NULL THEN true
                            WHEN EXCLUDED."optedInAt" IS NOT NULL THEN false
                            ELSE contacts."optedOut" END,
          "optedOutAt" = COALESCE(EXCLUDED."optedOutAt", contacts."optedOutAt"),
          "optedInAt" = COALESCE(EXCLUDED."optedInAt", contacts."optedInAt"),
          "optOutSource" = CASE WHEN EXCLUDED."optedOutAt" IS NOT NULL THEN 'keyword'
                                WHEN EXCLUDED."optedInAt" IS NOT NULL THEN NULL
                                ELSE contacts."optOutSource" END,
          "updatedAt" = now()
      ), outboxed AS (
        INSERT INTO outbox ("jobName", "jobId", payload)
        SELECT i."jobName", i."jobId", i.payload FROM input i JOIN msg USING (id) ORDER BY i."jobId"
        ON CONFLICT ("jobId") DO NOTHING
      )
      SELECT id::text FROM msg`,
    );
    const createdIds = new Set(created.map((row) => row.id));
    return writes.map((w) => createdIds.has(w.message.id));
  }

  /** One batch of status callbacks, in one statement (public for tests; callers use applyStatus). */
  async applyStatusBatch(inputs: StatusCallbackInput[]): Promise<Array<AppliedStatus | null>> {
    const rows = inputs.map((s, ord) => ({
      ord,
      businessId: s.businessId,
      sid: s.sid,
      status: s.status,
      rank: statusRank(s.status),
      errorCode: s.errorCode ?? null,
      errorMessage: s.errorMessage ?? null,
      channel: s.channel,
      from: s.from,
      to: s.to,
      accountSid: s.accountSid ?? null,
    }));
    // Callbacks for one SID in the same batch (sent and delivered together) collapse into
    // the furthest status, keeping an error code any of them carried: the outcome of
    // applying them one by one in any order.
    const changed = decodeRows(
      changedRow,
      await this.prisma.$queryRaw`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
          ord int, "businessId" uuid, sid text, status text, rank int, "errorCode" int, "errorMessage" text,
          channel text, "from" text, "to" text, "accountSid" text)
      ), per_sid AS (
        SELECT sid,
          (array_agg(status ORDER BY rank DESC, ord DESC))[1] AS status,
          max(rank) AS rank,
          (array_agg("errorCode" ORDER BY rank DESC, ord DESC) FILTER (WHERE "errorCode" IS NOT NULL))[1] AS "errorCode",
          (array_agg("errorMessage" ORDER BY rank DESC, ord DESC) FILTER (WHERE "errorMessage" IS NOT NULL))[1] AS "errorMessage",
          (array_agg(channel ORDER BY ord))[1] AS channel,
          (array_agg("from" ORDER BY ord))[1] AS "from",
          (array_agg("to" ORDER BY ord))[1] AS "to",
          (array_agg("accountSid" ORDER BY ord))[1] AS "accountSid",
          (array_agg("businessId" ORDER BY ord))[1] AS "businessId"
        FROM input GROUP BY sid
      )
      INSERT INTO messages AS m ("businessId", sid, direction, channel, "from", "to", participant, status, "statusRank",
        "errorCode", "errorMessage", "accountSid", source)
      SELECT "businessId", sid, 'outbound', channel::"Channel", "from", "to", "to", status::"MessageStatus", rank, "errorCode",
        "errorMessage", "accountSid", 'status_callback'
      FROM per_sid ORDER BY sid
      ON CONFLICT (sid) DO UPDATE SET
        status = EXCLUDED.status,
        "statusRank" = EXCLUDED."statusRank",
        "errorCode" = COALESCE(EXCLUDED."errorCode", m."errorCode"),
        "errorMessage" = COALESCE(EXCLUDED."errorMessage", m."errorMessage"),
        "updatedAt" = now()
      WHERE m."statusRank" < EXCLUDED."statusRank"
      RETURNING sid, "statusRank" AS rank, id::text, "businessId"::text, participant, direction::text,
        channel::text, status::text, "errorCode",
        (SELECT r."campaignId"::text FROM campaign_recipients r WHERE r."messageId" = m.id) AS "campaignId",
        (xmax = 0) AS inserted`,
    );
    const moved = new Map(changed.map((row) => [row.sid, row]));
    // A callback changed the message if its SID moved and it carried the status the message moved to.
    return rows.map((row) => {
      const message = moved.get(row.sid);
      if (message?.rank !== row.rank) return null;
      const { sid: _sid, rank: _rank, ...applied } = message;
      return applied;
    });
  }
}
