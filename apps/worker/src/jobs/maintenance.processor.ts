import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { OutboxRepository } from '@app/database';
import { CampaignDispatcher, ReminderScheduler, SendReconciler } from '@app/messaging';
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
}
