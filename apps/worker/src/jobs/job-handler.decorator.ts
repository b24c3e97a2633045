import { DiscoveryService } from '@nestjs/core';
import type { JobName, JobOutcome, JobPayload } from '@app/queue';

/** What a handler learns about its job besides the payload. */
export interface JobContext {
  /** No retry follows if this attempt fails: a handler records the failure instead of leaving it half done. */
  readonly finalAttempt: boolean;
}

export type JobHandlerMethod<N extends JobName> = (
  payload: JobPayload<N>,
  job: JobContext,
) => Promise<JobOutcome<JobPayload<N>>>;

/** Nest's discoverable metadata: the runner finds marked methods through DiscoveryService. */
export const JobHandlerMark = DiscoveryService.createDecorator<JobName>();

/**
 * Marks the method that handles one job of the job table. The worker finds
 * every marked method at boot and refuses to start unless each job has exactly
 * one. The method's signature is checked against the job's payload type.
 */
export function JobHandler<N extends JobName>(name: N) {
  // Only `value` is checked (a full TypedPropertyDescriptor would also demand the exact parameter list).
  return (target: object, key: string | symbol, descriptor: { value?: JobHandlerMethod<N> }): void => {
    JobHandlerMark(name)(target, key, descriptor);
  };
}
