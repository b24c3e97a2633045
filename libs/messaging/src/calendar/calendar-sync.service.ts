import { Injectable, Logger } from '@nestjs/common';
import { UnreadableSecretError } from '@app/common';
import { AppConfig } from '@app/config';
import { type AppointmentForCalendar, AppointmentsRepository, type CalendarSyncResult } from '@app/database';
import { CalendarApiError, type CalendarEvent, GoogleCalendar, type CalendarTarget } from '@app/google';
import { JobOutcome } from '@app/queue';
import { calendarEventIdOf, calendarEventOf } from './calendar-event';
import { CalendarSettings } from './calendar-settings';

/**
 * Makes an appointment's Google Calendar event match the appointment as it is now (the job
 * reloads it): a booked, completed or missed appointment has its event, created or written over;
 * a cancelled one has none. Every attempt leaves its result on the appointment (`calendarSync`,
 * `calendarError`), so a failure being retried shows; the error is then thrown for BullMQ to retry.
 */
@Injectable()
export class CalendarSyncService {
  private readonly logger = new Logger(CalendarSyncService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly appointments: AppointmentsRepository,
    private readonly settings: CalendarSettings,
    private readonly google: GoogleCalendar,
  ) {}

  async sync(appointmentId: string, revision: number): Promise<JobOutcome> {
    const appointment = await this.appointments.findForCalendar(appointmentId);
    if (!appointment) return JobOutcome.skipped('the appointment is gone');
    // A later change has its own job, which sends the appointment as it is then.
    if (appointment.calendarRevision !== revision)
      return JobOutcome.skipped(`revision ${revision} was followed by ${appointment.calendarRevision}`);
    let target: CalendarTarget | null;
    try {
      target = this.settings.target(appointment.business);
    } catch (error) {
      // A key no SECRETS_KEY opens stays unreadable however often it is tried: recorded, not retried.
      await this.failed(appointment, revision, error);
      return JobOutcome.skipped('its Google key cannot be read');
    }
    if (!target) {
      await this.record(appointment, revision, { calendarSync: null, calendarError: null });
      return JobOutcome.skipped('its business has no calendar any more');
    }
    try {
      if (appointment.status === 'cancelled') {
        const outcome = await this.google.remove(
          target,
          appointment.calendarEventId ?? calendarEventIdOf(appointment.id),
        );
        await this.record(appointment, revision, { calendarSync: 'synced', calendarEventId: null, calendarLink: null });
        return JobOutcome.done(outcome === 'deleted' ? 'event deleted' : 'event was already gone');
      }
      const event = await this.write(target, appointment);
      await this.record(appointment, revision, {
        calendarSync: 'synced',
        calendarEventId: event.id,
        calendarLink: event.htmlLink,
      });
      return JobOutcome.done('event written');
    } catch (error) {
      await this.failed(appointment, revision, error);
      throw error;
    }
  }

  /** Written over when we know its event; created (or found, see upsert) otherwise, or when Google lost it. */
  private async write(target: CalendarTarget, appointment: AppointmentForCalendar): Promise<CalendarEvent> {
    const timezone = appointment.business.timezone ?? this.config.campaigns.defaultTimezone;
    const event = calendarEventOf(appointment, timezone);
    if (appointment.calendarEventId) {
      try {
        return await this.google.patch(target, appointment.calendarEventId, event);
      } catch (error) {
        if (!(error instanceof CalendarApiError) || (error.status !== 404 && error.status !== 410)) throw error;
      }
    }
    return this.google.upsert(target, calendarEventIdOf(appointment.id), event);
  }

  private async failed(appointment: AppointmentForCalendar, revision: number, error: unknown): Promise<void> {
    const message =
      error instanceof CalendarApiError || error instanceof UnreadableSecretError
        ? error.message
        : `Google Calendar: ${(error as Error)?.message ?? 'failed'}`.slice(0, 300);
    this.logger.warn(`Calendar sync of appointment ${appointment.id} failed: ${message}`);
    await this.record(appointment, revision, { calendarSync: 'failed', calendarError: message });
  }

  private async record(
    appointment: AppointmentForCalendar,
    revision: number,
    result: Partial<CalendarSyncResult> & Pick<CalendarSyncResult, 'calendarSync'>,
  ): Promise<void> {
    await this.appointments.recordCalendarSync(appointment.id, revision, {
      calendarEventId: appointment.calendarEventId,
      calendarLink: appointment.calendarLink,
      calendarError: null,
      ...result,
    });
  }
}
