import { QueueName } from './queue-name.enum';

/** Every job name, each owned by exactly one queue (and handled by exactly one processor). */
export enum JobName {
  ReplyToInbound = 'reply-to-inbound',
  SendMessage = 'send-message',
}

/** Thin payloads: ids only; handlers reload the current state from the database. */
export interface JobPayloads {
  [JobName.ReplyToInbound]: { messageId: string; messageSid: string };
  /** `round` > 0: a re-send after reconciliation, which needs a job id of its own. */
  [JobName.SendMessage]: { messageId: string; round?: number };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ReplyToInbound]: QueueName.Inbound,
  [JobName.SendMessage]: QueueName.Outbound,
};

export type JobPayload<N extends JobName> = JobPayloads[N];
