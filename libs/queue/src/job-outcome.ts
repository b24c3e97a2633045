/**
 * What a job handler reports, counted by the worker in `jobs_total`:
 * - `done`: the work happened (a send accepted, a failure recorded, rows relayed);
 * - `skipped`: nothing to do, or no longer wanted (already sent, campaign paused, opted out);
 * - `parked`: not yet; the runner moves the job to BullMQ's delayed set until `until`
 *   (epoch ms), first saving `payload` as its data when given (what it must remember).
 * A thrown error is the fourth outcome, `failed`: BullMQ retries it with backoff
 * (UnrecoverableError: never).
 */
export type JobOutcome<Payload = never> =
  | { readonly status: 'done'; readonly detail: string }
  | { readonly status: 'skipped'; readonly detail: string }
  | { readonly status: 'parked'; readonly detail: string; readonly until: number; readonly payload?: Payload };

export type JobStatus = JobOutcome['status'];

export const JobOutcome = {
  done: (detail: string) => ({ status: 'done', detail }) as const,
  skipped: (detail: string) => ({ status: 'skipped', detail }) as const,
  parked: <Payload = never>(until: number, detail: string, payload?: Payload): JobOutcome<Payload> =>
    payload === undefined ? { status: 'parked', detail, until } : { status: 'parked', detail, until, payload },
};
