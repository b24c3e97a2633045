import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { OutboxEntry } from '@app/common';
import { MessageSendingRepository } from './messages/message-sending.repository';
import { PrismaService } from './prisma.service';
import { decodeRows, idRow } from './rows';

/** A booked appointment still waiting for its reminder, with what the rules and the text need. */
const candidateRow = z.object({
  id: z.string(),
  businessId: z.string(),
  startsAt: z.date(),
  businessName: z.string(),
  reminderHours: z.number().int(),
  /** Whether the business books by text: only then does the reminder offer R to reschedule. */
  bookingEnabled: z.boolean(),
  phone: z.string(),
  contactOptedOut: z.boolean(),
});
export type ReminderCandidate = z.infer<typeof candidateRow>;

const remindedRow = z.object({ id: z.string(), startsAt: z.date() });
/** An appointment a customer was reminded of, still booked and ahead: what C and R act on. */
export type RemindedAppointment = z.infer<typeof remindedRow>;

/** Per business: the latest "N hours before" moment that can be due now (see reminderHorizon in messaging). */
export interface ReminderHorizon {
  businessId: string;
  horizon: Date;
}

/** What the rules decided for one due appointment. */
export type ReminderOutcome =
  | {
      kind: 'send';
      appointment: ReminderCandidate;
      message: { from: string; messagingServiceSid: string | null; body: string };
    }
  | { kind: 'skip'; appointment: ReminderCandidate; reason: string };

/** timestamp(3) columns hold UTC without a zone: instants go in as UTC wall times. */
const utc = (d: Date) => d.toISOString().slice(0, -1);

@Injectable()
export class AppointmentRemindersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sending: MessageSendingRepository,
  ) {}

  /**
   * Booked appointments of active businesses with no reminder yet (neither sent nor skipped),
   * not started, and starting at most `horizon` + the business's reminderHours + 1 h: every one
   * whose reminder can be due now, and few others. One index range per business (the partial
   * index of appointments still waiting for their reminder), at most `perBusiness` each.
   */
  async candidates(now: Date, horizons: ReminderHorizon[], perBusiness: number): Promise<ReminderCandidate[]> {
    if (!horizons.length) return [];
    const rows = horizons.map((h) => ({ businessId: h.businessId, horizon: utc(h.horizon) }));
    return decodeRows(
      candidateRow,
      await this.prisma.$queryRaw`
        SELECT a.id::text, a."businessId"::text, a."startsAt", b.name AS "businessName", b."reminderHours",
               b."bookingEnabled",
               c.phone, c."optedOut" AS "contactOptedOut"
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS h("businessId" uuid, horizon timestamp(3))
        JOIN businesses b ON b.id = h."businessId" AND b.status = 'active'
        CROSS JOIN LATERAL (
          SELECT * FROM appointments a
          WHERE a."businessId" = b.id AND a.status = 'booked'
            AND a."reminderSentAt" IS NULL AND a."reminderSkipReason" IS NULL
            AND a."startsAt" > ${utc(now)}::timestamp(3)
            AND a."startsAt" <= h.horizon + make_interval(hours => b."reminderHours" + 1)
          ORDER BY a."startsAt"
          LIMIT ${perBusiness}
        ) a
        JOIN contacts c ON c.id = a."contactId"`,
    );
  }

  /**
   * The appointment a C or R from this number is about: of the number's appointments in this
   * business that are still booked and not started, the one reminded most recently (its reminder
   * messages name it). Derived from what was sent rather than kept as conversation state, so a
   * booking conversation in between (which owns that state) does not erase it, and a cancelled or
   * past appointment drops out by itself. After a move the reminder still names the appointment:
   * C then confirms its new time, which the answer states. A few rows per customer: the
   * contact's appointments by (contactId, startsAt), their reminders by the appointmentId index.
   */
  async lastReminded(businessId: string, phone: string, now: Date): Promise<RemindedAppointment | null> {
    const [row] = decodeRows(
      remindedRow,
      await this.prisma.$queryRaw`
        SELECT a.id::text, a."startsAt"
        FROM contacts c
        JOIN appointments a ON a."contactId" = c.id AND a."businessId" = c."businessId"
        CROSS JOIN LATERAL (
          SELECT max(m."createdAt") AS at FROM messages m
          WHERE m."appointmentId" = a.id AND m.source = 'reminder'
        ) r
        WHERE c."businessId" = ${businessId}::uuid AND c.phone = ${phone}
          AND a.status = 'booked' AND a."startsAt" > ${utc(now)}::timestamp(3) AND r.at IS NOT NULL
        ORDER BY r.at DESC
        LIMIT 1`,
    );
    return row ?? null;
  }

  /**
   * Records the outcomes exactly once whatever the number of workers: one UPDATE claims the
   * appointments still booked, at the time the rules saw, and still without a reminder. Their
   * rows are locked first with SKIP LOCKED, so a concurrent tick neither waits for nor claims
   * an appointment another one holds, and once that one commits the claim's WHERE no longer
   * matches. In the same transaction each claimed send's message and its send job's outbox
   * row are written. Returns the send jobs and what was recorded.
   */
  async record(
    now: Date,
    outcomes: ReminderOutcome[],
    sendJob: (messageId: string) => OutboxEntry,
  ): Promise<{ jobs: OutboxEntry[]; sent: number; skipped: number }> {
    if (!outcomes.length) return { jobs: [], sent: 0, skipped: 0 };
    const rows = outcomes.map((o) => ({
      id: o.appointment.id,
      startsAt: utc(o.appointment.startsAt),
      skip: o.kind === 'skip' ? o.reason : null,
    }));
    return this.prisma.$transaction(async (tx) => {
      const claimed = new Set(
        decodeRows(
          idRow,
          await tx.$queryRaw`
            WITH o AS (
              SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS o(id uuid, "startsAt" timestamp(3), skip text)
            )
            UPDATE appointments a
            SET "reminderSentAt" = CASE WHEN o.skip IS NULL THEN ${utc(now)}::timestamp(3) END,
                "reminderSkipReason" = o.skip, "updatedAt" = now()
            FROM o
            WHERE a.id = o.id AND a.id IN (
              SELECT w.id FROM appointments w JOIN o ON o.id = w.id
              WHERE w.status = 'booked' AND w."startsAt" = o."startsAt"
                AND w."reminderSentAt" IS NULL AND w."reminderSkipReason" IS NULL
                AND w."businessId" IN (SELECT id FROM businesses WHERE status = 'active')
              FOR UPDATE OF w SKIP LOCKED)
            RETURNING a.id::text`,
        ).map((row) => row.id),
      );
      const jobs: OutboxEntry[] = [];
      let skipped = 0;
      for (const outcome of outcomes) {
        if (!claimed.has(outcome.appointment.id)) continue;
        if (outcome.kind === 'skip') {
          skipped++;
          continue;
        }
        const id = randomUUID();
        const job = sendJob(id);
        const { appointment, message } = outcome;
        await this.sending.createOutboundIn(
          tx,
          {
            id,
            businessId: appointment.businessId,
            channel: 'sms',
            from: message.from,
            to: appointment.phone,
            body: message.body,
            source: 'reminder',
            appointmentId: appointment.id,
            messagingServiceSid: message.messagingServiceSid,
          },
          job,
        );
        jobs.push(job);
      }
      return { jobs, sent: jobs.length, skipped };
    });
  }
}
