import { QueueName } from './queue-name.enum';

/** Every job name, each owned by exactly one queue (and handled by exactly one processor). */
export enum JobName {
  ReplyToInbound = 'reply-to-inbound',
  SendMessage = 'send-message',
  CampaignFanout = 'campaign-fanout',
  CampaignSend = 'campaign-send',
}

/** Thin payloads: ids only; handlers reload the current state from the database. */
export interface JobPayloads {
  [JobName.ReplyToInbound]: { messageId: string; messageSid: string };
  /** `round` > 0: a re-send after reconciliation, which needs a job id of its own. */
  [JobName.SendMessage]: { messageId: string; round?: number };
  /** Enqueues the sends of the next chunk of pending recipients after `afterId`, then the next step. */
  /** `sweep` tells re-runs of a fan-out apart (0 at launch, a timestamp when the workers re-run it). */
  [JobName.CampaignFanout]: { campaignId: string; round: number; sweep: number; afterId?: string };
  /** `slotAt`: the send slot this job reserved before it was delayed to wait for it. */
  [JobName.CampaignSend]: { campaignId: string; recipientId: string; round: number; slotAt?: number };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ReplyToInbound]: QueueName.Inbound,
  [JobName.SendMessage]: QueueName.Outbound,
  [JobName.CampaignFanout]: QueueName.Campaign,
  [JobName.CampaignSend]: QueueName.Campaign,
};

/**
 * Jobs written to the outbox with their data (a campaign's first fan-out step,
 * at launch). Campaign sends are not: the recipients table is their durable
 * state, and the workers re-run the fan-out of a campaign that stops making progress.
 */
export const OUTBOXED_JOBS: ReadonlySet<JobName> = new Set([
  JobName.ReplyToInbound,
  JobName.SendMessage,
  JobName.CampaignFanout,
]);

export type JobPayload<N extends JobName> = JobPayloads[N];
