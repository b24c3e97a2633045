import { Injectable } from '@nestjs/common';
import type { Call, CallOutcome, Prisma } from '../generated/prisma/client';
import { PrismaService, WebhookPrismaService } from '../prisma.service';
import type { OutboxEntry } from '@app/common';
import type { OwnerAlert } from '../emergencies/emergencies.repository';
import { MessageSendingRepository } from '../messages/message-sending.repository';

/** One thing said in a call, in order: the assistant's words, or the caller's as Twilio heard them. */
export interface CallTurn {
  at: string;
  speaker: 'caller' | 'assistant';
  text: string;
  /** Twilio's confidence in its transcription (0–1), for the caller's words. */
  confidence?: number;
}

export interface NewCall {
  businessId: string;
  callSid: string;
  from: string;
  to: string;
  status: string;
  /** What the caller heard first. */
  greeting: string;
}

/** A call as it ended, for the owner's text about it. */
export interface EndedCall {
  businessId: string;
  callSid: string;
  from: string;
  durationSeconds: number | null;
  outcome: CallOutcome | null;
  turns: CallTurn[];
  ownerMessageId: string | null;
}

/** Twilio's CallStatus values after which nothing more happens on the call. */
const ENDED = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

/** Calls: opened by the voice webhook (once per CallSid, whatever Twilio retries), closed by its status callbacks. */
@Injectable()
export class CallsRepository {
  constructor(
    private readonly prisma: PrismaService,
    /** Twilio's webhooks write on their own pool: admin load never keeps a caller waiting. */
    private readonly webhookPrisma: WebhookPrismaService,
    private readonly sending: MessageSendingRepository,
  ) {}

  /** The call's row; a retried webhook for the same CallSid finds the first one's. */
  async open(call: NewCall, now: Date): Promise<Call> {
    const turns: CallTurn[] = [{ at: now.toISOString(), speaker: 'assistant', text: call.greeting }];
    const { greeting: _, ...row } = call;
    return this.webhookPrisma.call.upsert({
      where: { callSid: call.callSid },
      create: { ...row, turns: turns as unknown as Prisma.InputJsonValue, createdAt: now },
      update: {},
    });
  }

  /**
   * A status callback: the status (and, once ended, the duration and the end) of a call we
   * have; null when the CallSid is none of ours. A call that ends without an outcome got none
   * from its turns: `info` if the caller said anything, else `abandoned`. The callback that
   * ends a booked or emergency call also stores the owner's text about it (`tellOwner`), with
   * its send job's outbox row, in the same transaction: once, however often Twilio repeats it.
   */
  async applyStatus(
    update: { callSid: string; status: string; durationSeconds: number | null },
    now: Date,
    tellOwner: (call: EndedCall) => Promise<OwnerAlert>,
  ): Promise<{ businessId: string; ownerJob: OutboxEntry | null } | null> {
    const ended = ENDED.includes(update.status);
    return this.webhookPrisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<Array<EndedCall & { justEnded: boolean }>>`
        WITH before AS (SELECT id, "endedAt" FROM calls WHERE "callSid" = ${update.callSid} FOR UPDATE)
        UPDATE calls c SET status = ${update.status},
          "durationSeconds" = COALESCE(${update.durationSeconds}::int, c."durationSeconds"),
          "endedAt" = CASE WHEN ${ended} THEN COALESCE(c."endedAt", ${now}::timestamp(3)) ELSE c."endedAt" END,
          outcome = CASE WHEN ${ended} AND c.outcome IS NULL THEN
              (CASE WHEN c.turns @> '[{"speaker": "caller"}]'::jsonb THEN 'info' ELSE 'abandoned' END)::"CallOutcome"
            ELSE c.outcome END,
          "updatedAt" = now()
        FROM before
        WHERE c.id = before.id
          -- A late "ringing" or "in-progress" never reopens a call that ended.
          AND (c."endedAt" IS NULL OR ${ended})
        RETURNING c."businessId"::text AS "businessId", c."callSid", c."from", c."durationSeconds",
          c.outcome::text AS outcome, c.turns, c."ownerMessageId"::text AS "ownerMessageId",
          (${ended} AND before."endedAt" IS NULL) AS "justEnded"`;
      if (!row) {
        const known = await tx.call.findUnique({ where: { callSid: update.callSid }, select: { businessId: true } });
        return known && { businessId: known.businessId, ownerJob: null };
      }
      const { justEnded, ...call } = row;
      const worthTelling = call.outcome === 'booked' || call.outcome === 'emergency';
      const text = justEnded && worthTelling && !call.ownerMessageId ? await tellOwner(call) : null;
      if (!text) return { businessId: call.businessId, ownerJob: null };
      await this.sending.createOutboundIn(tx, text.message, text.job);
      await tx.call.update({ where: { callSid: call.callSid }, data: { ownerMessageId: text.message.id } });
      return { businessId: call.businessId, ownerJob: text.job };
    });
  }

  /**
   * Appends turns to a call, and moves its outcome up when a turn booked or raised an emergency
   * (an emergency outranks a booking; neither is ever taken back).
   */
  async recordTurns(callSid: string, turns: CallTurn[], outcome: 'booked' | 'emergency' | null): Promise<void> {
    await this.webhookPrisma.$executeRaw`
      UPDATE calls SET turns = turns || ${JSON.stringify(turns)}::jsonb,
        outcome = CASE
          WHEN ${outcome}::text = 'emergency' OR outcome = 'emergency' THEN 'emergency'::"CallOutcome"
          WHEN ${outcome}::text = 'booked' OR outcome = 'booked' THEN 'booked'::"CallOutcome"
          ELSE outcome END,
        "updatedAt" = now()
      WHERE "callSid" = ${callSid}`;
  }

  /**
   * The assistant's answer appended (after the caller's words it answers, when not yet recorded),
   * and the outcome raised by what the turn did, in one statement: an emergency (the turn's
   * message recorded one) or a booking (an appointment from a call, for this caller, made since
   * the call began). An emergency is never lowered to a booking.
   */
  async recordAnswer(
    turn: { callSid: string; businessId: string; inboundMessageId: string; caller: string; since: Date },
    turns: CallTurn[],
  ): Promise<void> {
    await this.webhookPrisma.$executeRaw`
      UPDATE calls SET turns = turns || ${JSON.stringify(turns)}::jsonb,
        outcome = CASE
          WHEN outcome = 'emergency'
            OR EXISTS (SELECT 1 FROM emergencies WHERE "inboundMessageId" = ${turn.inboundMessageId}::uuid)
            THEN 'emergency'::"CallOutcome"
          WHEN outcome = 'booked'
            OR EXISTS (SELECT 1 FROM appointments a JOIN contacts c ON c.id = a."contactId"
                       WHERE a."businessId" = ${turn.businessId}::uuid AND c.phone = ${turn.caller}
                         AND a.source = 'voice' AND a."createdAt" >= ${turn.since}::timestamp(3))
            THEN 'booked'::"CallOutcome"
          ELSE outcome END,
        "updatedAt" = now()
      WHERE "callSid" = ${turn.callSid}`;
  }

  /** A call by CallSid, whoever's it is: for the turn routes, which know only the CallSid. */
  findBySid(callSid: string): Promise<Call | null> {
    return this.webhookPrisma.call.findUnique({ where: { callSid } });
  }

  /** One business's calls, newest first. */
  list(businessId: string, limit: number, offset: number, outcome?: CallOutcome): Promise<Call[]> {
    return this.prisma.call.findMany({
      where: { businessId, ...(outcome ? { outcome } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      skip: offset,
    });
  }

  /** By CallSid, only within the business: another's is as absent as a made-up one. */
  find(businessId: string, callSid: string): Promise<Call | null> {
    return this.prisma.call.findFirst({ where: { businessId, callSid } });
  }
}
