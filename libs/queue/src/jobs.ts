import type { AppConfig } from '@app/config';
import {
  defineJob,
  isScheduled,
  type AnyJobDefinition,
  type EnqueuedJobDefinition,
  type PayloadOf,
  type ScheduledJobDefinition,
} from './job-definition';
import { QueueName } from './queue-name.enum';

const exponential = (delay: number) => ({ type: 'exponential', delay }) as const;
/** Kept for a day so Twilio's webhook retries and repeated enqueues hit a known id. */
const A_DAY = { age: 24 * 3600, count: 50_000 };
/** Maintenance runs every few seconds: a short history in Bull Board is enough. */
const RECENT_RUNS = { count: 200 };
/** A maintenance run that fails is not retried: the next run comes within the interval anyway. */
const maintenance = {
  queue: QueueName.Maintenance,
  attempts: 1,
  removeOnComplete: RECENT_RUNS,
  removeOnFail: RECENT_RUNS,
  every: (config: AppConfig) => config.maintenance.intervalMs,
};

/**
 * Every job of the system, defined once: queue, outbox, retries, retention and
 * id. Thin payloads (ids only): handlers reload the current state from the
 * database. Each job has exactly one handler in apps/worker/src/jobs/ (checked at
 * boot). Transient failures (Twilio 429/5xx, the model) back off exponentially.
 */
export const JOBS = {
  ReplyToInbound: defineJob({
    name: 'reply-to-inbound',
    queue: QueueName.Inbound,
    outboxed: true,
    attempts: 6,
    backoff: exponential(1_000),
    removeOnComplete: A_DAY,
    id: ({ messageSid }: { messageId: string; messageSid: string }) => `inbound-${messageSid}`,
  }),
  SendMessage: defineJob({
    name: 'send-message',
    queue: QueueName.Outbound,
    outboxed: true,
    attempts: 6,
    backoff: exponential(1_000),
    removeOnComplete: A_DAY,
    id: ({
      messageId,
      resend,
    }: {
      messageId: string;
      /** How many times the reconciler has sent this message again (it needs a job id of its own each time). */
      resend?: number;
    }) => (resend ? `send-${messageId}-r${resend}` : `send-${messageId}`),
  }),
  /** Enqueues the sends of the next chunk of pending recipients after `afterId`, then the next step. */
  CampaignFanout: defineJob({
    name: 'campaign-fanout',
    queue: QueueName.Campaign,
    outboxed: true,
    attempts: 10,
    backoff: exponential(1_000),
    // Campaign jobs are guarded by the recipients table, not by finished job ids: dropped when done (less Redis work).
    removeOnComplete: true,
    id: (step: {
      campaignId: string;
      round: number;
      /** Tells runs of a fan-out apart: 0 at launch and resume, a timestamp when the campaign sweep re-runs it. */
      runId: number;
      afterId?: string;
    }) => `fanout-${step.campaignId}-r${step.round}-run${step.runId}-${step.afterId ?? 'start'}`,
  }),
  /**
   * Not outboxed: the recipients table is their durable state, and the campaign
   * sweep re-runs the fan-out of a campaign that stops making progress.
   */
  CampaignSend: defineJob({
    name: 'campaign-send',
    queue: QueueName.Campaign,
    outboxed: false,
    attempts: 8,
    backoff: exponential(1_000),
    removeOnComplete: true,
    id: (send: {
      campaignId: string;
      recipientId: string;
      round: number;
      /** The send slot this job reserved before it was parked to wait for it. */
      slotAt?: number;
    }) => `campaign-send-${send.recipientId}-r${send.round}`,
  }),
  /**
   * Sends to up to CAMPAIGN_SEND_BATCH recipients in one job: what fan-out makes when no send
   * rate applies, because a BullMQ job per recipient cost more Redis and worker CPU than the
   * send itself. A member that must wait or failed for now goes on as its own CampaignSend.
   * Not outboxed, like CampaignSend: the recipients table is the durable state.
   */
  CampaignSendBatch: defineJob({
    name: 'campaign-send-batch',
    queue: QueueName.CampaignBatch,
    outboxed: false,
    attempts: 8,
    backoff: exponential(1_000),
    removeOnComplete: true,
    // First and last recipient: a re-run fan-out that cuts the same batch is a no-op while it waits.
    id: (batch: { campaignId: string; round: number; recipientIds: string[] }) =>
      `campaign-batch-r${batch.round}-${batch.recipientIds[0]}-${batch.recipientIds[batch.recipientIds.length - 1]}`,
  }),
  /**
   * Makes the appointment's Google Calendar event match it (create, move, delete). One job per
   * change (its calendarRevision); a job older than the appointment's revision leaves the work to
   * the newer one. Google failing is retried for about a quarter of an hour and shows on the appointment.
   */
  SyncCalendar: defineJob({
    name: 'sync-calendar',
    queue: QueueName.Calendar,
    outboxed: true,
    attempts: 10,
    backoff: exponential(2_000),
    removeOnComplete: A_DAY,
    id: ({ appointmentId, revision }: { appointmentId: string; revision: number }) =>
      `calendar-${appointmentId}-${revision}`,
  }),
  /** Enqueues outbox rows whose job never reached Redis (or that Redis lost). */
  OutboxRelay: defineJob({ name: 'outbox-relay', ...maintenance }),
  /** Settles sends left `submitting` (a worker died mid-send, or Twilio did not answer). */
  ReconcileSends: defineJob({ name: 'reconcile-sends', ...maintenance }),
  /** Starts scheduled campaigns, re-runs stalled fan-outs, completes finished campaigns. */
  CampaignSweep: defineJob({ name: 'campaign-sweep', ...maintenance }),
  /** Fires due reminders and releases due one-off messages. */
  ReminderTick: defineJob({ name: 'reminder-tick', ...maintenance }),
  /**
   * Sends (or records as skipped) the reminders of upcoming appointments that are due, then
   * deletes the booking conversation's states expired for over a day (bounded batches).
   */
  AppointmentReminderTick: defineJob({ name: 'appointment-reminder-tick', ...maintenance }),
  /** Texts owners their daily summary once their day reaches its ownerSummaryTime (once per business and day). */
  OwnerSummaryTick: defineJob({ name: 'owner-summary-tick', ...maintenance }),
  /** Deletes AskYourDatabase chats past AI_SESSION_DAYS (an expired one is never used again, only replaced). */
  AiSessionCleanup: defineJob({ name: 'ai-session-cleanup', ...maintenance }),
} as const satisfies Record<string, AnyJobDefinition>;

type Table = typeof JOBS;
export type JobDefinition = Table[keyof Table];
export type JobName = JobDefinition['name'];
export type DefinitionOf<N extends JobName> = Extract<JobDefinition, { name: N }>;
export type JobPayload<N extends JobName> = PayloadOf<DefinitionOf<N>>;
/** Jobs that code enqueues (the others are created by their schedulers). */
export type EnqueuedJobName = Extract<JobDefinition, { id: unknown }>['name'];
export type ScheduledJobName = Exclude<JobName, EnqueuedJobName>;

/** `JobName.SendMessage` is 'send-message': call sites name jobs through the table, never by a string. */
export const JobName = Object.freeze(
  Object.fromEntries(Object.entries(JOBS).map(([key, definition]) => [key, definition.name])),
) as { readonly [K in keyof Table]: Table[K]['name'] };

const BY_NAME: ReadonlyMap<string, JobDefinition> = new Map(Object.values(JOBS).map((d) => [d.name, d]));

/** The definition of a job name read from Redis or the outbox; undefined for a name the table does not know. */
export function findJobDefinition(name: string): JobDefinition | undefined {
  return BY_NAME.get(name);
}

export function enqueuedJob<N extends EnqueuedJobName>(name: N): EnqueuedJobDefinition<N, JobPayload<N>> {
  const definition = BY_NAME.get(name);
  if (!definition || isScheduled(definition)) throw new Error(`${name} is not a job that can be enqueued`);
  // The table pairs each name with its payload type; a Map lookup cannot carry that pairing to the compiler.
  return definition as unknown as EnqueuedJobDefinition<N, JobPayload<N>>;
}

/** Jobs written to the outbox with their data (see `outboxed`). */
export const OUTBOXED_JOBS: ReadonlySet<string> = new Set(
  Object.values(JOBS)
    .filter((d) => !isScheduled(d) && d.outboxed)
    .map((d) => d.name),
);

/** Jobs that BullMQ job schedulers create, once per cluster. */
export const SCHEDULED_JOBS: readonly ScheduledJobDefinition[] = Object.values(JOBS).filter(isScheduled);

/** The queues jobs run on (each gets a BullMQ worker in every worker process). */
export const JOB_QUEUES: readonly QueueName[] = [...new Set(Object.values(JOBS).map((d) => d.queue))];
