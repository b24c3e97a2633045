import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { DueReminder, Firing, MessageSendingRepository, RemindersRepository } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { afterFiring } from './schedule';
import { type Channel, Clock, quietUntil, textChannel } from '@app/common';
import { BusinessDefaults, type BusinessDefaultsOf } from '../businesses/business-defaults';
import { BusinessTwilio, type Sender } from '../businesses/business-twilio';

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
    private readonly businesses: BusinessTwilio,
    private readonly defaults: BusinessDefaults,
  ) {}

  async tick(): Promise<number> {
    const now = this.clock.now();
    const sendJob = (messageId: string) => JobQueue.outboxEntry(JobName.SendMessage, { messageId });
    const [senders, defaults] = await Promise.all([this.businesses.senders(), this.defaults.table()]);
    const jobs = [
      ...(await this.reminders.fireDue(now, 200, (r) => this.decide(r, now, senders, defaults(r.businessId)), sendJob)),
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
  private decide(
    r: DueReminder,
    now: Date,
    senders: (businessId: string, channel: Channel) => Sender | null,
    defaults: BusinessDefaultsOf,
  ): Firing {
    // The business's quiet hours, else QUIET_HOURS; in the contact's zone, else the reminder's, else the business's.
    const window = this.config.reminders.respectQuietHours ? defaults.quietHours : null;
    if (window) {
      const until = quietUntil(now, window, r.contactTimezone ?? r.timezone ?? defaults.timezone);
      if (until) return { kind: 'postpone', until };
    }
    const { next, missed, estimated } = afterFiring(r, r.nextRunAt!, now);
    if (r.contactOptedOut) return { kind: 'skip', next, skipped: 1 + missed, note: 'recipient opted out' };
    const sender = r.from ? { from: r.from, messagingServiceSid: null } : senders(r.businessId, textChannel(r.channel));
    if (!sender) return { kind: 'skip', next, skipped: 1 + missed, note: 'no sender: the business has no number' };
    const { from, messagingServiceSid } = { from: sender.from ?? '', messagingServiceSid: sender.messagingServiceSid };
    const note = missed
      ? `missed ${estimated ? 'about ' : ''}${missed} occurrence(s) while no worker ran; sent one catch-up`
      : null;
    return { kind: 'send', message: { from, messagingServiceSid }, next, missed, note };
  }
}
