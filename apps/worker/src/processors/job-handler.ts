import type { Job } from 'bullmq';
import type { JobName, JobPayload } from '@app/queue';

/** One handler per job name; the runner dispatches to it and refuses to start without it. */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  /** `token` is the job's lock token, for handlers that park the job (moveToDelayed). */
  handle(payload: JobPayload<N>, job: Job<JobPayload<N>>, finalAttempt: boolean, token?: string): Promise<string>;
}
