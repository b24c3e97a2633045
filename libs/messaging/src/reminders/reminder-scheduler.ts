import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { DueReminder, Firing, MessageSendingRepository, RemindersRepository } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { afterFiring } from './schedule';
import { Clock, quietUntil } from '@app/common';

/**
 * The workers' side of reminders and one-off scheduled messages, run by the
 * reminder-tick job every MAINTENANCE_INTERVAL_MS. Due rows are locked with SKIP
 * LOCKED, so overlapping ticks split the work. Time comes from the Clock, so
 * tests can move it.
 */
@Injectable()
export class ReminderScheduler {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly reminders: RemindersRepository,
    private readonly messages: MessageSendingRepository,
    private readonly jobs: JobQueue,
  ) {}

  async tick(): Promise<number> {
    const now = this.clock.now();
    const sendJob = (messageId: string) => JobQueue.outboxEntry(JobName.SendMessage, { messageId });
    const jobs = [
      ...(await this.reminders.fireDue(now, 200, (r) => this.decide(r, now), sendJob)),
      ...(await this.messages.releaseDueScheduled(now, 500, sendJob)),
    ];
    // Committed with their outbox rows: if Redis is away now, the relay enqueues them later.
    if (jobs.length)
      await this.jobs.enqueueEntries(jobs).catch((e: Error) => this.logger.warn(`Left to the relay: ${e.message}`));
    return jobs.length;
  }

  /**
   * One due occurrence: sent once even if it is an hour late (the occurrences
   * missed meanwhile are counted, not sent); skipped for an opted-out contact;
   * postponed to the end of quiet hours when reminders keep to them.
   */
  private decide(r: DueReminder, now: Date): Firing {
    const window = this.config.reminders.respectQuietHours ? this.config.campaigns.quietHours : null;
    if (window) {
      const until = quietUntil(now, window, r.contactTimezone ?? r.timezone ?? this.config.campaigns.defaultTimezone);
      if (until) return { kind: 'postpone', until };
    }
    const { next, missed, estimated } = afterFiring(r, r.nextRunAt!, now);
    if (r.contactOptedOut) return { kind: 'skip', next, skipped: 1 + missed, note: 'recipient opted out' };
    const from = r.from ?? this.config.twilio.defaultFrom ?? '';
    const messagingServiceSid = r.from ? null : (this.config.twilio.messagingServiceSid ?? null);
    const note = missed
      ? `missed ${estimated ? 'about ' : ''}${missed} occurrence(s) while no worker ran; sent one catch-up`
      : null;
    return { kind: 'send', message: { from, messagingServiceSid }, next, missed, note };
  }
}
