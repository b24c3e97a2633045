import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock, maskPhone, type OutboxEntry } from '@app/common';
import { OwnerSummariesRepository, SummaryRecipient } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { BusinessDefaults } from '../businesses/business-defaults';
import { BusinessTwilio } from '../businesses/business-twilio';
import { localDay, type LocalDay } from './owner-day';
import { OwnerViewsService } from './owner-views.service';

/** What one tick did. */
export interface SummaryTick {
  sent: number;
  /** Days claimed without a text: the business has no number to send from. */
  unsendable: number;
}

/**
 * The owner's daily summary SMS, run by the owner-summary-tick job every MAINTENANCE_INTERVAL_MS.
 * A business gets the summary of its local day once that day's clock reads `ownerSummaryTime` or
 * later (a tick after a stretch without workers still sends it that day, late; a day that passed
 * entirely without a worker is not sent the next day). Once per business and day whatever the
 * number of workers and overlapping ticks: the day is claimed in the transaction that stores the
 * text (OwnerSummariesRepository.claim).
 *
 * The text goes the normal outbound way (SendMessage: stored, sent by a worker, status callbacks)
 * from the business's own sender. It is the owner's own business, not marketing: quiet hours do
 * not hold it back (nothing on that path applies them), and an owner's number that opted out gets
 * it stored as `suppressed`, as every send to an opted-out number is.
 */
@Injectable()
export class OwnerSummaryScheduler {
  private readonly logger = new Logger(OwnerSummaryScheduler.name);

  constructor(
    private readonly clock: Clock,
    private readonly summaries: OwnerSummariesRepository,
    private readonly views: OwnerViewsService,
    private readonly defaults: BusinessDefaults,
    private readonly businesses: BusinessTwilio,
    private readonly jobs: JobQueue,
  ) {}

  async tick(): Promise<SummaryTick> {
    const now = this.clock.now();
    const [recipients, defaults] = await Promise.all([this.summaries.recipients(), this.defaults.table()]);
    const outcome: SummaryTick = { sent: 0, unsendable: 0 };
    const jobs: OutboxEntry[] = [];
    const failures: string[] = [];
    for (const recipient of recipients) {
      const { timezone } = defaults(recipient.businessId);
      const date = dueDay(recipient, now, timezone);
      if (!date) continue;
      // One business's failure (its data, its sender) must not keep the others' summaries back.
      try {
        const { claimed, job } = await this.summarise(recipient, localDay(date, now, timezone)!);
        if (!claimed) continue;
        if (job) jobs.push(job);
        outcome[job ? 'sent' : 'unsendable']++;
      } catch (error) {
        failures.push(`${recipient.businessId}: ${(error as Error).message}`);
      }
    }
    // Committed with their outbox rows: if Redis is away now, the relay enqueues them later.
    if (jobs.length)
      await this.jobs.enqueueEntries(jobs).catch((e: Error) => this.logger.warn(`Left to the relay: ${e.message}`));
    // Nothing of a failed business was kept (its claim rolled back): the next tick tries it again.
    if (failures.length) throw new Error(`owner summaries failed for ${failures.join('; ')}`);
    return outcome;
  }

  /**
   * Writes the day's text and claims the day. `claimed` false: another tick has it. No `job` when
   * the business has no number to send from (the day is claimed all the same: said once, not every tick).
   */
  private async summarise(
    recipient: SummaryRecipient,
    day: LocalDay,
  ): Promise<{ claimed: boolean; job: OutboxEntry | null }> {
    const { businessId, name, ownerPhone } = recipient;
    const [summary, sender] = await Promise.all([
      this.views.summaryOf(businessId, day),
      this.businesses.sender(businessId, 'sms'),
    ]);
    if (!sender) {
      const claimed = await this.summaries.claim(businessId, day.date, null);
      if (claimed)
        this.logger.warn(
          `Owner summary of ${day.date} for business ${businessId} not sent: it has no number to send from`,
        );
      return { claimed, job: null };
    }
    const id = randomUUID();
    const job = JobQueue.outboxEntry(JobName.SendMessage, { messageId: id });
    const message = {
      id,
      businessId,
      channel: 'sms' as const,
      from: sender.from ?? '',
      messagingServiceSid: sender.messagingServiceSid,
      to: ownerPhone,
      body: `${name} daily summary. ${summary.text}`,
      source: 'owner_summary' as const,
    };
    if (!(await this.summaries.claim(businessId, day.date, { message, job }))) return { claimed: false, job: null };
    this.logger.log(`Owner summary of ${day.date} for business ${businessId} queued to ${maskPhone(ownerPhone)}`);
    return { claimed: true, job };
  }
}

/**
 * The local day whose summary is due for the business now, or null: its clock has not reached the
 * summary time yet, or that day's summary is already claimed. Wall-clock "HH:MM" compared as text,
 * so a time the spring-forward skips is reached at the first minute after the gap, and the hour the
 * fall-back repeats cannot send twice (the day is claimed the first time).
 */
export function dueDay(recipient: SummaryRecipient, now: Date, timezone: string): string | null {
  const local = DateTime.fromJSDate(now).setZone(timezone);
  if (!local.isValid) return null;
  const today = local.toISODate();
  if (recipient.lastDay !== null && recipient.lastDay >= today) return null;
  return local.toFormat('HH:mm') >= recipient.ownerSummaryTime ? today : null;
}
