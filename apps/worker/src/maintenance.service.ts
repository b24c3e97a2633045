import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { CampaignsRepository, OutboxRepository } from '@app/database';
import { ReminderScheduler, SendReconciler } from '@app/messaging';
import { JobName, JobQueue, WorkerHeartbeat } from '@app/queue';

/**
 * The workers' periodic repairs: the outbox relay (work whose enqueue failed or
 * whose job Redis lost) and the reconciliation of interrupted sends. Every worker
 * runs them; row locks, job ids, compare-and-set releases and a Redis lease per
 * stuck send keep concurrent runs harmless.
 */
@Injectable()
export class MaintenanceService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobQueue,
    private readonly reconciler: SendReconciler,
    private readonly campaigns: CampaignsRepository,
    private readonly reminders: ReminderScheduler,
    private readonly heartbeat: WorkerHeartbeat,
  ) {}

  onApplicationBootstrap(): void {
    void this.step('heartbeat', () => this.heartbeat.beat());
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = null));
    }, this.config.maintenance.intervalMs);
  }

  /** Resolves once the tick in progress, if any, has finished (tests that move the Clock back wait for it). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async tick(): Promise<void> {
    await this.step('heartbeat', () => this.heartbeat.beat());
    await this.step('outbox relay', async () => {
      const relayed = await this.outbox.relay(this.config.maintenance.outboxRelayAfterMs, 1000, (entries) =>
        this.jobs.enqueueEntries(entries),
      );
      if (relayed) this.logger.warn(`Outbox relay enqueued ${relayed} job(s) that had not reached the queue`);
    });
    await this.step('send reconciliation', () => this.reconciler.reconcile());
    await this.step('campaign sweep', () => this.campaignSweep());
    await this.step('reminders', () => this.reminders.tick());
  }

  /** Each step on its own: Redis or PostgreSQL being away skips it until the next tick. */
  private async step(name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.logger.warn(`Maintenance step ${name} skipped: ${(error as Error).message}`);
    }
  }

  /**
   * Scheduled campaigns whose time has come start; running ones that stopped
   * making progress (jobs lost with Redis) get their fan-out re-run (send job ids
   * are per recipient and round, so recipients with live jobs are not doubled);
   * finished ones complete.
   */
  private async campaignSweep(): Promise<void> {
    const due = await this.campaigns.startDue();
    const stalled = await this.campaigns.stalled(this.config.campaigns.sweepAfterMs);
    const fanouts = [...due, ...stalled].map((c) =>
      JobQueue.outboxEntry(JobName.CampaignFanout, { campaignId: c.id, round: c.round, runId: Date.now() }),
    );
    if (stalled.length) this.logger.warn(`Re-running the fan-out of ${stalled.length} campaign(s) without progress`);
    if (fanouts.length) await this.jobs.enqueueEntries(fanouts);
    await this.campaigns.completeFinished();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.heartbeat.stop().catch(() => undefined);
  }
}
