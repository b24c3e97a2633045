import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { JobSchedulers, WorkerHeartbeat } from '@app/queue';

/**
 * Per worker process, every MAINTENANCE_INTERVAL_MS: the heartbeat that lists
 * this worker in /api/health, and a check that the cluster's job schedulers
 * (the maintenance jobs) are in Redis with a next run. Redis can lose everything
 * (a restart without persistence); the schedulers then come back on the next
 * beat of any worker, with no restart. A healthy scheduler is left alone, so its
 * next run is not pushed back by every beat.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HeartbeatService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly heartbeat: WorkerHeartbeat,
    private readonly schedulers: JobSchedulers,
  ) {}

  onApplicationBootstrap(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.config.maintenance.intervalMs);
  }

  /** One beat at a time: while Redis is away a beat waits for it, and the next ones are skipped. */
  private tick(): void {
    this.running ??= this.beat().finally(() => (this.running = null));
  }

  private async beat(): Promise<void> {
    await this.heartbeat.beat().catch((error: Error) => this.logger.warn(`Heartbeat skipped: ${error.message}`));
    try {
      const created = await this.schedulers.ensure();
      if (created.length) this.logger.log(`Job schedulers (re)created: ${created.join(', ')}`);
    } catch (error) {
      this.logger.warn(`Job scheduler check skipped: ${(error as Error).message}`);
    }
  }

  /** A beat in flight gets a second to finish; one waiting for an absent Redis must not hold up the shutdown. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.race([this.running, sleep(1_000, undefined, { ref: false })]);
    await this.heartbeat.stop().catch(() => undefined);
  }
}
