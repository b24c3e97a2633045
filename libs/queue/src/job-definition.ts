import type { BackoffOptions, KeepJobs } from 'bullmq';
import type { AppConfig } from '@app/config';
import { QueueName } from './queue-name.enum';

/** A job's data as BullMQ and the outbox store it: a JSON object (ids only; see the job table). */
export type JobData = Record<string, unknown>;

/** What every job says about itself: where it runs, how it retries, how long BullMQ keeps it. */
interface JobBasics<Name extends string> {
  readonly name: Name;
  readonly queue: QueueName;
  readonly attempts: number;
  readonly backoff?: BackoffOptions;
  /** Finished jobs BullMQ keeps (true: none). A kept id turns a repeated enqueue into a no-op. */
  readonly removeOnComplete: KeepJobs | boolean;
  /** Failed jobs BullMQ keeps; a week unless the job says otherwise. */
  readonly removeOnFail?: KeepJobs;
}

/** A job that code enqueues with a payload. */
export interface EnqueuedJobDefinition<
  Name extends string = string,
  Payload extends JobData = JobData,
> extends JobBasics<Name> {
  /**
   * Written to the outbox with its data, in the same transaction, and enqueued
   * after the commit (or by the relay); its outbox row is dropped when the job
   * completes or is given up.
   */
  readonly outboxed: boolean;
  /**
   * The job id, from domain ids, so a repeated enqueue (Twilio retrying a webhook,
   * two workers, a crash and replay) is a no-op while BullMQ knows the id.
   * BullMQ forbids ':' in custom ids, hence '-' as the separator. Its parameter's
   * type is the job's payload type.
   */
  id(payload: Payload): string;
}

/** A job BullMQ creates by itself, every `every(config)` ms, once per cluster (a job scheduler). */
export interface ScheduledJobDefinition<Name extends string = string> extends JobBasics<Name> {
  every(config: AppConfig): number;
}

export type AnyJobDefinition = EnqueuedJobDefinition<string, never> | ScheduledJobDefinition;

/** A scheduled job's payload: nothing; it reads what is due from the database. */
export type NoPayload = Record<string, never>;

export type PayloadOf<D> = D extends EnqueuedJobDefinition<string, infer P> ? P : NoPayload;

/** One entry of the job table; the payload type is the parameter type of `id`. */
export function defineJob<const Name extends string, Payload extends JobData>(
  definition: EnqueuedJobDefinition<Name, Payload>,
): EnqueuedJobDefinition<Name, Payload>;
export function defineJob<const Name extends string>(
  definition: ScheduledJobDefinition<Name>,
): ScheduledJobDefinition<Name>;
export function defineJob(definition: AnyJobDefinition): AnyJobDefinition {
  return Object.freeze(definition);
}

export function isScheduled<D extends AnyJobDefinition>(
  definition: D,
): definition is Extract<D, ScheduledJobDefinition> {
  return 'every' in definition;
}
