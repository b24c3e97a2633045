import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock, type ConversationChannel } from '@app/common';
import {
  AppointmentChange,
  AppointmentFilter,
  AppointmentsRepository,
  AppointmentSource,
  AppointmentStatus,
  AppointmentWithContact,
  type CalendarJobOf,
  ContactsRepository,
  DayFullError,
  DayLimit,
  SlotTakenError,
  TimeSpan,
} from '@app/database';
import { JobName, JobQueue, LiveEvents } from '@app/queue';
import { CalendarSettings } from '../calendar/calendar-settings';
import { badRequest } from '../rules/bad-request';
import { AvailabilityService } from './availability.service';
import { AvailabilityRules, openingHoursProblem, Span } from './opening-hours';

export interface BookingRequest {
  phone: string;
  startsAt: Date;
  /** Default: the business's slot length (60 without opening hours). */
  durationMinutes?: number;
  isEmergency?: boolean;
  service?: string | null;
  notes?: string | null;
  address?: string | null;
  source: AppointmentSource;
}

export interface AppointmentPatch {
  startsAt?: Date;
  durationMinutes?: number;
  status?: AppointmentStatus;
  isEmergency?: boolean;
  service?: string | null;
  notes?: string | null;
  address?: string | null;
}

/** The 409 a taken time gets: what it collided with, and the next free slots to offer instead. */
export interface SlotTakenBody {
  statusCode: 409;
  error: 'Conflict';
  message: string;
  conflict: TimeSpan;
  nextSlots: Span[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How many free slots a refusal offers instead. */
const NEXT_SLOTS = 3;

/**
 * Booking, moving and ending appointments for one business, through every channel (admin API,
 * text, voice): the business's hours and limits are checked here, overlap and the day's count by
 * PostgreSQL (AppointmentsRepository). A taken time is a 409 offering the next free slots.
 */
/** Where a booking made in a conversation came from: its channel (a widget chat is the widget). */
export function appointmentSourceOf(channel: ConversationChannel): AppointmentSource {
  return channel === 'web' ? 'widget' : channel;
}

@Injectable()
export class AppointmentsService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly contacts: ContactsRepository,
    private readonly availability: AvailabilityService,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
    private readonly calendar: CalendarSettings,
    private readonly jobs: JobQueue,
  ) {}

  async book(businessId: string, request: BookingRequest): Promise<AppointmentWithContact> {
    const rules = await this.availability.rules(businessId);
    const span = this.span(request.startsAt, request.durationMinutes ?? rules?.slotMinutes ?? 60);
    this.checkTime(rules, span);
    const contact = await this.contacts.ensure(businessId, request.phone);
    const calendarJob = await this.calendarJob(businessId);
    const booked = await this.arbitrated(businessId, span, () =>
      this.appointments.book(
        {
          id: randomUUID(),
          businessId,
          contactId: contact.id,
          ...span,
          isEmergency: request.isEmergency,
          service: request.service,
          notes: request.notes,
          address: request.address,
          source: request.source,
        },
        dayLimit(rules, span),
        calendarJob,
      ),
    );
    await this.calendarSynced(booked, calendarJob);
    return this.told(booked, 'created');
  }

  /** One of the business's appointments; another business's is a 404, as if it did not exist. */
  async get(businessId: string, id: string): Promise<AppointmentWithContact> {
    const found = UUID.test(id) ? await this.appointments.findById(businessId, id) : null;
    if (!found) throw new NotFoundException(`No appointment ${id}`);
    return found;
  }

  list(filter: AppointmentFilter, limit: number, offset: number): Promise<AppointmentWithContact[]> {
    return this.appointments.list(filter, limit, offset);
  }

  /** Reschedule (startsAt, durationMinutes), cancel, complete, no_show, or edit its details. */
  async change(businessId: string, id: string, patch: AppointmentPatch): Promise<AppointmentWithContact> {
    const current = await this.get(businessId, id);
    const moving = patch.startsAt !== undefined || patch.durationMinutes !== undefined;
    const rebooking = patch.status === 'booked' && current.status !== 'booked';
    if (moving && current.status !== 'booked' && patch.status !== 'booked')
      throw new ConflictException(`Appointment ${id} is ${current.status}: only a booked appointment can be moved`);
    const minutes = patch.durationMinutes ?? (current.endsAt.getTime() - current.startsAt.getTime()) / 60_000;
    const span = this.span(patch.startsAt ?? current.startsAt, minutes);
    const change: AppointmentChange = {
      // A new time gets its own reminder, and is not confirmed yet: the reminder sent (or skipped)
      // and the customer's confirmation were for the old time.
      ...(moving ? { ...span, reminderSentAt: null, reminderSkipReason: null, confirmedAt: null } : {}),
      status: patch.status,
      isEmergency: patch.isEmergency,
      service: patch.service,
      notes: patch.notes,
      address: patch.address,
    };
    const calendarJob = await this.calendarJob(businessId);
    const changed = await this.write(businessId, current, change, span, moving || rebooking, calendarJob);
    await this.calendarSynced(changed, calendarJob);
    const cancelled = changed.status === 'cancelled' && current.status !== 'cancelled';
    return this.told(changed, cancelled ? 'cancelled' : 'changed');
  }

  /** The customer confirms a booked appointment (C to its reminder); null when it is no longer booked. */
  async confirm(businessId: string, id: string): Promise<AppointmentWithContact | null> {
    const confirmed = await this.appointments.confirm(businessId, id, this.clock.now());
    return confirmed && this.told(confirmed, 'changed');
  }

  /** A change that takes a time (a move, a rebooking) is checked against the hours and the other bookings. */
  private async write(
    businessId: string,
    current: AppointmentWithContact,
    change: AppointmentChange,
    span: TimeSpan,
    takesTime: boolean,
    calendarJob: CalendarJobOf | null,
  ): Promise<AppointmentWithContact> {
    if (!takesTime) return this.appointments.update(current, change, null, calendarJob);
    const rules = await this.availability.rules(businessId);
    this.checkTime(rules, span);
    return this.arbitrated(businessId, span, () =>
      this.appointments.update(current, change, dayLimit(rules, span), calendarJob),
    );
  }

  /**
   * For a business with a Google Calendar: the calendar job of a write, stored with it (outbox) so
   * that Google is never waited on here, and a failure there is retried by the worker, not the caller.
   */
  private async calendarJob(businessId: string): Promise<CalendarJobOf | null> {
    if (!(await this.calendar.isOn(businessId))) return null;
    return (written) =>
      JobQueue.outboxEntry(JobName.SyncCalendar, { appointmentId: written.id, revision: written.calendarRevision });
  }

  /** The committed calendar job goes to Redis now (or, if Redis is away, with the outbox relay). */
  private async calendarSynced(written: AppointmentWithContact, calendarJob: CalendarJobOf | null): Promise<void> {
    if (calendarJob) await this.jobs.enqueueCommitted(calendarJob(written));
  }

  /** The dashboard's `appointment` event, once the write committed (whichever channel made it). */
  private told(
    appointment: AppointmentWithContact,
    change: 'created' | 'changed' | 'cancelled',
  ): AppointmentWithContact {
    this.live.publish(appointment.businessId, 'appointment', {
      id: appointment.id,
      change,
      status: appointment.status,
      startsAt: appointment.startsAt.toISOString(),
      endsAt: appointment.endsAt.toISOString(),
      phone: appointment.contact.phone,
      isEmergency: appointment.isEmergency,
    });
    return appointment;
  }

  private span(startsAt: Date, durationMinutes: number): TimeSpan {
    return { startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000) };
  }

  /** Not in the past, and within the opening hours when the business has set them. */
  private checkTime(rules: AvailabilityRules | null, span: TimeSpan): void {
    if (span.startsAt.getTime() <= this.clock.now().getTime()) throw badRequest('startsAt must be in the future');
    const problem = rules ? openingHoursProblem(rules, span) : null;
    if (problem) throw badRequest(problem);
  }

  /** PostgreSQL's refusals as the caller reads them: a 409 with the next free slots. */
  private async arbitrated<T>(businessId: string, span: TimeSpan, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof SlotTakenError || error instanceof DayFullError) {
        const nextSlots = await this.availability.slots(
          businessId,
          { from: span.startsAt, to: new Date(span.startsAt.getTime() + 60 * 86_400_000), now: this.clock.now() },
          NEXT_SLOTS,
        );
        const conflict = error instanceof SlotTakenError ? error.conflict : span;
        const body: SlotTakenBody = { statusCode: 409, error: 'Conflict', message: error.message, conflict, nextSlots };
        throw new ConflictException(body);
      }
      throw error;
    }
  }
}

function dayLimit(rules: AvailabilityRules | null, span: TimeSpan): DayLimit | null {
  if (!rules?.maxPerDay) return null;
  const date = DateTime.fromJSDate(span.startsAt, { zone: rules.timezone }).toISODate()!;
  return { date, timezone: rules.timezone, max: rules.maxPerDay };
}
