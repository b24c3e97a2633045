import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { OutboxRepository } from '@app/database';
import { SendReconciler } from '@app/messaging';
import { JobQueue } from '@app/queue';

/**
 * The workers' periodic repairs: the outbox relay (work whose enqueue failed or
 * whose job Redis lost) and the reconciliation of interrupted sends. Every worker
 * runs them; row locks and job ids keep concurrent runs harmless.
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
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = null));
    }, this.config.maintenance.intervalMs);
  }

  async tick(): Promise<void> {
    try {
      const relayed = await this.outbox.relay(this.config.maintenance.outboxRelayAfterMs, 1000, (entries) =>
        this.jobs.enqueueEntries(entries),
      );
      if (relayed) this.logger.warn(`Outbox relay enqueued ${relayed} job(s) that had not reached the queue`);
      await this.reconciler.reconcile();
    } catch (error) {
      // Redis or PostgreSQL away: the next tick tries again.
      this.logger.warn(`Maintenance skipped: ${(error as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
