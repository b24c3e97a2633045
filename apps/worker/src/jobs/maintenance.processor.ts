import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { AiSessionsRepository, OutboxRepository } from '@app/database';
import {
  AppointmentReminderScheduler,
  BookingConversation,
  CampaignDispatcher,
  OwnerSummaryScheduler,
  ReminderScheduler,
  SendReconciler,
} from '@app/messaging';
import { JobName, JobOutcome, JobQueue } from '@app/queue';
import { JobHandler } from './job-handler.decorator';

/**
 * The periodic repairs and timers, each a scheduled job (once per interval for
 * the cluster). Runs may still overlap (a slow run and the next, a stalled run
 * re-run): row locks, job ids, compare-and-set releases and a Redis lease per
 * stuck send keep that harmless. A failed run is not retried; the next one comes.
 */
@Injectable()
export class MaintenanceProcessor {
  private readonly logger = new Logger('Maintenance');

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobQueue,
    private readonly reconciler: SendReconciler,
    private readonly campaigns: CampaignDispatcher,
    private readonly reminders: ReminderScheduler,
    private readonly appointmentReminders: AppointmentReminderScheduler,
    private readonly ownerSummaries: OwnerSummaryScheduler,
    private readonly booking: BookingConversation,
    private readonly aiSessions: AiSessionsRepository,
    private readonly clock: Clock,
  ) {}

  /** Work whose enqueue failed, or whose job Redis lost. */
  @JobHandler(JobName.OutboxRelay)
  async relayOutbox(): Promise<JobOutcome> {
    const relayed = await this.outbox.relay(this.config.maintenance.outboxRelayAfterMs, 1000, (entries) =>
      this.jobs.enqueueEntries(entries),
    );
    if (!relayed) return JobOutcome.skipped('nothing to relay');
    this.logger.warn(`Outbox relay enqueued ${relayed} job(s) that had not reached the queue`);
    return JobOutcome.done(`relayed ${relayed}`);
  }

  @JobHandler(JobName.ReconcileSends)
  async reconcileSends(): Promise<JobOutcome> {
    const { recovered, resent } = await this.reconciler.reconcile();
    if (!recovered && !resent) return JobOutcome.skipped('no interrupted sends');
    return JobOutcome.done(`${recovered} found at Twilio, ${resent} sent again`);
  }

  @JobHandler(JobName.CampaignSweep)
  async sweepCampaigns(): Promise<JobOutcome> {
    const { started, rerun } = await this.campaigns.sweep();
    return JobOutcome.done(`${started} started, ${rerun} fan-out(s) re-run`);
  }

  @JobHandler(JobName.ReminderTick)
  async fireReminders(): Promise<JobOutcome> {
    const queued = await this.reminders.tick();
    return queued ? JobOutcome.done(`${queued} send(s) queued`) : JobOutcome.skipped('nothing due');
  }

  /**
   * The appointments' periodic job also clears the booking conversation's long-expired states:
   * a second scheduler for one cheap statement (an index probe that finds nothing, most runs)
   * would be one more job to run, watch and recreate. After the reminders, so a failing cleanup
   * never holds a reminder back.
   */
  @JobHandler(JobName.AppointmentReminderTick)
  async remindOfAppointments(): Promise<JobOutcome> {
    const { sent, skipped } = await this.appointmentReminders.tick();
    const forgotten = await this.booking.forgetExpired();
    if (!sent && !skipped && !forgotten) return JobOutcome.skipped('nothing due');
    const cleared = forgotten ? `, ${forgotten} expired conversation state(s) deleted` : '';
    return JobOutcome.done(`${sent} reminder(s) queued, ${skipped} skipped${cleared}`);
  }

  @JobHandler(JobName.OwnerSummaryTick)
  async sendOwnerSummaries(): Promise<JobOutcome> {
    const { sent, unsendable } = await this.ownerSummaries.tick();
    if (!sent && !unsendable) return JobOutcome.skipped('none due');
    return JobOutcome.done(
      `${sent} summary(ies) queued${unsendable ? `, ${unsendable} with no number to send from` : ''}`,
    );
  }

  @JobHandler(JobName.AiSessionCleanup)
  async deleteExpiredAiSessions(): Promise<JobOutcome> {
    // The Clock's now, as the replies judge expiry: a test that moves it sees the same sessions expire.
    const deleted = await this.aiSessions.deleteExpired(this.clock.now());
    return deleted ? JobOutcome.done(`${deleted} expired AI session(s) deleted`) : JobOutcome.skipped('none expired');
  }
}
