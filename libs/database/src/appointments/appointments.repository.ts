import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { OutboxEntry } from '@app/common';
import type {
  Appointment,
  AppointmentSource,
  AppointmentStatus,
  Business,
  Contact,
  Prisma,
} from '../generated/prisma/client';
import { isDeadlock, isExclusionViolation } from '../database-errors';
import { PrismaService } from '../prisma.service';
import { decodeRows } from '../rows';

/** A span of time in UTC instants. */
export interface TimeSpan {
  startsAt: Date;
  endsAt: Date;
}

/** The time asked for overlaps a booked appointment (PostgreSQL's exclusion constraint said so). */
export class SlotTakenError extends Error {
  constructor(readonly conflict: TimeSpan) {
    super('that time is already booked');
    this.name = 'SlotTakenError';
  }
}

/** The business's day already holds its maximum of booked appointments. */
export class DayFullError extends Error {
  constructor(
    readonly date: string,
    readonly max: number,
  ) {
    super(`${date} is fully booked (${max} appointments a day)`);
    this.name = 'DayFullError';
  }
}

export interface NewAppointment extends TimeSpan {
  /** Chosen by the caller when its calendar job must name it before the row exists. */
  id?: string;
  businessId: string;
  contactId: string;
  isEmergency?: boolean;
  service?: string | null;
  notes?: string | null;
  address?: string | null;
  source: AppointmentSource;
}

export type AppointmentChange = Partial<
  Pick<
    Appointment,
    | 'startsAt'
    | 'endsAt'
    | 'status'
    | 'isEmergency'
    | 'service'
    | 'notes'
    | 'address'
    | 'reminderSentAt'
    | 'reminderSkipReason'
    | 'confirmedAt'
  >
>;

/** The max-per-day rule, when the business has one: counted per local date of the start. */
export interface DayLimit {
  /** The local date (YYYY-MM-DD, business zone) of the start being booked. */
  date: string;
  timezone: string;
  max: number;
}

export interface AppointmentFilter {
  businessId: string;
  contactId?: string;
  from?: Date;
  to?: Date;
  status?: AppointmentStatus;
  isEmergency?: boolean;
}

export type AppointmentWithContact = Appointment & { contact: Contact };

/**
 * The calendar job of a write, built from the row as written (its revision): stored in the outbox
 * in the same transaction, so a change committed is a change the calendar will hear of.
 */
export type CalendarJobOf = (written: Appointment) => OutboxEntry;

/** An appointment with what its calendar event is made of: the customer and the business's calendar settings. */
export type AppointmentForCalendar = AppointmentWithContact & {
  business: Pick<
    Business,
    'id' | 'name' | 'timezone' | 'calendarId' | 'googleServiceAccount' | 'googleServiceAccountEmail'
  >;
};

/** What a calendar sync leaves on the appointment. */
export type CalendarSyncResult = Pick<
  Appointment,
  'calendarSync' | 'calendarEventId' | 'calendarLink' | 'calendarError'
>;

/**
 * A deadlock (40P01) PostgreSQL broke by aborting this write: tried again, it meets the winner's
 * committed row and gets the ordinary answer (a 409), not a 500. Bookings of a business queue on
 * its row (holdBusiness), so this is the rare case left: a move racing a write outside that queue.
 */
async function withDeadlockRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 5 || !isDeadlock(error)) throw error;
    }
  }
}

/**
 * Bookings of one business queue on its row: a burst of them waits its turn (Prisma's defaults, 2 s
 * to get a connection and 5 s in all, would turn a queue of fifty into 500s).
 */
const LOCKED_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };
const spanRow = z.object({ startsAt: z.date(), endsAt: z.date() });
const countRow = z.object({ n: z.number().int() });

/**
 * Appointments. Booking and moving one are left to PostgreSQL to arbitrate: the exclusion
 * constraint appointments_no_overlap refuses a booked appointment overlapping another of the same
 * business, whatever the concurrency, and the max-per-day count is taken under a lock on the
 * business's row (FOR NO KEY UPDATE: it waits for other bookings, not for the messages being stored).
 */
@Injectable()
export class AppointmentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** With `calendarJob`, the appointment starts `pending` for its calendar, its job in the outbox. */
  async book(
    data: NewAppointment,
    dayLimit: DayLimit | null,
    calendarJob: CalendarJobOf | null = null,
  ): Promise<AppointmentWithContact> {
    return withDeadlockRetry(() => this.bookOnce(data, dayLimit, calendarJob));
  }

  private async bookOnce(
    data: NewAppointment,
    dayLimit: DayLimit | null,
    calendarJob: CalendarJobOf | null,
  ): Promise<AppointmentWithContact> {
    const calendar = calendarJob ? { calendarSync: 'pending' as const, calendarRevision: 1 } : {};
    try {
      return await this.prisma.$transaction(async (tx) => {
        await this.holdBusiness(tx, data.businessId, dayLimit, null);
        const booked = await tx.appointment.create({ data: { ...data, ...calendar }, include: { contact: true } });
        if (calendarJob) await outbox(tx, calendarJob(booked));
        return booked;
      }, LOCKED_TRANSACTION);
    } catch (error) {
      throw await this.explained(error, data.businessId, data, null);
    }
  }

  /**
   * Moves, cancels, completes…: a change of time or back to booked meets the same rules as a booking.
   * With `calendarJob`, the change takes the next calendar revision and its job goes to the outbox.
   */
  update(
    current: Appointment,
    change: AppointmentChange,
    dayLimit: DayLimit | null,
    calendarJob: CalendarJobOf | null = null,
  ): Promise<AppointmentWithContact> {
    return withDeadlockRetry(() => this.updateOnce(current, change, dayLimit, calendarJob));
  }

  private async updateOnce(
    current: Appointment,
    change: AppointmentChange,
    dayLimit: DayLimit | null,
    calendarJob: CalendarJobOf | null,
  ): Promise<AppointmentWithContact> {
    const span = { startsAt: change.startsAt ?? current.startsAt, endsAt: change.endsAt ?? current.endsAt };
    const takesTime = change.startsAt !== undefined || change.endsAt !== undefined || change.status === 'booked';
    // Incremented by PostgreSQL: two changes at once get a revision (and a job) each.
    const calendar = calendarJob ? { calendarSync: 'pending' as const, calendarRevision: { increment: 1 } } : {};
    try {
      const update = { where: { id: current.id }, data: { ...change, ...calendar }, include: { contact: true } };
      // Details, cancelling, completing: nothing for the constraint to arbitrate, no queue to join.
      if (!takesTime && !dayLimit && !calendarJob) return await this.prisma.appointment.update(update);
      return await this.prisma.$transaction(async (tx) => {
        if (takesTime || dayLimit) await this.holdBusiness(tx, current.businessId, dayLimit, current.id);
        const changed = await tx.appointment.update(update);
        if (calendarJob) await outbox(tx, calendarJob(changed));
        return changed;
      }, LOCKED_TRANSACTION);
    } catch (error) {
      throw await this.explained(error, current.businessId, span, current.id);
    }
  }

  /**
   * Marks a booked appointment confirmed; a second confirmation keeps the first one's time.
   * Returns it as it is now, or null when it is no longer booked (cancelled meanwhile).
   */
  async confirm(businessId: string, id: string, at: Date): Promise<AppointmentWithContact | null> {
    await this.prisma.appointment.updateMany({
      where: { id, businessId, status: 'booked', confirmedAt: null },
      data: { confirmedAt: at },
    });
    return this.prisma.appointment.findFirst({
      where: { id, businessId, status: 'booked' },
      include: { contact: true },
    });
  }

  /** The appointment and its business's calendar settings, whichever business it is (the calendar job's read). */
  findForCalendar(id: string): Promise<AppointmentForCalendar | null> {
    return this.prisma.appointment.findUnique({
      where: { id },
      include: {
        contact: true,
        business: {
          select: {
            id: true,
            name: true,
            timezone: true,
            calendarId: true,
            googleServiceAccount: true,
            googleServiceAccountEmail: true,
          },
        },
      },
    });
  }

  /**
   * Records what a calendar sync did, unless the appointment changed again meanwhile (a newer
   * revision: its own job records). False when it was not recorded.
   */
  async recordCalendarSync(id: string, revision: number, result: CalendarSyncResult): Promise<boolean> {
    const { count } = await this.prisma.appointment.updateMany({
      where: { id, calendarRevision: revision },
      data: result,
    });
    return count > 0;
  }

  findById(businessId: string, id: string): Promise<AppointmentWithContact | null> {
    return this.prisma.appointment.findFirst({ where: { id, businessId }, include: { contact: true } });
  }

  /** In time order; `from`/`to` select by start. */
  list(filter: AppointmentFilter, limit: number, offset: number): Promise<AppointmentWithContact[]> {
    return this.prisma.appointment.findMany({
      where: {
        businessId: filter.businessId,
        contactId: filter.contactId,
        status: filter.status,
        isEmergency: filter.isEmergency,
        startsAt: { gte: filter.from, lt: filter.to },
      },
      include: { contact: true },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: limit,
      skip: offset,
    });
  }

  /** The business's booked appointments overlapping [from, to): what free slots must avoid. */
  async bookedBetween(businessId: string, from: Date, to: Date): Promise<TimeSpan[]> {
    return decodeRows(
      spanRow,
      await this.prisma.$queryRaw`
        SELECT "startsAt", "endsAt" FROM appointments
        WHERE "businessId" = ${businessId}::uuid AND status = 'booked' AND "startsAt" < ${to} AND "endsAt" > ${from}
        ORDER BY "startsAt"`,
    );
  }

  /** Counts the day's booked appointments while holding the business's row, so two bookings cannot both take the last place. */
  /**
   * Every booking and move of a business takes its row first, so they queue and the exclusion
   * constraint settles each against committed rows. Without it, concurrent inserts of one slot
   * each wait for the others' uncommitted rows: PostgreSQL broke those cycles one deadlock a
   * second, and 20 at once (a full pool) stayed stuck past 30 s. Its messages do not queue
   * (FOR NO KEY UPDATE leaves the key share their foreign keys take). The day's count is read
   * under the same hold, so concurrent bookings cannot both take its last place.
   */
  private async holdBusiness(
    tx: Prisma.TransactionClient,
    businessId: string,
    limit: DayLimit | null,
    except: string | null,
  ): Promise<void> {
    await tx.$queryRaw`SELECT 1 FROM businesses WHERE id = ${businessId}::uuid FOR NO KEY UPDATE`;
    if (limit) await this.checkDay(tx, businessId, limit, except);
  }

  private async checkDay(
    tx: Prisma.TransactionClient,
    businessId: string,
    limit: DayLimit,
    except: string | null,
  ): Promise<void> {
    const [{ n }] = decodeRows(
      countRow,
      await tx.$queryRaw`
        SELECT count(*)::int AS n FROM appointments
        WHERE "businessId" = ${businessId}::uuid AND status = 'booked'
          AND id IS DISTINCT FROM ${except}::uuid
          AND (("startsAt" AT TIME ZONE 'UTC') AT TIME ZONE ${limit.timezone})::date = ${limit.date}::date`,
    );
    if (n >= limit.max) throw new DayFullError(limit.date, limit.max);
  }

  /** An exclusion violation as the appointment it collided with (read after the failed transaction). */
  private async explained(error: unknown, businessId: string, span: TimeSpan, except: string | null): Promise<unknown> {
    if (!isExclusionViolation(error)) return error;
    const [conflict] = decodeRows(
      spanRow,
      await this.prisma.$queryRaw`
        SELECT "startsAt", "endsAt" FROM appointments
        WHERE "businessId" = ${businessId}::uuid AND status = 'booked' AND id IS DISTINCT FROM ${except}::uuid
          AND "startsAt" < ${span.endsAt} AND "endsAt" > ${span.startsAt}
        ORDER BY "startsAt" LIMIT 1`,
    );
    // Cancelled again in between: still the answer the caller got from PostgreSQL.
    return new SlotTakenError(conflict ?? span);
  }
}

function outbox(tx: Prisma.TransactionClient, job: OutboxEntry): Promise<unknown> {
  return tx.outboxJob.create({
    data: { jobName: job.jobName, jobId: job.jobId, payload: job.payload as Prisma.InputJsonObject },
  });
}
