import { Injectable } from '@nestjs/common';
import { GroupCommit } from '@app/common';
import { STATEMENT_BATCHING } from './statement-batching';
import { PrismaService } from './prisma.service';
import { Prisma } from './generated/prisma/client';
import type { Channel, Message, MessageDirection } from './generated/prisma/client';
import { statusRank } from './message-status';
import type { OutboxEntry } from '@app/common';

export interface InboundMessageInput {
  sid: string;
  channel: Channel;
  from: string;
  to: string;
  body: string;
  numMedia: number;
  mediaUrls: string[];
  mediaContentTypes: string[];
  profileName?: string;
  accountSid?: string;
  messagingServiceSid?: string;
}

export interface OutboundMessageInput {
  channel: Channel;
  from: string;
  to: string;
  body: string;
  source: string;
  messagingServiceSid?: string | null;
  replyToId?: string;
  mediaUrls?: string[];
}

export interface StatusCallbackInput {
  sid: string;
  status: string;
  errorCode?: number;
  errorMessage?: string;
  channel: Channel;
  from: string;
  to: string;
  accountSid?: string;
}

export interface TwilioAcceptance {
  sid: string;
  status: string;
  errorCode?: number | null;
  errorMessage?: string | null;
}

export interface MessageFilter {
  participant?: string;
  direction?: MessageDirection;
  status?: string;
  since?: Date;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursor over (createdAt DESC, id DESC): stable under concurrent inserts. */
function encodeCursor(message: Pick<Message, 'createdAt' | 'id'>): string {
  return Buffer.from(`${message.createdAt.toISOString()}|${message.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { createdAt, id };
}

@Injectable()
export class MessagesRepository {
  /** Sends finishing together are recorded together: one statement per batch (see GroupCommit). */
  private readonly acceptances = new GroupCommit(
    (items: Array<{ id: string; accepted: TwilioAcceptance }>) => this.markAcceptedBatch(items),
    STATEMENT_BATCHING,
  );

  constructor(private readonly prisma: PrismaService) {}

  findById(id: string): Promise<Message | null> {
    return this.prisma.message.findUnique({ where: { id } });
  }

  /** Looks a message up by Twilio SID, or by our id for messages not yet accepted by Twilio. */
  findBySidOrId(key: string): Promise<Message | null> {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)) {
      return this.prisma.message.findUnique({ where: { id: key } });
    }
    return this.prisma.message.findUnique({ where: { sid: key } });
  }

  findReplyTo(inboundId: string): Promise<Message | null> {
    return this.prisma.message.findUnique({ where: { replyToId: inboundId } });
  }

  /** A one-off message for later: `scheduled` until `at`; no job yet (the workers release it when due). */
  createScheduled(input: OutboundMessageInput & { id: string }, at: Date): Promise<Message> {
    return this.prisma.message.create({
      data: { ...this.outboundData(input), id: input.id, status: 'scheduled', scheduledAt: at },
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
      const due = await tx.$queryRaw<Array<{ id: string }>>`
        UPDATE messages SET status = 'pending', "statusRank" = ${statusRank('pending')}, "updatedAt" = now()
        WHERE id IN (SELECT id FROM messages WHERE status = 'scheduled' AND "scheduledAt" <= ${now}
                     ORDER BY "scheduledAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id::text`;
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

  /** Stores an outbound message and its send job's outbox row in one transaction. */
  async createOutbound(input: OutboundMessageInput & { id: string }, job: OutboxEntry): Promise<Message> {
    const [message] = await this.prisma.$transaction([
      this.prisma.message.create({ data: { ...this.outboundData(input), id: input.id } }),
      this.prisma.outboxJob.create({
        data: { jobName: job.jobName, jobId: job.jobId, payload: job.payload as Prisma.InputJsonObject },
      }),
    ]);
    return message;
  }

  /** One reply per inbound message, whichever worker gets there first. */
  async createReply(input: OutboundMessageInput & { replyToId: string }): Promise<Message> {
    const d = this.outboundData(input);
    // One round trip when it is new (the usual case); a second worker that lost the race reads the winner's.
    const rows = await this.prisma.$queryRaw<Message[]>`
      INSERT INTO messages (direction, channel, "from", "to", participant, body, status, "statusRank", source,
        "messagingServiceSid", "replyToId", "mediaUrls", "numMedia")
      VALUES ('outbound', ${d.channel}::"Channel", ${d.from}, ${d.to}, ${d.participant}, ${d.body}, ${d.status},
        ${d.statusRank}, ${d.source}, ${d.messagingServiceSid}, ${d.replyToId}::uuid, ${d.mediaUrls}::text[], ${d.numMedia})
      ON CONFLICT ("replyToId") DO NOTHING
      RETURNING *`;
    return rows[0] ?? this.prisma.message.findUniqueOrThrow({ where: { replyToId: input.replyToId } });
  }

  private outboundData(input: OutboundMessageInput): Prisma.MessageCreateManyInput {
    return {
      direction: 'outbound',
      channel: input.channel,
      from: input.from,
      to: input.to,
      participant: input.to,
      body: input.body,
      status: 'pending',
      statusRank: statusRank('pending'),
      source: input.source,
      messagingServiceSid: input.messagingServiceSid ?? null,
      replyToId: input.replyToId ?? null,
      mediaUrls: input.mediaUrls ?? [],
      numMedia: input.mediaUrls?.length ?? 0,
    };
  }

  /**
   * Moves a pending message to `submitting`; only one caller can win. Says in the
   * same round trip whether its recipient has opted out, for the check right
   * before the send.
   */
  async claimForSending(id: string): Promise<(Message & { recipientOptedOut: boolean }) | null> {
    const rows = await this.prisma.$queryRaw<Array<Message & { recipientOptedOut: boolean }>>`
      UPDATE messages m SET status = 'submitting', "statusRank" = ${statusRank('submitting')},
        attempts = attempts + 1, "updatedAt" = now()
      WHERE id = ${id}::uuid AND status = 'pending'
      RETURNING m.*, COALESCE((SELECT c."optedOut" FROM contacts c WHERE c.phone = m."to"), false) AS "recipientOptedOut"`;
    return rows[0] ?? null;
  }

  /** Sends claimed longer ago than `olderThanMs` whose outcome was never recorded (the worker died). */
  findStuckSubmitting(olderThanMs: number, limit: number): Promise<Message[]> {
    return this.prisma.message.findMany({
      where: { status: 'submitting', updatedAt: { lt: new Date(Date.now() - olderThanMs) } },
      orderBy: { updatedAt: 'asc' },
      take: limit,
    });
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

  async markUnsent(
    id: string,
    status: 'failed' | 'suppressed' | 'canceled',
    errorCode: number | null,
    errorMessage: string,
  ) {
    await this.prisma.message.updateMany({
      where: { id, sid: null },
      data: { status, statusRank: statusRank(status), errorCode, errorMessage },
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
    const rows = items.map(({ id, accepted: a }) => ({
      id,
      sid: a.sid,
      status: a.status,
      rank: statusRank(a.status),
      errorCode: a.errorCode ?? null,
      errorMessage: a.errorMessage ?? null,
    }));
    // `m.id = ANY(...)` keeps the plan on the primary key: joined to a function alone,
    // a (cached, generic) plan can pick a full scan of messages per batch.
    await this.prisma.$executeRaw`
      UPDATE messages m SET sid = i.sid, status = i.status, "statusRank" = i.rank, "errorCode" = i."errorCode",
        "errorMessage" = i."errorMessage", "sentAt" = now(), "updatedAt" = now()
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS i(id uuid, sid text, status text, rank int, "errorCode" int, "errorMessage" text)
      WHERE m.id = i.id AND m.id = ANY(${items.map((item) => item.id)}::uuid[])`;
    return items.map(() => undefined);
  }

  private async markAcceptedOne(id: string, accepted: TwilioAcceptance): Promise<void> {
    const status = accepted.status;
    try {
      await this.prisma.$executeRaw`
        UPDATE messages SET sid = ${accepted.sid}, status = ${status}, "statusRank" = ${statusRank(status)},
          "errorCode" = ${accepted.errorCode ?? null}, "errorMessage" = ${accepted.errorMessage ?? null},
          "sentAt" = now(), "updatedAt" = now()
        WHERE id = ${id}::uuid`;
    } catch (error) {
      if (!String((error as Error).message).includes('messages_sid_key')) throw error;
      await this.mergePlaceholder(id, accepted);
    }
  }

  private async mergePlaceholder(id: string, accepted: TwilioAcceptance): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const placeholder = await tx.message.findUnique({ where: { sid: accepted.sid } });
      let status = accepted.status;
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

  /** Upserts messages pulled from Twilio's history; returns the ones that were new. */
  async upsertSynced(
    messages: Array<InboundMessageInput & { direction: MessageDirection; status: string; createdAt: Date }>,
  ) {
    const created: Message[] = [];
    for (const m of messages) {
      const participant = m.direction === 'inbound' ? m.from : m.to;
      const rows = await this.prisma.$queryRaw<Message[]>`
        INSERT INTO messages (sid, direction, channel, "from", "to", participant, body, status, "statusRank",
          "numMedia", "mediaUrls", "mediaContentTypes", "accountSid", "messagingServiceSid", source, "createdAt")
        VALUES (${m.sid}, ${m.direction}::"MessageDirection", ${m.channel}::"Channel", ${m.from}, ${m.to},
          ${participant}, ${m.body}, ${m.status}, ${statusRank(m.status)}, ${m.numMedia}, ${m.mediaUrls}::text[],
          ${m.mediaContentTypes}::text[], ${m.accountSid ?? null}, ${m.messagingServiceSid ?? null}, 'sync', ${m.createdAt})
        ON CONFLICT (sid) DO UPDATE SET
          status = CASE WHEN messages."statusRank" < EXCLUDED."statusRank" THEN EXCLUDED.status ELSE messages.status END,
          "statusRank" = GREATEST(messages."statusRank", EXCLUDED."statusRank"),
          "updatedAt" = now()
        RETURNING *, (xmax = 0) AS inserted`;
      const row = rows[0] as Message & { inserted: boolean };
      if (row.inserted) {
        const { inserted: _inserted, ...message } = row;
        created.push(message);
      }
    }
    return created;
  }

  /**
   * The conversation before an inbound message, newest first, found from the
   * message's id alone: so it can be read beside the message, not after it.
   */
  historyBefore(inboundId: string, limit: number): Promise<Message[]> {
    return this.prisma.$queryRaw<Message[]>`
      SELECT h.* FROM messages i
      CROSS JOIN LATERAL (
        SELECT * FROM messages h
        WHERE h.participant = i."from" AND h."createdAt" <= i."createdAt" AND h.id <> i.id AND h.body <> ''
        ORDER BY h."createdAt" DESC, h.id DESC
        LIMIT ${limit}
      ) h
      WHERE i.id = ${inboundId}::uuid
      ORDER BY h."createdAt" DESC, h.id DESC`;
  }

  /** The participant's recent messages before `before`, newest first. */
  recentHistory(participant: string, before: Date, excludeId: string, limit: number): Promise<Message[]> {
    return this.prisma.message.findMany({
      where: { participant, createdAt: { lte: before }, id: { not: excludeId }, body: { not: '' } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }

  async list(filter: MessageFilter, limit: number, cursor?: string): Promise<Page<Message>> {
    const after = cursor ? decodeCursor(cursor) : null;
    const where: Prisma.MessageWhereInput = {
      participant: filter.participant,
      direction: filter.direction,
      status: filter.status,
      createdAt: filter.since ? { gte: filter.since } : undefined,
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    };
    const rows = await this.prisma.message.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }

  /** One row per participant: the last message and counts, newest conversation first. */
  async conversations(limit: number, offset: number) {
    return this.prisma.$queryRaw<
      Array<{ participant: string; messageCount: number; inboundCount: number; unreadCount: number; lastId: string }>
    >`
      SELECT participant,
        COUNT(*)::int AS "messageCount",
        COUNT(*) FILTER (WHERE direction = 'inbound')::int AS "inboundCount",
        COUNT(*) FILTER (WHERE direction = 'inbound' AND "readAt" IS NULL)::int AS "unreadCount",
        (ARRAY_AGG(id ORDER BY "createdAt" DESC, id DESC))[1]::text AS "lastId",
        MAX("createdAt") AS "lastAt"
      FROM messages
      GROUP BY participant
      ORDER BY "lastAt" DESC, participant
      LIMIT ${limit} OFFSET ${offset}`;
  }

  findManyByIds(ids: string[]): Promise<Message[]> {
    return this.prisma.message.findMany({ where: { id: { in: ids } } });
  }

  async markThreadRead(participant: string): Promise<number> {
    const result = await this.prisma.message.updateMany({
      where: { participant, direction: 'inbound', readAt: null },
      data: { readAt: new Date() },
    });
    return result.count;
  }

  redact(id: string): Promise<Message> {
    return this.prisma.message.update({ where: { id }, data: { body: '', mediaUrls: [], mediaContentTypes: [] } });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.message.deleteMany({ where: { id } });
  }
}
