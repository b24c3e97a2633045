import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { ScheduledJobDefinition } from './job-definition';
import { retryAndRetention } from './job-options';
import { JobQueue } from './job-queue.service';
import { SCHEDULED_JOBS } from './jobs';

/** States in which a scheduler's next run is waiting to happen. */
const PENDING = new Set(['delayed', 'waiting', 'prioritized', 'waiting-children']);

/**
 * The BullMQ job schedulers of the scheduled jobs (maintenance): one per job,
 * its id the job's name, so each job runs once per interval for the whole
 * cluster, and shows in Bull Board. Redis holds them, and Redis can lose
 * everything (a restart without persistence): every worker calls `ensure()` on
 * its heartbeat, which recreates a scheduler that is gone, changed (a new
 * interval) or stuck without a next run, and leaves a healthy one alone.
 * Upserting a healthy scheduler would not reset its next run either (BullMQ keeps
 * the pending run's time when the interval is the same), but it would replace
 * its job on every heartbeat of every worker.
 */
@Injectable()
export class JobSchedulers {
  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  /** Upserts the schedulers that need it; returns their job names. */
  async ensure(): Promise<string[]> {
    const repaired = await Promise.all(SCHEDULED_JOBS.map(async (job) => ((await this.healthy(job)) ? null : job)));
    const due = repaired.filter((job) => job !== null);
    await Promise.all(due.map((job) => this.upsert(job)));
    return due.map((job) => job.name);
  }

  private async healthy(job: ScheduledJobDefinition): Promise<boolean> {
    const queue = this.jobs.queue(job.queue);
    const scheduler = await queue.getJobScheduler(job.name);
    if (!scheduler?.next || scheduler.every !== job.every(this.config)) return false;
    // BullMQ names a scheduler's runs `repeat:<scheduler id>:<run time>`.
    const state = await queue.getJobState(`repeat:${job.name}:${scheduler.next}`);
    return PENDING.has(state);
  }

  private async upsert(job: ScheduledJobDefinition): Promise<void> {
    await this.jobs
      .queue(job.queue)
      .upsertJobScheduler(
        job.name,
        { every: job.every(this.config) },
        { name: job.name, data: {}, opts: retryAndRetention(job) },
      );
  }
}
