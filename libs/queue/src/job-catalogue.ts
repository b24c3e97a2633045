import { QueueName } from './queue-name.enum';

/** Every job name, each owned by exactly one queue (and handled by exactly one processor). */
export enum JobName {
  ReplyToInbound = 'reply-to-inbound',
  SendMessage = 'send-message',
}

/** Thin payloads: ids only; handlers reload the current state from the database. */
export interface JobPayloads {
  [JobName.ReplyToInbound]: { messageId: string; messageSid: string };
  [JobName.SendMessage]: { messageId: string };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ReplyToInbound]: QueueName.Inbound,
  [JobName.SendMessage]: QueueName.Outbound,
};

export type JobPayload<N extends JobName> = JobPayloads[N];
