import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { OutboxEntry } from '@app/common';
import type { Prisma, Reminder } from './generated/prisma/client';
import { MessageSendingRepository } from './messages/message-sending.repository';
import { PrismaService } from './prisma.service';
import { decodeRows, reminderRow } from './rows';

/** A due reminder, with what the rules need to know of its recipient. */
const dueReminderRow = reminderRow.extend({ contactOptedOut: z.boolean(), contactTimezone: z.string().nullable() });
export type DueReminder = z.infer<typeof dueReminderRow>;

/** What to do with one due occurrence, decided by the caller's rules. */
export type Firing =
  | {
      kind: 'send';
      message: { from: string; messagingServiceSid: string | null };
      next: Date | null;
      missed: number;
      note: string | null;
    }
  | { kind: 'skip'; next: Date | null; skipped: number; note: string }
  | { kind: 'postpone'; until: Date };

@Injectable()
export class RemindersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sending: MessageSendingRepository,
  ) {}

  create(data: Prisma.ReminderUncheckedCreateInput & { businessId: string }): Promise<Reminder> {
    return this.prisma.reminder.create({ data });
  }

  findById(id: string): Promise<Reminder | null> {
    return this.prisma.reminder.findUnique({ where: { id } });
  }

  list(businessId: string, limit: number, offset: number): Promise<Reminder[]> {
    return this.prisma.reminder.findMany({
      where: { businessId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      skip: offset,
    });
  }

  update(id: string, data: Prisma.ReminderUpdateInput): Promise<Reminder> {
    return this.prisma.reminder.update({ where: { id }, data });
  }

  async delete(id: string): Promise<boolean> {
    return (await this.prisma.reminder.deleteMany({ where: { id } })).count > 0;
  }

  /**
   * Fires due reminders exactly once across any number of workers: due rows are
   * locked (SKIP LOCKED, so workers split them), and each one's message, outbox
   * row and next run are written in the same transaction. Returns the send jobs.
   */
  async fireDue(
    now: Date,
    limit: number,
    decide: (reminder: DueReminder) => Firing,
    sendJob: (messageId: string) => OutboxEntry,
  ): Promise<OutboxEntry[]> {
    return this.prisma.$transaction(async (tx) => {
      const due = decodeRows(
        dueReminderRow,
        await tx.$queryRaw`
          SELECT r.*, COALESCE(c."optedOut", false) AS "contactOptedOut", c.timezone AS "contactTimezone"
          FROM reminders r LEFT JOIN contacts c ON c."businessId" = r."businessId" AND c.phone = r."to"
          WHERE r.enabled AND r."nextRunAt" <= ${now}
            -- A suspended business's reminders wait; after resume an overdue one sends once (catch-up).
            AND r."businessId" IN (SELECT id FROM businesses WHERE status = 'active')
          ORDER BY r."nextRunAt"
          LIMIT ${limit}
          FOR UPDATE OF r SKIP LOCKED`,
      );
      const jobs: OutboxEntry[] = [];
      for (const reminder of due) {
        const firing = decide(reminder);
        if (firing.kind === 'postpone') {
          await tx.reminder.update({ where: { id: reminder.id }, data: { nextRunAt: firing.until } });
        } else if (firing.kind === 'skip') {
          await tx.reminder.update({
            where: { id: reminder.id },
            data: { nextRunAt: firing.next, skippedCount: { increment: firing.skipped }, lastError: firing.note },
          });
        } else {
          const id = randomUUID();
          const job = sendJob(id);
          const message = {
            id,
            businessId: reminder.businessId,
            channel: reminder.channel,
            from: firing.message.from,
            to: reminder.to,
            body: reminder.body,
            contentSid: reminder.contentSid,
            contentVariables: reminder.contentVariables,
            source: 'reminder' as const,
            reminderId: reminder.id,
            messagingServiceSid: firing.message.messagingServiceSid,
          };
          await this.sending.createOutboundIn(tx, message, job);
          await tx.reminder.update({
            where: { id: reminder.id },
            data: {
              nextRunAt: firing.next,
              lastSentAt: now,
              sendCount: { increment: 1 },
              skippedCount: { increment: firing.missed },
              lastError: firing.note,
            },
          });
          jobs.push(job);
        }
      }
      return jobs;
    });
  }
}
