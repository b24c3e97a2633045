import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { AppointmentStatus } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { decodeRows } from '../rows';

/**
 * The statuses a day's schedule shows: `booked` (still to do) and `completed` (done that day,
 * kept so the day reads the same at 5 pm as at 8 am). `cancelled` and `no_show` are jobs that
 * did not happen: they are not work the day holds (cancellations are counted in the summary).
 */
export const SCHEDULE_STATUSES = ['booked', 'completed'] as const satisfies readonly AppointmentStatus[];

/** One appointment of a day's schedule, with who it is for. */
export interface ScheduledJob {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: (typeof SCHEDULE_STATUSES)[number];
  isEmergency: boolean;
  service: string | null;
  notes: string | null;
  /** The appointment's own address, else the contact's. */
  address: string | null;
  contact: { name: string | null; phone: string };
}

/** What a business's day came to: its bookings and its texts. */
export interface DayCounts {
  /** Appointments created that day, whatever became of them since. */
  newBookings: number;
  /** Appointments cancelled that day (status cancelled, last changed that day). */
  cancellations: number;
  /**
   * Customers with an emergency that day: raised by their text (a keyword or the AI's
   * flag_emergency; `emergencies` rows, whether an appointment was marked or it was a lead), or an
   * emergency appointment booked that day (the API, a voice call). Counted per customer, so an
   * appointment marked by a text, or three panicked texts, are one emergency, not several.
   */
  emergencies: number;
  inboundMessages: number;
  /** Customers whose last message of the day was theirs, with no reply after it. */
  unansweredConversations: number;
}

const countsRow = z.object({
  newBookings: z.number().int(),
  cancellations: z.number().int(),
  emergencies: z.number().int(),
  inboundMessages: z.number().int(),
  unansweredConversations: z.number().int(),
});

/** timestamp(3) holds UTC without a zone: bounds go in as UTC wall times. */
const utc = (d: Date) => d.toISOString().slice(0, -1);

/**
 * A reply is a text that reached, or is on its way to, the customer in answer to them: not a
 * campaign, reminder, owner summary, owner alert or call summary (sent whatever they said, the last three to the
 * owner's own number, which may also text the business), and not one that never went
 * (suppressed for an opt-out, canceled, failed, undelivered) or has not gone yet (scheduled).
 */
const NOT_A_REPLY_SOURCES = ['campaign', 'reminder', 'owner_summary', 'owner_alert', 'call_summary'];
const UNSENT = ['suppressed', 'canceled', 'failed', 'undelivered', 'scheduled'];

/** The owner's views of one day of one business: its schedule and its counts. Every read names the business. */
@Injectable()
export class OwnerViewsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Appointments starting in [from, to), in time order. */
  async schedule(businessId: string, from: Date, to: Date): Promise<ScheduledJob[]> {
    const rows = await this.prisma.appointment.findMany({
      where: { businessId, status: { in: [...SCHEDULE_STATUSES] }, startsAt: { gte: from, lt: to } },
      include: { contact: { select: { name: true, phone: true, address: true } } },
      orderBy: [{ startsAt: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((a) => ({
      id: a.id,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      // The query asked for these statuses only.
      status: a.status as ScheduledJob['status'],
      isEmergency: a.isEmergency,
      service: a.service,
      notes: a.notes,
      address: a.address ?? a.contact.address,
      contact: { name: a.contact.name, phone: a.contact.phone },
    }));
  }

  /** The counts of [from, to), in one statement. */
  async counts(businessId: string, from: Date, to: Date): Promise<DayCounts> {
    const [start, end] = [utc(from), utc(to)];
    const [row] = decodeRows(
      countsRow,
      await this.prisma.$queryRaw`
        WITH day AS (SELECT ${start}::timestamp(3) AS "from", ${end}::timestamp(3) AS "to"),
        talk AS (
          -- The day's conversation: what customers sent, and the replies that reached them.
          SELECT m.participant, m.direction, m."createdAt" FROM messages m, day
          WHERE m."businessId" = ${businessId}::uuid AND m."createdAt" >= day."from" AND m."createdAt" < day."to"
            AND (m.direction = 'inbound' OR (m.source::text <> ALL(${NOT_A_REPLY_SOURCES}::text[])
                                             AND m.status::text <> ALL(${UNSENT}::text[])))
        ),
        last AS (
          -- On a tie the reply counts as the later one: it answers what came in that same moment.
          SELECT DISTINCT ON (participant) participant, direction, "createdAt" FROM talk
          ORDER BY participant, "createdAt" DESC, (direction = 'outbound') DESC
        )
        SELECT
          (SELECT COUNT(*)::int FROM appointments a, day WHERE a."businessId" = ${businessId}::uuid
             AND a."createdAt" >= day."from" AND a."createdAt" < day."to") AS "newBookings",
          (SELECT COUNT(*)::int FROM appointments a, day WHERE a."businessId" = ${businessId}::uuid
             AND a.status = 'cancelled' AND a."updatedAt" >= day."from" AND a."updatedAt" < day."to") AS cancellations,
          (SELECT COUNT(*)::int FROM (
             SELECT e."contactId" FROM emergencies e, day WHERE e."businessId" = ${businessId}::uuid
               AND e."createdAt" >= day."from" AND e."createdAt" < day."to"
             UNION
             SELECT a."contactId" FROM appointments a, day WHERE a."businessId" = ${businessId}::uuid AND a."isEmergency"
               AND a."createdAt" >= day."from" AND a."createdAt" < day."to") customers) AS emergencies,
          (SELECT COUNT(*)::int FROM talk WHERE direction = 'inbound') AS "inboundMessages",
          (SELECT COUNT(*)::int FROM last l WHERE l.direction = 'inbound'
             -- A reply the next morning still answers it: the count is of who is waiting now.
             AND NOT EXISTS (SELECT 1 FROM messages r WHERE r."businessId" = ${businessId}::uuid
               AND r.participant = l.participant AND r.direction = 'outbound' AND r."createdAt" >= l."createdAt"
               AND r.source::text <> ALL(${NOT_A_REPLY_SOURCES}::text[]) AND r.status::text <> ALL(${UNSENT}::text[]))
          ) AS "unansweredConversations"`,
    );
    return row;
  }
}
