import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { GroupCommit, type OutboxEntry } from '@app/common';
import { isUniqueViolation } from '../database-errors';
import { Prisma, type Message } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { decodeRows, idRow, messageRow } from '../rows';
import { STATEMENT_BATCHING } from '../statement-batching';
import type { OutboundMessageInput, TwilioAcceptance } from './message-inputs';
import { parseMessageStatus, statusRank, type MessageStatus } from './message-status';

/** Prisma's transaction client, for writes that join a caller's transaction. */
type Tx = Prisma.TransactionClient;

/**
 * A claimed message, with what the send-time rules need of its recipient, read in the same
 * statement: whether it opted out, and when it last wrote on WhatsApp (the 24-hour window).
 */
const claimedRow = messageRow.extend({ recipientOptedOut: z.boolean(), lastInboundWhatsappAt: z.date().nullable() });
export type ClaimedMessage = z.infer<typeof claimedRow>;

/**
 * The sending side of a message's life, and its one owner: an outbound message is
 * created here (`pending`, `scheduled`, or a reply), claimed for sending (`submitting`),
 * released for a retry, recorded as accepted by Twilio, or marked unsent. Every status
 * written here comes with its rank, from the one vocabulary (message-status.ts).
 * Campaign claims (CampaignsRepository) create their messages inside their own batched
 * statement, and Twilio's status callbacks move statuses on in WebhookRepository;
 * both use the same vocabulary and ranks.
 */
@Injectable()
export class MessageSendingRepository {
  /** Sends finishing together are recorded together: one statement per batch (see GroupCommit). */
  private readonly acceptances = new GroupCommit(
    (items: Array<{ id: string; accepted: TwilioAcceptance }>) => this.markAcceptedBatch(items),
    STATEMENT_BATCHING,
  );

  constructor(private readonly prisma: PrismaService) {}

  /** Stores an outbound message and its send job's outbox row in one transaction. */
  createOutbound(input: OutboundMessageInput & { id: string }, job: OutboxEntry): Promise<Message> {
    return this.prisma.$transaction((tx) => this.createOutboundIn(tx, input, job));
  }

  /** As createOutbound, inside the caller's transaction (a reminder's occurrence, an appointment's reminder). */
  async createOutboundIn(tx: Tx, input: OutboundMessageInput & { id: string }, job: OutboxEntry): Promise<Message> {
    const message = await tx.message.create({ data: { ...outboundRow(input, 'pending'), id: input.id } });
    await tx.outboxJob.create({
      data: { jobName: job.jobName, jobId: job.jobId, payload: job.payload as Prisma.InputJsonObject },
    });
    return message;
  }

  /** A one-off message for later: `scheduled` until `at`; no job yet (the workers release it when due). */
  createScheduled(input: OutboundMessageInput & { id: string }, at: Date): Promise<Message> {
    return this.prisma.message.create({
      data: { ...outboundRow(input, 'scheduled'), id: input.id, scheduledAt: at },
    });
  }

  /** Cancels a scheduled message that has not been released yet. */
  async cancelScheduled(id: string): Promise<boolean> {
    const result = await this.prisma.message.updateMany({
      where: { id, status: 'scheduled' },
      data: { status: 'canceled', statusRank: statusRank('canceled') },
    });
    return result.count > 0;
  }

  /**
   * Due scheduled messages become `pending` with their send job in the outbox, in
   * one transaction: concurrent workers each release a message at most once (SKIP LOCKED).
   * The job comes from `sendJob`: its name and id are the queue's to decide.
   */
  releaseDueScheduled(now: Date, limit: number, sendJob: (messageId: string) => OutboxEntry): Promise<OutboxEntry[]> {
    return this.prisma.$transaction(async (tx) => {
      const due = decodeRows(
        idRow,
        await tx.$queryRaw`
          UPDATE messages SET status = 'pending', "statusRank" = ${statusRank('pending')}, "updatedAt" = now()
          WHERE id IN (SELECT id FROM messages WHERE status = 'scheduled' AND "scheduledAt" <= ${now}
                         -- A suspended business's scheduled messages stay scheduled until it resumes.
                         AND "businessId" IN (SELECT id FROM businesses WHERE status = 'active')
                       ORDER BY "scheduledAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING id::text`,
      );
      const jobs = due.map((row) => sendJob(row.id));
      if (jobs.length) {
        await tx.outboxJob.createMany({
          data: jobs.map((job) => ({ ...job, payload: job.payload as Prisma.InputJsonObject })),
          skipDuplicates: true,
        });
      }
      return jobs;
    });
  }

  /**
   * One reply per inbound message, whichever worker gets there first: its parts (one row each,
   * `replyPart` 1..n; one part unless a long reply was split), in order. Part 1 is the claim:
   * the others are written only by the statement that wrote it, so two workers that composed
   * different answers never mix them. One round trip when it is new (the usual case); a worker
   * that lost the race reads the winner's parts.
   */
  async createReply(
    input: OutboundMessageInput & { replyToId: string },
    parts: [string, ...string[]],
  ): Promise<Message[]> {
    const d = outboundRow(input, 'pending');
    const [first, ...rest] = parts;
    // Later parts are a millisecond apart, so a thread ordered by createdAt shows them in order.
    const created = decodeRows(
      messageRow,
      await this.prisma.$queryRaw`
        WITH first AS (
          INSERT INTO messages ("businessId", direction, channel, "from", "to", participant, body, status, "statusRank",
            source, "messagingServiceSid", "replyToId", "replyPart", "mediaUrls", "numMedia")
          VALUES (${d.businessId}::uuid, 'outbound', ${d.channel}::"Channel", ${d.from}, ${d.to}, ${d.participant}, ${first},
            ${d.status}::"MessageStatus", ${d.statusRank}, ${d.source}::"MessageSource", ${d.messagingServiceSid},
            ${d.replyToId}::uuid, 1, ${d.mediaUrls}::text[], ${d.numMedia})
          ON CONFLICT ("replyToId", "replyPart") DO NOTHING
          RETURNING *
        ), rest AS (
          INSERT INTO messages ("businessId", direction, channel, "from", "to", participant, body, status, "statusRank",
            source, "messagingServiceSid", "replyToId", "replyPart", "createdAt", "updatedAt")
          SELECT ${d.businessId}::uuid, 'outbound', ${d.channel}::"Channel", ${d.from}, ${d.to}, ${d.participant}, p.body,
            ${d.status}::"MessageStatus", ${d.statusRank}, ${d.source}::"MessageSource", ${d.messagingServiceSid},
            ${d.replyToId}::uuid, p.n + 1, now() + p.n * interval '1 millisecond', now()
          FROM unnest(${rest}::text[]) WITH ORDINALITY AS p(body, n)
          WHERE EXISTS (SELECT 1 FROM first)
          RETURNING *
        )
        SELECT * FROM first UNION ALL SELECT * FROM rest`,
    );
    if (created.length) return created.sort((a, b) => (a.replyPart ?? 0) - (b.replyPart ?? 0));
    return this.prisma.message.findMany({ where: { replyToId: input.replyToId }, orderBy: { replyPart: 'asc' } });
  }

  /**
   * The parts of a split reply not yet handed to Twilio, when an earlier part will not be:
   * settled with it (failed or suppressed) instead of left pending.
   */
  async abandonReplyParts(
    ids: string[],
    status: Extract<MessageStatus, 'failed' | 'suppressed'>,
    errorMessage: string,
  ): Promise<void> {
    await this.prisma.message.updateMany({
      where: { id: { in: ids }, status: 'pending', sid: null },
      data: { status, statusRank: statusRank(status), errorMessage },
    });
  }

  /**
   * Moves a pending message to `submitting` for `owner` (a worker process); only one caller
   * can win. Says in the same round trip whether its recipient has opted out and when it last
   * wrote on WhatsApp, for the checks right before the send.
   */
  async claimForSending(id: string, owner: string): Promise<ClaimedMessage | null> {
    const [claimed] = decodeRows(
      claimedRow,
      await this.prisma.$queryRaw`
        WITH claimed AS (
          UPDATE messages m SET status = 'submitting', "statusRank" = ${statusRank('submitting')},
            attempts = attempts + 1, "claimedBy" = ${owner}, "updatedAt" = now()
          WHERE id = ${id}::uuid AND status = 'pending'
          RETURNING m.*
        )
        SELECT claimed.*, COALESCE(c."optedOut", false) AS "recipientOptedOut", c."lastInboundWhatsappAt"
        FROM claimed LEFT JOIN contacts c ON c."businessId" = claimed."businessId" AND c.phone = claimed."to"`,
    );
    return claimed ?? null;
  }

  /**
   * Sends whose outcome was never recorded (the worker died, or Twilio did not answer): claimed
   * longer ago than `olderThanMs`, or, when their owner is one of `deadOwners`, longer ago than
   * `deadOwnerAfterMs`. Ages are on PostgreSQL's clock, the one that stamped the claim.
   */
  async findStuckSubmitting(
    olderThanMs: number,
    limit: number,
    dead: { owners: string[]; afterMs: number } = { owners: [], afterMs: olderThanMs },
  ): Promise<Message[]> {
    const before = (ms: number) => Prisma.sql`now() - ${ms}::double precision * interval '1 millisecond'`;
    const rows = await this.prisma.$queryRaw`
      SELECT * FROM messages
      WHERE status = 'submitting'
        AND ("updatedAt" < ${before(olderThanMs)}
          OR ("claimedBy" = ANY(${dead.owners}::text[]) AND "updatedAt" < ${before(dead.afterMs)}))
      ORDER BY "updatedAt" LIMIT ${limit}`;
    return decodeRows(messageRow, rows);
  }

  /**
   * Puts a claimed send back to `pending` for another attempt, only if it is still the
   * claim the caller holds (`attempts` counts claims): a stale caller (a second reconciler,
   * a slow first attempt) must not reopen a newer claim whose send is in flight.
   * Returns whether it did.
   */
  async releaseForRetry(
    claim: { id: string; attempts: number },
    errorCode: number | null,
    errorMessage: string,
  ): Promise<boolean> {
    const { count } = await this.prisma.message.updateMany({
      where: { id: claim.id, status: 'submitting', attempts: claim.attempts },
      data: { status: 'pending', statusRank: statusRank('pending'), errorCode, errorMessage },
    });
    return count === 1;
  }

  /** A claimed message that will not reach Twilio: refused, opted out, or its campaign stopped. */
  async markUnsent(
    id: string,
    status: Extract<MessageStatus, 'failed' | 'suppressed' | 'canceled'>,
    errorCode: number | null,
    errorMessage: string,
  ): Promise<void> {
    await this.prisma.message.updateMany({
      where: { id, sid: null },
      data: { status, statusRank: statusRank(status), errorCode, errorMessage },
    });
  }

  /** An answer given in a phone call or a widget chat (no Twilio involved): delivered as it is given. */
  async markGivenInConversation(id: string): Promise<void> {
    await this.prisma.message.updateMany({
      where: { id, sid: null },
      data: { status: 'delivered', statusRank: statusRank('delivered'), sentAt: new Date() },
    });
  }

  /**
   * Records Twilio's acceptance: one UPDATE normally. If a status callback beat
   * us here it stored a placeholder row under the SID (unique): fold it in,
   * keeping the furthest status.
   */
  markAccepted(id: string, accepted: TwilioAcceptance): Promise<void> {
    return this.acceptances.submit({ id, accepted });
  }

  /** Records a batch of acceptances in one statement; a batch with a SID clash goes one by one (see markAcceptedOne). */
  private async markAcceptedBatch(items: Array<{ id: string; accepted: TwilioAcceptance }>): Promise<void[]> {
    if (items.length === 1) {
      await this.markAcceptedOne(items[0].id, items[0].accepted);
      return [undefined];
    }
    const rows = items.map(({ id, accepted: a }) => {
      const status = acceptedStatus(a);
      return {
        id,
        sid: a.sid,
        status,
        rank: statusRank(status),
        errorCode: a.errorCode ?? null,
        errorMessage: a.errorMessage ?? null,
      };
    });
    // `m.id = ANY(...)` keeps the plan on the primary key: joined to a function alone,
    // a (cached, generic) plan can pick a full scan of messages per batch.
    await this.prisma.$executeRaw`
      UPDATE messages m SET sid = i.sid, status = i.status::"MessageStatus", "statusRank" = i.rank,
        "errorCode" = i."errorCode", "errorMessage" = i."errorMessage", "sentAt" = now(), "updatedAt" = now()
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS i(id uuid, sid text, status text, rank int, "errorCode" int, "errorMessage" text)
      WHERE m.id = i.id AND m.id = ANY(${items.map((item) => item.id)}::uuid[])`;
    return items.map(() => undefined);
  }

  private async markAcceptedOne(id: string, accepted: TwilioAcceptance): Promise<void> {
    const status = acceptedStatus(accepted);
    try {
      await this.prisma.$executeRaw`
        UPDATE messages SET sid = ${accepted.sid}, status = ${status}::"MessageStatus",
          "statusRank" = ${statusRank(status)}, "errorCode" = ${accepted.errorCode ?? null},
          "errorMessage" = ${accepted.errorMessage ?? null}, "sentAt" = now(), "updatedAt" = now()
        WHERE id = ${id}::uuid`;
    } catch (error) {
      if (!isUniqueViolation(error, 'messages_sid_key')) throw error;
      await this.mergePlaceholder(id, accepted);
    }
  }

  private async mergePlaceholder(id: string, accepted: TwilioAcceptance): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const placeholder = await tx.message.findUnique({ where: { sid: accepted.sid } });
      let status = acceptedStatus(accepted);
      let errorCode = accepted.errorCode ?? null;
      let errorMessage = accepted.errorMessage ?? null;
      if (placeholder && placeholder.id !== id) {
        await tx.message.delete({ where: { id: placeholder.id } });
        if (placeholder.statusRank > statusRank(status)) {
          status = placeholder.status;
          errorCode = placeholder.errorCode ?? errorCode;
          errorMessage = placeholder.errorMessage ?? errorMessage;
        }
      }
      await tx.message.update({
        where: { id },
        data: {
          sid: accepted.sid,
          status,
          statusRank: statusRank(status),
          errorCode,
          errorMessage,
          sentAt: new Date(),
        },
      });
    });
  }
}

/** The row of a new outbound message: status and rank from the vocabulary, together. */
function outboundRow(input: OutboundMessageInput, status: 'pending' | 'scheduled'): Prisma.MessageCreateManyInput {
  return {
    businessId: input.businessId,
    direction: 'outbound',
    channel: input.channel,
    from: input.from,
    to: input.to,
    participant: input.to,
    body: input.body,
    status,
    statusRank: statusRank(status),
    source: input.source,
    messagingServiceSid: input.messagingServiceSid ?? null,
    replyToId: input.replyToId ?? null,
    reminderId: input.reminderId ?? null,
    appointmentId: input.appointmentId ?? null,
    mediaUrls: input.mediaUrls ?? [],
    numMedia: input.mediaUrls?.length ?? 0,
    contentSid: input.contentSid ?? null,
    contentVariables: input.contentVariables ?? null,
  };
}

/** Twilio accepted the message, so it is at least `queued`, whatever word Twilio used. */
function acceptedStatus(accepted: TwilioAcceptance): MessageStatus {
  return parseMessageStatus(accepted.status) ?? 'queued';
}
