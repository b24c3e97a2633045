import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { AiSession } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { decodeRows } from '../rows';

const sessionRow = z.object({
  businessId: z.string(),
  participant: z.string(),
  chatId: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
}) satisfies z.ZodType<AiSession>;

export interface NewAiSession {
  businessId: string;
  participant: string;
  chatId: string;
  /** The Clock's now: expiry is judged on the same clock the tests move. */
  now: Date;
  expiresAt: Date;
  /** The chat this one replaces (refused by the backend), or null when there was none or it expired. */
  replacing: string | null;
}

/** AskYourDatabase chats, one per business and customer number (ai_sessions). */
@Injectable()
export class AiSessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(businessId: string, participant: string): Promise<AiSession | null> {
    return this.prisma.aiSession.findUnique({ where: { businessId_participant: { businessId, participant } } });
  }

  /**
   * Stores a new chat as the contact's session and returns the session to use. Two workers
   * answering the same number at once may both have made a new chat: the first one stored
   * wins, and the other gets it (its own chat is left unused), so one number keeps one
   * conversation. A stored session is replaced only when it expired or is the one `replacing` names.
   */
  async replace(session: NewAiSession): Promise<AiSession> {
    const { businessId, participant, chatId, now, expiresAt, replacing } = session;
    const [stored] = decodeRows(
      sessionRow,
      await this.prisma.$queryRaw`
        INSERT INTO ai_sessions ("businessId", participant, "chatId", "createdAt", "expiresAt")
        VALUES (${businessId}::uuid, ${participant}, ${chatId}, ${now}, ${expiresAt})
        ON CONFLICT ("businessId", participant) DO UPDATE
          SET "chatId" = EXCLUDED."chatId", "createdAt" = EXCLUDED."createdAt", "expiresAt" = EXCLUDED."expiresAt"
          WHERE ai_sessions."expiresAt" <= ${now} OR ai_sessions."chatId" = ${replacing}
        RETURNING *`,
    );
    if (stored) return stored;
    // Another worker stored a live session meanwhile; use it. (Deleted since? Then store ours.)
    return (await this.find(businessId, participant)) ?? this.replace(session);
  }

  /** Deletes the sessions expired at `now`; returns how many. Periodic maintenance. */
  async deleteExpired(now: Date): Promise<number> {
    const { count } = await this.prisma.aiSession.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
