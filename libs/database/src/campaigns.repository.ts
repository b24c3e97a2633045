import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { GroupCommit, type OutboxEntry } from '@app/common';
import { Prisma } from './generated/prisma/client';
import type { Campaign, CampaignRecipientStatus, CampaignStatus, Channel, Message } from './generated/prisma/client';
import { statusRank } from './messages/message-status';
import { PrismaService } from './prisma.service';
import { campaignRow, decodeRows, idRow, messageRow } from './rows';
import { STATEMENT_BATCHING } from './statement-batching';
import { OPTED_OUT, RECIPIENT_CONTACT } from './campaign-recipient-contact';

export const RECIPIENT_STATUSES = [
  'pending',
  'sending',
  'sent',
  'delivered',
  'failed',
  'undelivered',
  'invalid',
  'skipped_opted_out',
  'skipped_duplicate',
  'canceled',
] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];
export type CampaignCounters = Record<RecipientStatus | 'total', number>;

/**
 * A recipient's status: its own before the send; once its message exists, the
 * message's (which Twilio's status callbacks move), mapped to campaign terms.
 */
const EFFECTIVE_STATUS = Prisma.sql`CASE
  WHEN m.id IS NULL THEN r.status::text
  WHEN m.status IN ('pending', 'submitting') THEN 'sending'
  WHEN m.status IN ('delivered', 'partially_delivered', 'read') THEN 'delivered'
  WHEN m.status = 'undelivered' THEN 'undelivered'
  WHEN m.status IN ('failed', 'canceled') THEN 'failed'
  WHEN m.status = 'suppressed' THEN 'skipped_opted_out'
  ELSE 'sent' END`;

/** A campaign recipient's claimed message, with when the contact last wrote on WhatsApp (the 24-hour window). */
export type ClaimedCampaignMessage = Message & { lastInboundWhatsappAt: Date | null };

export interface NewCampaign {
  businessId: string;
  // Columns a campaign is created with (status, round and timestamps have defaults).
  kind: string;
  name: string;
  body: string;
  contentSid: string | null;
  contentVariables: string | null;
  from: string | null;
  messagingServiceSid: string | null;
  channel: Channel;
  sendAt: Date | null;
  quietStart: string | null;
  quietEnd: string | null;
  timezone: string | null;
}

const recipientStatus = z.enum(RECIPIENT_STATUSES);
const recipientRow = z.object({
  id: z.string(),
  input: z.string(),
  phone: z.string().nullable(),
  status: recipientStatus,
  attempts: z.number().int(),
  messageId: z.string().nullable(),
  sid: z.string().nullable(),
  errorCode: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
  sentAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RecipientRow = z.infer<typeof recipientRow>;
const statusCountRow = z.object({ status: recipientStatus, n: z.number().int() });

/** A recipient to claim, for the worker process (WORKER_NAME) that will send its message. */
export interface RecipientClaim {
  recipientId: string;
  owner: string;
}

/** What a send job needs to know about its recipient before it claims it. */
const sendContextRow = z.object({
  recipientStatus: z.enum(['pending', 'sending', 'invalid', 'skipped_opted_out', 'skipped_duplicate', 'canceled']),
  phone: z.string().nullable(),
  campaignStatus: campaignRow.shape.status,
  from: z.string().nullable(),
  messagingServiceSid: z.string().nullable(),
  quietStart: z.string().nullable(),
  quietEnd: z.string().nullable(),
  campaignTimezone: z.string().nullable(),
  contactTimezone: z.string().nullable(),
  messageId: z.string().nullable(),
  messageStatus: messageRow.shape.status.nullable(),
});
export type SendContext = z.infer<typeof sendContextRow>;

/**
 * A claimed recipient: sending its new message (with when the contact last wrote on WhatsApp,
 * for the window), or skipped (opted out; the message columns are null).
 */
const claimRow = z.discriminatedUnion('recipientStatus', [
  messageRow.extend({
    recipientId: z.string(),
    recipientStatus: z.literal('sending'),
    lastInboundWhatsappAt: z.date().nullable(),
  }),
  z.object({ recipientId: z.string(), recipientStatus: z.literal('skipped_opted_out') }),
]);

@Injectable()
export class CampaignsRepository {
  /** Concurrent send jobs claim together: one statement per batch (see GroupCommit). */
  private readonly claims = new GroupCommit(
    (claims: RecipientClaim[]) => this.claimRecipients(claims),
    STATEMENT_BATCHING,
  );

  constructor(private readonly prisma: PrismaService) {}

  /** The campaign and all its recipients in one transaction; recipients go in as arrays (one statement). */
  async create(
    campaign: NewCampaign,
    recipients: Array<{ input: string; phone: string | null; status: CampaignRecipientStatus }>,
  ): Promise<Campaign> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.campaign.create({ data: campaign });
      for (let i = 0; i < recipients.length; i += 20_000) {
        const chunk = recipients.slice(i, i + 20_000);
        await tx.$executeRaw`
          INSERT INTO campaign_recipients ("campaignId", "businessId", input, phone, status)
          SELECT ${created.id}::uuid, ${created.businessId}::uuid, input, phone, status::"CampaignRecipientStatus"
          FROM unnest(${chunk.map((r) => r.input)}::text[], ${chunk.map((r) => r.phone)}::text[],
                      ${chunk.map((r) => r.status)}::text[]) AS t(input, phone, status)`;
      }
      return created;
    });
  }

  findById(id: string): Promise<Campaign | null> {
    return this.prisma.campaign.findUnique({ where: { id } });
  }

  findByIds(ids: string[]): Promise<Campaign[]> {
    return this.prisma.campaign.findMany({ where: { id: { in: ids } } });
  }

  list(businessId: string, kind: string, limit: number, offset: number): Promise<Campaign[]> {
    return this.prisma.campaign.findMany({
      where: { businessId, kind },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      skip: offset,
    });
  }

  /** Exact counts by status, computed from the rows themselves (no counters to drift). */
  async counters(campaignIds: string[]): Promise<Map<string, CampaignCounters>> {
    const rows = decodeRows(
      statusCountRow.extend({ campaignId: z.string() }),
      await this.prisma.$queryRaw`
        SELECT r."campaignId"::text AS "campaignId", ${EFFECTIVE_STATUS} AS status, COUNT(*)::int AS n
        FROM campaign_recipients r LEFT JOIN messages m ON m.id = r."messageId"
        WHERE r."campaignId" = ANY(${campaignIds}::uuid[])
        GROUP BY 1, 2`,
    );
    const result = new Map<string, CampaignCounters>();
    for (const id of campaignIds) {
      result.set(id, Object.fromEntries([['total', 0], ...RECIPIENT_STATUSES.map((s) => [s, 0])]) as CampaignCounters);
    }
    for (const row of rows) {
      const counters = result.get(row.campaignId)!;
      counters[row.status] = row.n;
      counters.total += row.n;
    }
    return result;
  }

  /**
   * Recipients of unfinished (scheduled, running, paused) campaigns by status: the same
   * effective status as the API's counters, so delivered and failed show once callbacks arrive.
   */
  async unfinishedRecipientTotals(): Promise<Array<{ status: RecipientStatus; n: number }>> {
    return decodeRows(
      statusCountRow,
      await this.prisma.$queryRaw`
        SELECT ${EFFECTIVE_STATUS} AS status, COUNT(*)::int AS n
        FROM campaign_recipients r
        JOIN campaigns c ON c.id = r."campaignId"
        LEFT JOIN messages m ON m.id = r."messageId"
        WHERE c.status IN ('scheduled', 'running', 'paused')
        GROUP BY 1`,
    );
  }

  /** Recipients in insertion order, optionally of one status; keyset pagination on id. */
  async recipients(
    campaignId: string,
    status: RecipientStatus | undefined,
    limit: number,
    afterId?: string,
  ): Promise<RecipientRow[]> {
    return decodeRows(
      recipientRow,
      await this.prisma.$queryRaw`
      SELECT * FROM (
        SELECT r.id AS rid, r.id::text, r.input, r.phone, ${EFFECTIVE_STATUS} AS status, r.attempts, r."messageId"::text AS "messageId",
          m.sid, m."errorCode", m."errorMessage", m."sentAt", GREATEST(r."updatedAt", m."updatedAt") AS "updatedAt",
          r."createdAt"
        FROM campaign_recipients r LEFT JOIN messages m ON m.id = r."messageId"
        WHERE r."campaignId" = ${campaignId}::uuid AND (${afterId ?? null}::uuid IS NULL OR r.id > ${afterId ?? null}::uuid)
      ) x
      WHERE ${status ?? null}::text IS NULL OR x.status = ${status ?? null}::text
      ORDER BY x.rid
      LIMIT ${limit}`,
    );
  }

  /** Edits a campaign that has not started; null when it is past that. */
  async update(id: string, data: Partial<NewCampaign>): Promise<Campaign | null> {
    const result = await this.prisma.campaign.updateMany({
      where: { id, status: { in: ['draft', 'scheduled'] } },
      data,
    });
    return result.count ? this.findById(id) : null;
  }

  /**
   * Starts a campaign (draft → running, or scheduled when sendAt is ahead) and
   * writes its first fan-out step to the outbox, in one transaction.
   */
  async launch(
    id: string,
    firstFanout: (round: number) => OutboxEntry,
  ): Promise<{ campaign: Campaign; fanout: OutboxEntry | null } | null> {
    return this.prisma.$transaction(async (tx) => {
      const [campaign] = decodeRows(
        campaignRow,
        await tx.$queryRaw`
          UPDATE campaigns SET
            status = CASE WHEN "sendAt" > now() THEN 'scheduled'::"CampaignStatus" ELSE 'running'::"CampaignStatus" END,
            round = round + 1, "launchedAt" = now(), "fanoutAt" = now(), "updatedAt" = now()
          WHERE id = ${id}::uuid AND status = 'draft'
          RETURNING *`,
      );
      if (!campaign) return null;
      if (campaign.status !== 'running') return { campaign, fanout: null };
      const fanout = firstFanout(campaign.round);
      await tx.outboxJob.create({
        data: { jobName: fanout.jobName, jobId: fanout.jobId, payload: fanout.payload as Prisma.InputJsonObject },
      });
      return { campaign, fanout };
    });
  }

  /**
   * Deletes a campaign in one of `from` with its recipients, in one transaction; false when it is
   * not in one of them (the status is read under the row's lock, so a launch cannot slip between).
   * Its messages stay: they are the conversations' history, not the campaign's.
   */
  async delete(id: string, from: CampaignStatus[]): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const deleted = await tx.campaign.deleteMany({ where: { id, status: { in: from } } });
      if (!deleted.count) return false;
      await tx.campaignRecipient.deleteMany({ where: { campaignId: id } });
      return true;
    });
  }

  /** Moves a campaign between states (not to canceled: see `cancel`); null when it is not in one of `from`. */
  async transition(
    id: string,
    from: CampaignStatus[],
    to: Exclude<CampaignStatus, 'canceled'>,
    bumpRound = false,
  ): Promise<Campaign | null> {
    return this.prisma.$transaction(async (tx) => {
      const moved = await tx.campaign.updateMany({
        where: { id, status: { in: from } },
        data: { status: to, ...(bumpRound ? { round: { increment: 1 }, fanoutAt: new Date() } : {}) },
      });
      if (!moved.count) return null;
      return tx.campaign.findUniqueOrThrow({ where: { id } });
    });
  }

  /**
   * Cancels a campaign that is in one of `from`, and its pending recipients with it, in one
   * transaction; returns those recipients' ids (their queued send jobs can go), or null when the
   * campaign is not in one of `from`. Recipients already `sending` keep their status: their job
   * settles their message.
   */
  async cancel(
    id: string,
    from: CampaignStatus[],
  ): Promise<{ campaign: Campaign; canceledRecipientIds: string[] } | null> {
    return this.prisma.$transaction(async (tx) => {
      const moved = await tx.campaign.updateMany({ where: { id, status: { in: from } }, data: { status: 'canceled' } });
      if (!moved.count) return null;
      const canceled = decodeRows(
        idRow,
        await tx.$queryRaw`
          UPDATE campaign_recipients SET status = 'canceled', "updatedAt" = now()
          WHERE "campaignId" = ${id}::uuid AND status = 'pending'
          RETURNING id::text`,
      );
      const campaign = await tx.campaign.findUniqueOrThrow({ where: { id } });
      return { campaign, canceledRecipientIds: canceled.map((row) => row.id) };
    });
  }

  /** The next chunk of pending recipients (ids only), in id order. */
  async pendingAfter(campaignId: string, afterId: string | undefined, limit: number): Promise<string[]> {
    const rows = decodeRows(
      idRow,
      await this.prisma.$queryRaw`
        SELECT id::text FROM campaign_recipients
        WHERE "campaignId" = ${campaignId}::uuid AND status = 'pending'
          AND (${afterId ?? null}::uuid IS NULL OR id > ${afterId ?? null}::uuid)
        ORDER BY id LIMIT ${limit}`,
    );
    return rows.map((r) => r.id);
  }

  async markFanout(campaignId: string): Promise<void> {
    await this.prisma.$executeRaw`UPDATE campaigns SET "fanoutAt" = now() WHERE id = ${campaignId}::uuid`;
  }

  async sendContext(recipientId: string): Promise<SendContext | null> {
    const rows = decodeRows(
      sendContextRow,
      await this.prisma.$queryRaw`
      SELECT r.status AS "recipientStatus", r.phone, c.status AS "campaignStatus", c."from", c."messagingServiceSid",
        c."quietStart", c."quietEnd", c.timezone AS "campaignTimezone", ct.timezone AS "contactTimezone",
        m.id::text AS "messageId", m.status AS "messageStatus"
      FROM campaign_recipients r
      JOIN campaigns c ON c.id = r."campaignId"
      ${RECIPIENT_CONTACT}
      LEFT JOIN messages m ON m.id = r."messageId"
      WHERE r.id = ${recipientId}::uuid`,
    );
    return rows[0] ?? null;
  }

  /**
   * The send decision, atomically: if the recipient is still pending and its
   * campaign running, either skip an opted-out contact or create its message
   * already claimed (`submitting`) and mark the recipient `sending`. Returns the
   * claimed message, 'skipped_opted_out', or null (nothing to do any more).
   */
  async claimRecipient(
    recipientId: string,
    owner: string,
  ): Promise<ClaimedCampaignMessage | 'skipped_opted_out' | null> {
    return this.claims.submit({ recipientId, owner });
  }

  /** One batch of claims in one statement (public for tests; callers use claimRecipient). */
  async claimRecipients(claims: RecipientClaim[]): Promise<Array<ClaimedCampaignMessage | 'skipped_opted_out' | null>> {
    const recipientIds = claims.map((claim) => claim.recipientId);
    // Message ids are chosen here, so each recipient's row can point at its own message.
    const input = claims.map(({ recipientId, owner }) => ({ recipientId, messageId: randomUUID(), owner }));
    const rows = decodeRows(
      claimRow,
      await this.prisma.$queryRaw`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x("recipientId" uuid, "messageId" uuid, owner text)
      ), target AS (
        SELECT r.id, i."messageId", i.owner, r.phone, c."businessId", c.body, c."from", c."messagingServiceSid", c.channel,
          c."contentSid", c."contentVariables", ${OPTED_OUT} AS "optedOut", ct."lastInboundWhatsappAt"
        FROM input i
        JOIN campaign_recipients r ON r.id = i."recipientId"
        JOIN campaigns c ON c.id = r."campaignId"
        ${RECIPIENT_CONTACT}
        WHERE r.status = 'pending' AND c.status = 'running' AND r.id = ANY(${recipientIds}::uuid[])
        ORDER BY r.id
        FOR UPDATE OF r SKIP LOCKED
      ), msg AS (
        INSERT INTO messages (id, "businessId", direction, channel, "from", "to", participant, body, status, "statusRank", source,
          "messagingServiceSid", "contentSid", "contentVariables", attempts, "claimedBy")
        SELECT "messageId", "businessId", 'outbound', channel, COALESCE("from", ''), phone, phone, body, 'submitting', ${statusRank('submitting')},
          'campaign', "messagingServiceSid", "contentSid", "contentVariables", 1, owner
        FROM target WHERE NOT "optedOut"
        RETURNING *
      ), updated AS (
        UPDATE campaign_recipients r SET
          status = (CASE WHEN t."optedOut" THEN 'skipped_opted_out' ELSE 'sending' END)::"CampaignRecipientStatus",
          "messageId" = CASE WHEN t."optedOut" THEN NULL ELSE t."messageId" END,
          attempts = r.attempts + 1, "updatedAt" = now()
        FROM target t WHERE r.id = t.id
        RETURNING r.id, r.status
      )
      SELECT u.id::text AS "recipientId", u.status AS "recipientStatus", msg.*, t."lastInboundWhatsappAt"
      FROM updated u JOIN target t ON t.id = u.id LEFT JOIN msg ON msg.id = t."messageId"`,
    );
    const byRecipient = new Map(rows.map((row) => [row.recipientId, row]));
    return recipientIds.map((id) => {
      const row = byRecipient.get(id);
      if (!row) return null;
      if (row.recipientStatus === 'skipped_opted_out') return 'skipped_opted_out';
      const { recipientStatus: _status, recipientId: _id, ...message } = row;
      return message satisfies ClaimedCampaignMessage;
    });
  }

  /** Running campaigns with nothing left to send become completed. */
  async completeFinished(): Promise<string[]> {
    const rows = decodeRows(
      idRow,
      await this.prisma.$queryRaw`
      UPDATE campaigns c SET status = 'completed', "completedAt" = now(), "updatedAt" = now()
      WHERE c.status = 'running'
        AND NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r."campaignId" = c.id AND r.status = 'pending')
        AND NOT EXISTS (
          SELECT 1 FROM campaign_recipients r JOIN messages m ON m.id = r."messageId"
          WHERE r."campaignId" = c.id AND r.status = 'sending' AND m.status IN ('pending', 'submitting'))
      RETURNING id::text`,
    );
    return rows.map((r) => r.id);
  }

  /** Scheduled campaigns whose time has come start running; returns them for their first fan-out. */
  async startDue(): Promise<Campaign[]> {
    return decodeRows(
      campaignRow,
      await this.prisma.$queryRaw`
        UPDATE campaigns SET status = 'running', "fanoutAt" = now(), "updatedAt" = now()
        WHERE status = 'scheduled' AND "sendAt" <= now()
        RETURNING *`,
    );
  }

  /** Running campaigns with pending recipients and no progress for a while: their jobs may be lost. */
  async stalled(quietForMs: number): Promise<Campaign[]> {
    return decodeRows(
      campaignRow,
      await this.prisma.$queryRaw`
      UPDATE campaigns c SET "fanoutAt" = now()
      WHERE c.status = 'running' AND c."fanoutAt" < now() - make_interval(secs => ${quietForMs / 1000})
        AND EXISTS (SELECT 1 FROM campaign_recipients r WHERE r."campaignId" = c.id AND r.status = 'pending')
        AND NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r."campaignId" = c.id
                        AND r."updatedAt" > now() - make_interval(secs => ${quietForMs / 1000}))
      RETURNING *`,
    );
  }
}
