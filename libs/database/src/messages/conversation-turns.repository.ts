import { Injectable } from '@nestjs/common';
import type { Message } from '../generated/prisma/client';
import { WebhookPrismaService } from '../prisma.service';

/** A page of the answers a web chat visitor may read. */
export interface VisitorAnswersQuery {
  businessId: string;
  /** The conversation's participant: the visitor's address, or the phone they gave. */
  participant: string;
  /** Every inbound sid of this visitor starts with it (`web.<visitorId>.`), so only their own turns' answers show. */
  sidPrefix: string;
  /** Only answers stored after this. */
  after: Date;
  limit: number;
}

/**
 * The reads of someone waiting in a live conversation (a caller, a chat visitor) for the answer
 * to what they just said. On the webhooks' own connection pool: a flood of admin requests on the
 * main pool cannot hold up an answer, and these waits never take the admin's connections.
 */
@Injectable()
export class ConversationTurnsRepository {
  constructor(private readonly prisma: WebhookPrismaService) {}

  /** The replies stored so far to any of these inbound messages, in their parts' order. */
  repliesTo(inboundIds: string[]): Promise<Message[]> {
    return this.prisma.message.findMany({
      where: { replyToId: { in: inboundIds } },
      orderBy: [{ replyToId: 'asc' }, { replyPart: 'asc' }],
    });
  }

  /**
   * The answers to a chat visitor's own turns stored after `after`, oldest first. Through the
   * conversation's index (business, participant, time); the sid prefix keeps out the answers to
   * someone else who gave the same phone number.
   */
  async visitorAnswers(query: VisitorAnswersQuery): Promise<Message[]> {
    const turns = await this.prisma.message.findMany({
      where: {
        businessId: query.businessId,
        participant: query.participant,
        direction: 'inbound',
        channel: 'web',
        sid: { startsWith: query.sidPrefix },
        createdAt: { gte: new Date(query.after.getTime() - 24 * 3600_000) },
      },
      select: { id: true },
    });
    if (!turns.length) return [];
    return this.prisma.message.findMany({
      where: {
        businessId: query.businessId,
        replyToId: { in: turns.map((t) => t.id) },
        createdAt: { gt: query.after },
      },
      orderBy: [{ createdAt: 'asc' }, { replyPart: 'asc' }],
      take: query.limit,
    });
  }
}
