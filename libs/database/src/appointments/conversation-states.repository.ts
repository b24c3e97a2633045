import { Injectable } from '@nestjs/common';
import type { ConversationState, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

/** Where a customer is in a fixed text flow with a business (one row per business and number). */
@Injectable()
export class ConversationStatesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The state, expired or not: an answer to an expired offer is told so, not taken for a new text. */
  find(businessId: string, participant: string): Promise<ConversationState | null> {
    return this.prisma.conversationState.findUnique({ where: { businessId_participant: { businessId, participant } } });
  }

  put(businessId: string, participant: string, state: string, data: Prisma.InputJsonValue, expiresAt: Date) {
    return this.prisma.conversationState.upsert({
      where: { businessId_participant: { businessId, participant } },
      create: { businessId, participant, state, data, expiresAt },
      update: { state, data, expiresAt },
    });
  }

  async clear(businessId: string, participant: string): Promise<void> {
    await this.prisma.conversationState.deleteMany({ where: { businessId, participant } });
  }

  /**
   * Deletes at most `limit` states that expired before `before`, oldest first, through the
   * expiresAt index; returns how many. SKIP LOCKED: overlapping runs split the rows instead of
   * waiting on each other, and a row a customer's text is rewriting right now is left for the
   * next run. The outer WHERE re-checks expiresAt, so a state renewed meanwhile stays.
   */
  deleteExpired(before: Date, limit: number): Promise<number> {
    const cutoff = before.toISOString().slice(0, -1);
    return this.prisma.$executeRaw`
      DELETE FROM conversation_states s
      USING (
        SELECT "businessId", participant FROM conversation_states
        WHERE "expiresAt" < ${cutoff}::timestamp(3)
        ORDER BY "expiresAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) o
      WHERE s."businessId" = o."businessId" AND s.participant = o.participant
        AND s."expiresAt" < ${cutoff}::timestamp(3)`;
  }
}
