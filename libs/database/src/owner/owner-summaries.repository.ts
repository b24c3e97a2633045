import { Injectable } from '@nestjs/common';
import type { OutboxEntry } from '@app/common';
import type { OutboundMessageInput } from '../messages/message-inputs';
import { MessageSendingRepository } from '../messages/message-sending.repository';
import { PrismaService } from '../prisma.service';

/** A business that wants the daily summary, with the last day it got one. */
export interface SummaryRecipient {
  businessId: string;
  name: string;
  ownerPhone: string;
  /** "HH:MM" in the business's time zone. */
  ownerSummaryTime: string;
  /** YYYY-MM-DD, local; null before the first. */
  lastDay: string | null;
}

/** The owner's daily summary texts: who wants one, and the claim that sends each day's once. */
@Injectable()
export class OwnerSummariesRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sending: MessageSendingRepository,
  ) {}

  /** Active businesses with an owner's phone and a summary time (a suspended business sends nothing). */
  async recipients(): Promise<SummaryRecipient[]> {
    const rows = await this.prisma.business.findMany({
      where: { status: 'active', ownerPhone: { not: null }, ownerSummaryTime: { not: null } },
      select: {
        id: true,
        name: true,
        ownerPhone: true,
        ownerSummaryTime: true,
        ownerSummaries: { select: { day: true }, orderBy: { day: 'desc' }, take: 1 },
      },
    });
    return rows.map((b) => ({
      businessId: b.id,
      name: b.name,
      ownerPhone: b.ownerPhone!,
      ownerSummaryTime: b.ownerSummaryTime!,
      lastDay: b.ownerSummaries[0]?.day ?? null,
    }));
  }

  /**
   * Claims the business's `day` and, in the same transaction, stores its text with the send job's
   * outbox row (no message when there is nothing to send it from). The primary key decides: a
   * second claimer, in this process or another, waits for the first to commit and then inserts
   * nothing. False when the day was claimed already; if this transaction fails, nothing is kept
   * and the next tick tries again.
   */
  claim(
    businessId: string,
    day: string,
    send: { message: OutboundMessageInput & { id: string }; job: OutboxEntry } | null,
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.ownerSummary.createMany({
        data: [{ businessId, day, messageId: send?.message.id ?? null }],
        skipDuplicates: true,
      });
      if (count === 0) return false;
      if (send) await this.sending.createOutboundIn(tx, send.message, send.job);
      return true;
    });
  }
}
