import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { JobsOptions, Queue } from 'bullmq';
import { jobIdFor, jobOptions, retryAndRetention } from './job-options';
import { findJobDefinition, type EnqueuedJobName, type JobName, type JobPayload } from './jobs';
import { QueueName } from './queue-name.enum';
import { GroupCommit, OutboxEntry } from '@app/common';

/** How long a request waits for Redis before leaving the job to the outbox relay. */
const ENQUEUE_BUDGET_MS = 300;
/** Job removals sent to Redis at once (see removeQueued). */
const REMOVE_BATCH = 500;

/** The one way to enqueue work: typed payloads, options from one place. */
@Injectable()
export class JobQueue implements OnModuleInit {
  private readonly logger = new Logger(JobQueue.name);
  private readonly queues = new Map<string, Queue>();
  private lastErrorLog = 0;
  /** Jobs of concurrent requests go to Redis together: one MULTI per batch instead of one round trip each. */
  private readonly committed = new GroupCommit(
    async (entries: OutboxEntry[]) => {
      await this.enqueueEntries(entries);
      return entries.map(() => true);
    },
    { maxBatch: 100, maxInFlight: 1, stalledAfterMs: 250, retryAlone: () => false },
  );

  constructor(private readonly moduleRef: ModuleRef) {}

  /** Redis errors are expected during an outage (the outbox covers it): log them, at most every 10 s. */
  onModuleInit(): void {
    for (const name of Object.values(QueueName)) {
      const queue = this.queue(name);
      if (queue.listenerCount('error') > 0) continue;
      queue.on('error', (error: Error) => {
        if (Date.now() - this.lastErrorLog < 10_000) return;
        this.lastErrorLog = Date.now();
        this.logger.warn(`Queue ${queue.name}: ${error.message}`);
      });
    }
  }

  /** The outbox row for a job: written with the data, in the same transaction. */
  static outboxEntry<N extends EnqueuedJobName>(name: N, payload: JobPayload<N>): OutboxEntry {
    return { jobName: name, jobId: jobIdFor(name, payload), payload: payload };
  }

  async enqueue<N extends EnqueuedJobName>(name: N, payload: JobPayload<N>): Promise<void> {
    await this.queueFor(name).add(name, payload, jobOptions(name, payload));
  }

  /**
   * Enqueues work whose outbox row is already committed. A Redis that is down or
   * slow must not fail (or slow down) the request: the relay enqueues it later.
   */
  async enqueueCommitted(entry: OutboxEntry): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.committed.submit(entry),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not answer within ${ENQUEUE_BUDGET_MS} ms`)),
            ENQUEUE_BUDGET_MS,
          );
        }),
      ]);
      return true;
    } catch (error) {
      this.logger.warn(`Left job ${entry.jobId} to the outbox relay: ${(error as Error).message}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Enqueues outbox entries (after a commit, and the relay); throws when Redis is
   * unavailable, so they stay. The entry's own job id is used, not one computed
   * again from its payload: it is the id the outbox row will be completed by.
   */
  async enqueueEntries(entries: OutboxEntry[]): Promise<void> {
    await this.enqueueAt(entries.map((entry) => ({ entry })));
  }

  /**
   * Enqueues jobs, each to run no earlier than its `at` (epoch ms; absent or past: now).
   * Throws when Redis is unavailable.
   */
  async enqueueAt(jobs: ReadonlyArray<{ entry: OutboxEntry; at?: number }>): Promise<void> {
    const byQueue = new Map<Queue, Array<{ name: string; data: object; opts: JobsOptions }>>();
    const now = Date.now();
    for (const { entry, at } of jobs) {
      const definition = findJobDefinition(entry.jobName);
      if (!definition) throw new Error(`job ${entry.jobName} (${entry.jobId}) is not in the job table`);
      const queue = this.queue(definition.queue);
      const delay = at !== undefined && at > now ? { delay: at - now } : {};
      const job = {
        name: entry.jobName,
        data: entry.payload,
        opts: { jobId: entry.jobId, ...retryAndRetention(definition), ...delay },
      };
      const batch = byQueue.get(queue);
      if (batch) batch.push(job);
      else byQueue.set(queue, [job]);
    }
    for (const [queue, batch] of byQueue) await queue.addBulk(batch);
  }

  /**
   * Removes the jobs enqueued with these payloads (their ids) while they wait, are delayed or are
   * parked; one running now is left to finish (BullMQ does not remove a locked job). Resolves with
   * how many were removed. Commands go out together, REMOVE_BATCH at a time, not one round trip each.
   * Rejects after `budgetMs`: BullMQ's connection holds commands while Redis is away, and the
   * request that asked must not hang with it.
   */
  async removeQueued<N extends EnqueuedJobName>(name: N, payloads: JobPayload<N>[], budgetMs = 5_000): Promise<number> {
    const queue = this.queueFor(name);
    const removeAll = async () => {
      let removed = 0;
      for (let i = 0; i < payloads.length; i += REMOVE_BATCH) {
        const batch = payloads.slice(i, i + REMOVE_BATCH);
        const codes = await Promise.all(batch.map((payload) => queue.remove(jobIdFor(name, payload))));
        removed += codes.filter((code) => code === 1).length;
      }
      return removed;
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        removeAll(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${budgetMs} ms`)), budgetMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  queueFor(name: JobName): Queue {
    const definition = findJobDefinition(name);
    if (!definition) throw new Error(`job ${name} is not in the job table`);
    return this.queue(definition.queue);
  }

  /** A queue by its own name (health, metrics, the queue board). */
  queue(queueName: QueueName): Queue {
    let queue = this.queues.get(queueName);
    if (!queue) {
      queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
      this.queues.set(queueName, queue);
    }
    return queue;
  }
}
