import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { JOBS, type JobOutcome } from '@app/queue';
import { type JobContext, JobHandlerMark } from './job-handler.decorator';

export interface FoundJobHandler {
  readonly jobName: string;
  /** `Class.method`, for the wiring error. */
  readonly where: string;
  readonly handle: (payload: unknown, job: JobContext) => Promise<JobOutcome<unknown>>;
}

/** Every method marked @JobHandler on the app's providers. */
export function discoverJobHandlers(discovery: DiscoveryService, scanner: MetadataScanner): FoundJobHandler[] {
  const found: FoundJobHandler[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance: unknown = wrapper.instance;
    if (!instance || typeof instance !== 'object' || !wrapper.metatype) continue;
    for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const jobName = discovery.getMetadataByDecorator(JobHandlerMark, wrapper, method);
      if (typeof jobName !== 'string') continue;
      const fn = (instance as Record<string, FoundJobHandler['handle']>)[method];
      found.push({ jobName, where: `${instance.constructor.name}.${method}`, handle: fn.bind(instance) });
    }
  }
  return found;
}

/** Refuses to start on broken wiring: every job of the table must have exactly one handler, and no handler another job. */
export function assertEveryJobHandledOnce(handlers: ReadonlyArray<Pick<FoundJobHandler, 'jobName' | 'where'>>): void {
  const byJob = new Map<string, string[]>();
  for (const { jobName, where } of handlers) byJob.set(jobName, [...(byJob.get(jobName) ?? []), where]);
  const names = new Set<string>(Object.values(JOBS).map((job) => job.name));
  const problems = [
    ...[...names]
      .filter((name) => byJob.get(name)?.length !== 1)
      .map((name) => {
        const where = byJob.get(name) ?? [];
        return `${name} has ${where.length} handlers${where.length ? ` (${where.join(', ')})` : ''}`;
      }),
    ...[...byJob]
      .filter(([name]) => !names.has(name))
      .map(([name, where]) => `${where.join(', ')} handle ${name}, which is not in the job table`),
  ];
  if (problems.length) throw new Error(`Job handlers are not wired: ${problems.join('; ')}`);
}
