import { hostname } from 'node:os';
import type { JobsOptions } from 'bullmq';
import { JobName, JobPayload } from './job-catalogue';

/**
 * Job ids come from domain ids so a repeated enqueue (Twilio retrying a webhook,
 * two workers, a crash and replay) is a no-op while the job is known to BullMQ.
 * PostgreSQL unique constraints back every claim for when it is not.
 * BullMQ forbids ':' in custom ids, hence '-' as the separator.
 */
export function jobIdFor<N extends JobName>(name: N, payload: JobPayload<N>): string {
  switch (name) {
    case JobName.ReplyToInbound:
      return `inbound-${(payload as JobPayload<JobName.ReplyToInbound>).messageSid}`;
    case JobName.SendMessage: {
      const { messageId, round } = payload as JobPayload<JobName.SendMessage>;
      return round ? `send-${messageId}-r${round}` : `send-${messageId}`;
    }
    case JobName.CampaignFanout: {
      const { campaignId, round, sweep, afterId } = payload as JobPayload<JobName.CampaignFanout>;
      return `fanout-${campaignId}-r${round}-s${sweep}-${afterId ?? 'start'}`;
    }
    case JobName.CampaignSend: {
      const { recipientId, round } = payload as JobPayload<JobName.CampaignSend>;
      return `cr-${recipientId}-r${round}`;
    }
    default:
      throw new Error(`no job id rule for ${String(name)}`);
  }
}

/** Retry policy per job: transient failures (Twilio 429/5xx, timeouts, the model) back off exponentially. */
const RETRY: Record<JobName, Pick<JobsOptions, 'attempts' | 'backoff'>> = {
  [JobName.ReplyToInbound]: { attempts: 6, backoff: { type: 'exponential', delay: 1_000 } },
  [JobName.SendMessage]: { attempts: 6, backoff: { type: 'exponential', delay: 1_000 } },
  [JobName.CampaignFanout]: { attempts: 10, backoff: { type: 'exponential', delay: 1_000 } },
  [JobName.CampaignSend]: { attempts: 8, backoff: { type: 'exponential', delay: 1_000 } },
};

/** Campaign jobs are guarded by the recipients table, not by finished job ids: drop them when done (less Redis work). */
const KEEP_FINISHED: Record<JobName, JobsOptions['removeOnComplete']> = {
  // Kept for a day so Twilio's webhook retries and repeated enqueues hit a known id.
  [JobName.ReplyToInbound]: { age: 24 * 3600, count: 50_000 },
  [JobName.SendMessage]: { age: 24 * 3600, count: 50_000 },
  [JobName.CampaignFanout]: true,
  [JobName.CampaignSend]: true,
};

export function jobOptions<N extends JobName>(name: N, payload: JobPayload<N>): JobsOptions {
  return {
    jobId: jobIdFor(name, payload),
    ...RETRY[name],
    removeOnComplete: KEEP_FINISHED[name],
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** Identifies this process in BullMQ (a job's `processedBy`), for operators and tests. */
export const WORKER_NAME = `${hostname()}-${process.pid}`;
