import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/common';
import { AppointmentRemindersRepository, type ReminderCandidate, type ReminderOutcome } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { BusinessDefaults, type BusinessDefaultsOf } from '../businesses/business-defaults';
import { BusinessTwilio, type Sender } from '../businesses/business-twilio';
import { appointmentReminderText } from './reminder-text';
import { decideReminder, reminderHorizon } from './reminder-timing';

/** Appointments read per business and tick; more wait for the next tick (every MAINTENANCE_INTERVAL_MS). */
const PER_BUSINESS = 200;

/**
 * The workers' side of upcoming-appointment reminders, run by the appointment-reminder-tick job
 * every MAINTENANCE_INTERVAL_MS (once for the cluster, though runs may overlap). Each booked
 * appointment gets one SMS from its business's own sender, `reminderHours` before it on the
 * business's clock, pulled forward out of quiet hours (see reminder-timing.ts); an opted-out
 * contact's is skipped with the reason kept on the appointment. The claim in the repository
 * makes it exactly once. Time comes from the Clock, so tests can move it.
 */
@Injectable()
export class AppointmentReminderScheduler {
  private readonly logger = new Logger(AppointmentReminderScheduler.name);

  constructor(
    private readonly clock: Clock,
    private readonly appointments: AppointmentRemindersRepository,
    private readonly jobs: JobQueue,
    private readonly businesses: BusinessTwilio,
    private readonly defaults: BusinessDefaults,
  ) {}

  async tick(): Promise<{ sent: number; skipped: number }> {
    const now = this.clock.now();
    const [defaults, senders] = await Promise.all([this.defaults.active(), this.businesses.senders()]);
    const horizons = [...defaults].map(([businessId, d]) => ({
      businessId,
      horizon: reminderHorizon(now, d.quietHours, d.timezone),
    }));
    const candidates = await this.appointments.candidates(now, horizons, PER_BUSINESS);
    const outcomes = candidates.flatMap((a) => {
      const outcome = this.decide(a, now, defaults.get(a.businessId), senders(a.businessId, 'sms'));
      return outcome ? [outcome] : [];
    });
    const sendJob = (messageId: string) => JobQueue.outboxEntry(JobName.SendMessage, { messageId });
    const { jobs, sent, skipped } = await this.appointments.record(now, outcomes, sendJob);
    // Committed with their outbox rows: if Redis is away now, the relay enqueues them later.
    if (jobs.length)
      await this.jobs.enqueueEntries(jobs).catch((e: Error) => this.logger.warn(`Left to the relay: ${e.message}`));
    return { sent, skipped };
  }

  /** What to do now with one appointment's reminder; null: not yet. */
  private decide(
    a: ReminderCandidate,
    now: Date,
    defaults: BusinessDefaultsOf | undefined,
    sender: Sender | null,
  ): ReminderOutcome | null {
    // Read just now from the same snapshot as the horizons; a business missing from it is not a candidate.
    if (!defaults) return null;
    const { quietHours, timezone } = defaults;
    const decision = decideReminder(a.startsAt, now, { hours: a.reminderHours, quietHours, timezone });
    if (decision.kind === 'wait') return null;
    if (decision.kind === 'skip') return { kind: 'skip', appointment: a, reason: decision.reason };
    if (a.contactOptedOut) return { kind: 'skip', appointment: a, reason: 'recipient opted out' };
    if (!sender) return { kind: 'skip', appointment: a, reason: 'no sender: the business has no sms number' };
    const body = appointmentReminderText({
      businessName: a.businessName,
      startsAt: a.startsAt,
      timezone,
      now,
      canReschedule: a.bookingEnabled,
    });
    const from = { from: sender.from ?? '', messagingServiceSid: sender.messagingServiceSid };
    return { kind: 'send', appointment: a, message: { ...from, body } };
  }
}
