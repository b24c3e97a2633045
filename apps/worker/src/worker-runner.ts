import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { AppConfig } from '@app/config';
import { OutboxRepository } from '@app/database';
import {
  BullConnection,
  findJobDefinition,
  JOB_QUEUES,
  type JobDefinition,
  type JobOutcome,
  type JobStatus,
  OUTBOXED_JOBS,
  QueueName,
  SCHEDULED_JOBS,
  SharedCounters,
  WORKER_NAME,
} from '@app/queue';
import { assertEveryJobHandledOnce, discoverJobHandlers, type FoundJobHandler } from './jobs/job-handlers';

interface Route {
  readonly definition: JobDefinition;
  readonly outboxed: boolean;
  readonly handle: FoundJobHandler['handle'];
}

/**
 * Runs one BullMQ worker per queue and dispatches each job to the one handler of
 * its name, found by its @JobHandler mark. Stalled-job recovery is set here on
 * purpose: a job whose worker dies (SIGKILL, OOM) stops having its lock renewed;
 * after JOB_LOCK_DURATION_MS another worker's stalled check (every
 * JOB_STALLED_INTERVAL_MS) puts it back, up to JOB_MAX_STALLED_COUNT times.
 * Handlers are idempotent, so a re-run is harmless.
 */
@Injectable()
export class WorkerRunner implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerRunner.name);
  private readonly routes = new Map<string, Route>();
  private readonly workers: Worker[] = [];
  private readonly maintenanceRuns = new Set<Promise<unknown>>();

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly counters: SharedCounters,
    private readonly bull: BullConnection,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** Every provider exists by now: find the handlers, and refuse to start unless each job has exactly one. */
  onModuleInit(): void {
    const handlers = discoverJobHandlers(this.discovery, this.scanner);
    assertEveryJobHandledOnce(handlers);
    for (const { jobName, handle } of handlers) {
      this.routes.set(jobName, {
        definition: findJobDefinition(jobName)!,
        outboxed: OUTBOXED_JOBS.has(jobName),
        handle,
      });
    }
  }

  onApplicationBootstrap(): void {
    const { lockDurationMs, stalledIntervalMs, maxStalledCount } = this.config.queue;
    for (const queue of JOB_QUEUES) {
      const processor =
        queue === QueueName.Maintenance
          ? (job: Job, token?: string) => this.tracked(this.dispatch(job, token))
          : (job: Job, token?: string) => this.dispatch(job, token);
      const worker = new Worker(queue, processor, {
        ...this.bull.options(),
        name: WORKER_NAME,
        concurrency: this.concurrency(queue),
        lockDuration: lockDurationMs,
        stalledInterval: stalledIntervalMs,
        maxStalledCount,
      });
      worker.on('error', (error) => this.logger.warn(`Queue ${queue}: ${error.message}`));
      if (queue === QueueName.Maintenance)
        worker.on('failed', (job, error) => this.logger.warn(`Maintenance job ${job?.name} failed: ${error.message}`));
      this.workers.push(worker);
    }
  }

  private concurrency(queue: QueueName): number {
    switch (queue) {
      // Campaign sends mostly wait on Twilio: many in flight is what makes their throughput.
      case QueueName.Campaign:
        return this.config.campaigns.concurrency;
      // A batch job runs its sends at once: as many batches as make CAMPAIGN_CONCURRENCY sends.
      case QueueName.CampaignBatch:
        return Math.ceil(this.config.campaigns.concurrency / this.config.campaigns.sendBatch);
      // Each maintenance job may run beside the others: a slow reconciliation does not hold up the relay.
      case QueueName.Maintenance:
        return SCHEDULED_JOBS.length;
      case QueueName.Inbound:
      case QueueName.Outbound:
      case QueueName.Calendar:
        return this.config.queue.concurrency;
    }
  }

  /**
   * The hot path: no Redis or database round trip beyond the handler's own and
   * the outbox row's completion. A parked outcome becomes BullMQ's delay here, so
   * domain services never touch a Job or its lock token.
   */
  private async dispatch(job: Job, token?: string): Promise<JobOutcome<unknown>> {
    const route = this.routes.get(job.name);
    if (!route || route.definition.queue !== (job.queueName as QueueName)) {
      throw new UnrecoverableError(`no handler for job ${job.name} on queue ${job.queueName}`);
    }
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const started = performance.now();
    let outcome: JobOutcome<unknown>;
    try {
      outcome = await route.handle(job.data, { finalAttempt });
      if (outcome.status === 'parked') {
        if (outcome.payload !== undefined) await job.updateData(outcome.payload);
        await job.moveToDelayed(outcome.until, token);
      } else if (route.outboxed) {
        await this.outbox.complete(job.id!);
      }
    } catch (error) {
      this.record(job, 'failed', started);
      // Given up on: the outbox relay must not bring it back either.
      const givenUp = finalAttempt || error instanceof UnrecoverableError;
      if (route.outboxed && givenUp) await this.outbox.complete(job.id!).catch(() => undefined);
      throw error;
    }
    this.record(job, outcome.status, started);
    // Parked, not finished: BullMQ leaves the job in the delayed set, where moveToDelayed put it.
    if (outcome.status === 'parked') throw new DelayedError(outcome.detail);
    return outcome;
  }

  private record(job: Job, outcome: JobStatus | 'failed', started: number): void {
    this.counters.add('jobs_total', [job.queueName, job.name, outcome]);
    this.counters.add('job_seconds_sum', [job.queueName, job.name], (performance.now() - started) / 1000);
  }

  private tracked<T>(run: Promise<T>): Promise<T> {
    this.maintenanceRuns.add(run);
    void run.finally(() => this.maintenanceRuns.delete(run)).catch(() => undefined);
    return run;
  }

  /** Resolves once the maintenance jobs running in this process have finished (tests that move the Clock back wait for it). */
  async maintenanceSettled(): Promise<void> {
    await Promise.allSettled([...this.maintenanceRuns]);
  }

  /** SIGTERM: stop taking jobs and let the ones in flight finish (Worker.close waits for them). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
