import { JobName } from '@app/queue';
import type { JobHandler } from './job-handler';
import { CampaignFanoutProcessor, CampaignSendProcessor } from './campaign.processors';
import { InboundProcessor } from './inbound.processor';
import { OutboundProcessor } from './outbound.processor';

export const PROCESSORS = [InboundProcessor, OutboundProcessor, CampaignFanoutProcessor, CampaignSendProcessor];

/** Refuses to start on broken wiring: every job name must have exactly one handler. */
export function assertJobCatalogueWired(handlers: Array<Pick<JobHandler, 'jobName'>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const handler of handlers) counts.set(handler.jobName, (counts.get(handler.jobName) ?? 0) + 1);
  const problems = Object.values(JobName)
    .filter((name) => counts.get(name) !== 1)
    .map((name) => `${name} has ${counts.get(name) ?? 0} handlers`);
  if (problems.length) throw new Error(`Job catalogue is not wired: ${problems.join('; ')}`);
  return counts;
}
