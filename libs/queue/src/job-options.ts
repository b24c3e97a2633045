import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobsOptions } from 'bullmq';
import type { AnyJobDefinition } from './job-definition';
import { enqueuedJob, type EnqueuedJobName, type JobPayload } from './jobs';

const A_WEEK = { age: 7 * 24 * 3600 };

/**
 * Job ids come from domain ids (see `id` in the job table). PostgreSQL unique
 * constraints back every claim for when BullMQ no longer knows the id.
 */
export function jobIdFor<N extends EnqueuedJobName>(name: N, payload: JobPayload<N>): string {
  return enqueuedJob(name).id(payload);
}

/** Retries and retention, as the job's definition says. */
export function retryAndRetention(definition: AnyJobDefinition): JobsOptions {
  return {
    attempts: definition.attempts,
    ...(definition.backoff && { backoff: definition.backoff }),
    removeOnComplete: definition.removeOnComplete,
    removeOnFail: definition.removeOnFail ?? A_WEEK,
  };
}

export function jobOptions<N extends EnqueuedJobName>(name: N, payload: JobPayload<N>): JobsOptions {
  const definition = enqueuedJob(name);
  return { jobId: definition.id(payload), ...retryAndRetention(definition) };
}

/**
 * Identifies this process in BullMQ (a job's `processedBy`), in the heartbeat set and as the
 * owner of the sends it claims (`claimedBy`). The random part makes each start a new owner: a
 * container restarted after a crash often gets the same hostname and pid, and must not pass
 * for the process that died holding those claims.
 */
export const WORKER_NAME = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
