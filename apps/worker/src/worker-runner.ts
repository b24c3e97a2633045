import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { AppConfig } from '@app/config';
import { OutboxRepository } from '@app/database';
import {
  bullOptions,
  JOB_QUEUE,
  JobName,
  JobPayload,
  OUTBOXED_JOBS,
  QueueName,
  SharedCounters,
  WORKER_NAME,
} from '@app/queue';
import { assertJobCatalogueWired } from './processors';
import { CampaignFanoutProcessor, CampaignSendProcessor } from './processors/campaign.processors';
import { InboundProcessor } from './processors/inbound.processor';
import type { JobHandler } from './processors/job-handler';
import { OutboundProcessor } from './processors/outbound.processor';

/**
 * Runs one BullMQ worker per queue and dispatches each job to the one handler of
 * its name. Stalled-job recovery is set here on purpose: a job whose worker dies
 * (SIGKILL, OOM) stops having its lock renewed; after JOB_LOCK_DURATION_MS another
 * worker's stalled check (every JOB_STALLED_INTERVAL_MS) puts it back, up to
 * JOB_MAX_STALLED_COUNT times. Handlers are idempotent, so a re-run is harmless.
 */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerRunner.name);
  private readonly handlers = new Map<string, JobHandler>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly counters: SharedCounters,
    inbound: InboundProcessor,
    outbound: OutboundProcessor,
    fanout: CampaignFanoutProcessor,
    campaignSend: CampaignSendProcessor,
  ) {
    const all: JobHandler[] = [inbound, outbound, fanout, campaignSend];
    assertJobCatalogueWired(all);
    for (const handler of all) this.handlers.set(handler.jobName, handler);
  }

  onApplicationBootstrap(): void {
    const { concurrency, lockDurationMs, stalledIntervalMs, maxStalledCount } = this.config.queue;
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job, token) => this.dispatch(job, token), {
        ...bullOptions(this.config),
        name: WORKER_NAME,
        // Campaign sends mostly wait on Twilio: many in flight is what makes their throughput.
        concurrency: queue === QueueName.Campaign ? this.config.campaigns.concurrency : concurrency,
        lockDuration: lockDurationMs,
        stalledInterval: stalledIntervalMs,
        maxStalledCount,
      });
      worker.on('error', (error) => this.logger.warn(`Queue ${queue}: ${error.message}`));
      this.workers.push(worker);
    }
  }

  private async dispatch(job: Job, token?: string): Promise<string> {
    const handler = this.handlers.get(job.name);
    if (!handler || JOB_QUEUE[job.name as JobName] !== (job.queueName as QueueName)) {
      throw new UnrecoverableError(`no handler for job ${job.name} on queue ${job.queueName}`);
    }
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outboxed = OUTBOXED_JOBS.has(job.name as JobName);
    const started = performance.now();
    try {
      const outcome = await handler.handle(
        job.data as JobPayload<JobName>,
        job as Job<JobPayload<JobName>>,
        finalAttempt,
        token,
      );
      if (outboxed) await this.outbox.complete(job.id!);
      this.record(job, 'completed', started);
      return outcome;
    } catch (error) {
      this.record(job, error instanceof DelayedError ? 'delayed' : 'failed', started);
      // Given up on: the outbox relay must not bring it back either. (DelayedError: parked, not failed.)
      const givenUp = (finalAttempt && !(error instanceof DelayedError)) || error instanceof UnrecoverableError;
      if (outboxed && givenUp) await this.outbox.complete(job.id!).catch(() => undefined);
      throw error;
    }
  }

  private record(job: Job, outcome: string, started: number): void {
    this.counters.add('jobs_total', [job.queueName, job.name, outcome]);
    this.counters.add('job_seconds_sum', [job.queueName, job.name], (performance.now() - started) / 1000);
  }

  /** SIGTERM: stop taking jobs and let the ones in flight finish (Worker.close waits for them). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
