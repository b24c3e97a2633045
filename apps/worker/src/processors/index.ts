import { JOB_QUEUE, JobName } from '@app/queue';
import { InboundProcessor } from './inbound.processor';
import { OutboundProcessor } from './outbound.processor';

export const PROCESSORS = [InboundProcessor, OutboundProcessor];

/**
 * Refuses to start on broken wiring: every job name must have exactly one
 * processor, and that processor must consume the job's queue.
 */
export function assertJobCatalogueWired(processors = PROCESSORS): void {
  const owners = new Map<string, string[]>();
  for (const processor of processors) {
    for (const name of processor.handles) owners.set(name, [...(owners.get(name) ?? []), processor.name]);
  }
  const problems: string[] = [];
  for (const name of Object.values(JobName)) {
    const handlers = owners.get(name) ?? [];
    if (handlers.length !== 1) problems.push(`${name} has ${handlers.length} handlers (${handlers.join(', ') || 'none'})`);
  }
  for (const processor of processors) {
    const queue = Reflect.getMetadata('bullmq:processor_metadata', processor)?.name;
    for (const name of processor.handles) {
      if (queue && queue !== JOB_QUEUE[name]) problems.push(`${name} belongs to ${JOB_QUEUE[name]}, not ${queue}`);
    }
  }
  if (problems.length) throw new Error(`Job catalogue is not wired: ${problems.join('; ')}`);
}
