import { setTimeout as sleep } from 'node:timers/promises';
import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { AppConfig } from '@app/config';
import { HEARTBEAT_INTERVAL_MS, JobSchedulers, WorkerHeartbeat, WorkerLiveness } from '@app/queue';

/**
 * Per worker process, two timers. The heartbeat, every HEARTBEAT_INTERVAL_MS: it lists this
 * worker in /api/health and keeps its sends unfenced (WorkerLiveness: a worker whose beats
 * lapse stops sending, because the reconciler may count it dead). It has a timer of its own so
 * that nothing else (a slow scheduler check) delays it. The first beat lands in onModuleInit,
 * before the BullMQ workers start taking jobs (onApplicationBootstrap), and no send is claimed
 * before a beat was acknowledged anyway.
 *
 * Every MAINTENANCE_INTERVAL_MS, a check that the cluster's job schedulers (the maintenance
 * jobs) are in Redis with a next run. Redis can lose everything (a restart without
 * persistence); the schedulers then come back on the next check of any worker, with no
 * restart. A healthy scheduler is left alone, so its next run is not pushed back by every check.
 */
@Injectable()
export class HeartbeatService
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger(HeartbeatService.name);
  private beatTimer: NodeJS.Timeout | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly liveness: WorkerLiveness,
    private readonly heartbeat: WorkerHeartbeat,
    private readonly schedulers: JobSchedulers,
  ) {}

  async onModuleInit(): Promise<void> {
    // At most a couple of seconds: with Redis away the worker still starts, fenced until a beat lands.
    await Promise.race([this.beat(), sleep(2_000, undefined, { ref: false })]);
    this.beatTimer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    this.check();
    this.checkTimer = setInterval(() => this.check(), this.config.maintenance.intervalMs);
  }

  /** One beat at a time: while Redis is away a beat waits for it, and the next ones are skipped. */
  private beat(): Promise<void> {
    this.beating ??= this.liveness
      .beat()
      .catch((error: Error) => this.logger.warn(`Heartbeat skipped: ${error.message}`))
      .finally(() => (this.beating = null));
    return this.beating;
  }

  private check(): void {
    this.checking ??= this.ensureSchedulers().finally(() => (this.checking = null));
  }

  private async ensureSchedulers(): Promise<void> {
    try {
      const created = await this.schedulers.ensure();
      if (created.length) this.logger.log(`Job schedulers (re)created: ${created.join(', ')}`);
    } catch (error) {
      this.logger.warn(`Job scheduler check skipped: ${(error as Error).message}`);
    }
  }

  /** The scheduler check stops with the modules; a check in flight gets a second to finish. */
  async onModuleDestroy(): Promise<void> {
    if (this.checkTimer) clearInterval(this.checkTimer);
    await Promise.race([this.checking, sleep(1_000, undefined, { ref: false })]);
  }

  /**
   * The heartbeat stops only after every module is destroyed, so after the BullMQ workers
   * finished their in-flight jobs (WorkerRunner.onModuleDestroy): those sends stay unfenced.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.beatTimer) clearInterval(this.beatTimer);
    await Promise.race([this.beating, sleep(1_000, undefined, { ref: false })]);
    await this.heartbeat.stop(this.liveness.owner).catch(() => undefined);
  }
}
