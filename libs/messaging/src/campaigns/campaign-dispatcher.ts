import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  BusinessRoutes,
  Campaign,
  type CampaignCounters,
  CampaignsRepository,
  MessageSendingRepository,
} from '@app/database';
import { JobName, JobOutcome, JobPayload, JobQueue, WorkerLiveness } from '@app/queue';
import { OutboundSender, type SendableMessage } from '../outbound/outbound-sender';
import { SendRateLimiter } from './send-rate-limiter';
import { campaignQuietWindow, quietHoldUntil, recipientZone } from './campaign-quiet-hours';
import { Clock, type OutboxEntry, textChannel } from '@app/common';
import { BusinessDefaults } from '../businesses/business-defaults';
import { BusinessTwilio } from '../businesses/business-twilio';
import { MessageEvents } from '../live/message-events';
import { CampaignProgress } from './campaign-progress';
import { campaignLogLine } from './campaign-log';

type FanoutStep = JobPayload<typeof JobName.CampaignFanout>;
type CampaignSend = JobPayload<typeof JobName.CampaignSend>;
type CampaignBatch = JobPayload<typeof JobName.CampaignSendBatch>;

/** Waits shorter than this happen inside the job; longer ones park it in BullMQ's delayed set. */
const MAX_INLINE_WAIT_MS = 1_000;
const CAMPAIGN_CACHE_MS = 1_000;
/** A batch member that failed for now is tried again alone after this: CampaignSend's first backoff. */
const RETRY_ALONE_AFTER_MS = 1_000;

/** The worker side of campaigns: fan-out in chunks, then send jobs (per recipient, or batches); the periodic sweep. */
@Injectable()
export class CampaignDispatcher {
  private readonly logger = new Logger(CampaignDispatcher.name);
  private readonly cache = new Map<string, { campaign: Campaign | null; at: number }>();
  /** The quiet-hours end each campaign was last said to wait for: one log line per campaign and window, not per recipient. */
  private readonly heldLogged = new Map<string, number>();

  constructor(
    private readonly config: AppConfig,
    private readonly campaigns: CampaignsRepository,
    private readonly messages: MessageSendingRepository,
    private readonly jobs: JobQueue,
    private readonly sender: OutboundSender,
    private readonly limiter: SendRateLimiter,
    private readonly clock: Clock,
    private readonly routes: BusinessRoutes,
    private readonly accounts: BusinessTwilio,
    private readonly defaults: BusinessDefaults,
    private readonly events: MessageEvents,
    private readonly progress: CampaignProgress,
    private readonly liveness: WorkerLiveness,
  ) {}

  /**
   * One fan-out step: the next chunk of pending recipients becomes send jobs (one
   * query, one Redis round trip), and the next step is enqueued behind them.
   */
  async fanout(step: FanoutStep): Promise<JobOutcome> {
    const campaign = await this.campaigns.findById(step.campaignId);
    if (!campaign || campaign.status !== 'running' || campaign.round !== step.round)
      return JobOutcome.skipped('campaign not running (or a newer round is)');
    const chunk = this.config.campaigns.fanoutChunk;
    const ids = await this.campaigns.pendingAfter(step.campaignId, step.afterId, chunk);
    const entries = this.sendJobs(step, ids);
    if (ids.length === chunk) {
      entries.push(JobQueue.outboxEntry(JobName.CampaignFanout, { ...step, afterId: ids[ids.length - 1] }));
    }
    if (entries.length) await this.jobs.enqueueEntries(entries);
    await this.campaigns.markFanout(step.campaignId);
    if (ids.length === 0) this.completed(await this.campaigns.completeFinished());
    return JobOutcome.done(`enqueued ${ids.length} send(s)`);
  }

  /**
   * With a send rate, a job per recipient: each reserves its slot and parks until it. Without
   * one, batches of CAMPAIGN_SEND_BATCH: a BullMQ job per recipient cost more than its send.
   */
  private sendJobs({ campaignId, round }: FanoutStep, ids: string[]): OutboxEntry[] {
    // Never more members than CAMPAIGN_CONCURRENCY: a batch's sends all go at once.
    const { sendBatch, concurrency } = this.config.campaigns;
    const size = this.limiter.enabled ? 1 : Math.min(sendBatch, concurrency);
    if (size === 1)
      return ids.map((recipientId) => JobQueue.outboxEntry(JobName.CampaignSend, { campaignId, recipientId, round }));
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < ids.length; i += size)
      entries.push(
        JobQueue.outboxEntry(JobName.CampaignSendBatch, { campaignId, round, recipientIds: ids.slice(i, i + size) }),
      );
    return entries;
  }

  /**
   * Sends to a batch of recipients at once, each exactly as its own job would (`send`). A
   * member that must wait (quiet hours, a suspended business) or failed for now (Twilio 429
   * or 5xx, a lost connection) goes on as its own CampaignSend job, delayed to when it should
   * look again: a batch never waits for its slowest member, and a retry re-sends nobody (the
   * claim lets each recipient go once). A batch that dies with its worker is re-run by
   * BullMQ; its members already claimed are skipped and left to the reconciler.
   */
  async sendBatch(batch: CampaignBatch): Promise<JobOutcome> {
    const { campaignId, round } = batch;
    const later: Array<{ entry: OutboxEntry; at: number }> = [];
    let sent = 0;
    let skipped = 0;
    let failed = 0;
    await Promise.all(
      batch.recipientIds.map(async (recipientId) => {
        const single: CampaignSend = { campaignId, recipientId, round };
        try {
          const outcome = await this.send(single, false);
          if (outcome.status === 'done') sent++;
          else if (outcome.status === 'skipped') skipped++;
          else
            later.push({
              entry: JobQueue.outboxEntry(JobName.CampaignSend, outcome.payload ?? single),
              at: outcome.until,
            });
        } catch {
          // Logged where it happened (the sender); its own job retries it with the usual backoff.
          failed++;
          later.push({
            entry: JobQueue.outboxEntry(JobName.CampaignSend, single),
            at: Date.now() + RETRY_ALONE_AFTER_MS,
          });
        }
      }),
    );
    // Redis refusing these fails the batch, and BullMQ runs it again: done members skip, the rest go on.
    if (later.length) await this.jobs.enqueueAt(later);
    return JobOutcome.done(
      `${sent} sent, ${skipped} skipped, ${later.length - failed} waiting, ${failed} to retry alone`,
    );
  }

  /**
   * Sends to one recipient. Right before the send it re-checks the campaign (paused
   * or canceled → nothing), quiet hours (→ delayed to the window's end), the
   * sender's rate (→ a reserved slot), and opt-out (inside the atomic claim).
   * The common case — a running campaign without quiet hours — takes one query
   * before Twilio (the claim) and one after. Waiting is parking: the job goes to
   * BullMQ's delayed set, with the reserved slot remembered in its data.
   */
  private logHeld(campaignId: string, until: Date): void {
    if (this.heldLogged.get(campaignId) === until.getTime()) return;
    if (this.heldLogged.size >= 1_000) this.heldLogged.clear();
    this.heldLogged.set(campaignId, until.getTime());
    this.logger.log(`Campaign ${campaignId}: quiet hours hold its recipients until ${until.toISOString()}`);
  }

  async send(payload: CampaignSend, finalAttempt: boolean): Promise<JobOutcome<CampaignSend>> {
    const campaign = await this.campaignInfo(payload.campaignId);
    if (!campaign) return JobOutcome.skipped('campaign gone');
    // A suspended business's campaign waits where it is (nothing is marked failed) and goes on after resume.
    const business = await this.routes.byId(campaign.businessId);
    if (business?.status === 'suspended') {
      const until = Date.now() + this.config.campaigns.recheckMs;
      const detail = 'business suspended: looks again later';
      if (payload.slotAt === undefined) return JobOutcome.parked(until, detail);
      // A send slot reserved before the suspension is gone by the resume: the job reserves a new one
      // then, or every parked send would go at once and the sender's rate would not hold.
      const { slotAt: _expired, ...withoutSlot } = payload;
      return JobOutcome.parked(until, detail, withoutSlot);
    }
    // The campaign's own quiet hours, else its business's, else QUIET_HOURS.
    const defaults = this.defaults.from(business);
    const window = campaignQuietWindow(campaign, defaults);
    let retrying = false;
    let messageId: string | null = null;
    if (window || campaign.status !== 'running') {
      const ctx = await this.campaigns.sendContext(payload.recipientId);
      if (!ctx) return JobOutcome.skipped('recipient gone');
      // A retry after a transient Twilio failure finds its message put back to `pending`.
      retrying = ctx.recipientStatus === 'sending' && ctx.messageStatus === 'pending';
      messageId = ctx.messageId;
      if (!retrying && ctx.recipientStatus !== 'pending') return JobOutcome.skipped(`already ${ctx.recipientStatus}`);
      if (ctx.campaignStatus !== 'running') {
        if (retrying && ctx.campaignStatus === 'paused')
          return JobOutcome.parked(
            Date.now() + this.config.campaigns.recheckMs,
            'campaign paused mid-retry: looks again later',
          );
        if (retrying) await this.messages.markUnsent(messageId!, 'canceled', null, `campaign ${ctx.campaignStatus}`);
        return JobOutcome.skipped(`campaign ${ctx.campaignStatus}`);
      }
      const now = this.clock.now();
      const until = quietHoldUntil(now, window, recipientZone(ctx.contactTimezone, ctx.campaignTimezone, defaults));
      if (until) {
        this.logHeld(payload.campaignId, until);
        return JobOutcome.parked(Date.now() + (until.getTime() - now.getTime()), 'quiet hours');
      }
    }

    // Claimed only while this worker's heartbeat holds (see WorkerLiveness): a claim it could not send waits.
    const ticket = this.liveness.ticket();
    if (!ticket) return OutboundSender.fencedBeforeClaim();
    // Twilio's limits are per account and sender: two businesses' subaccounts do not share a budget.
    const senderKey = `${this.accounts.accountSidOf(business)}:${campaign.messagingServiceSid ?? campaign.from ?? 'none'}`;
    if (this.limiter.enabled) {
      const slot = payload.slotAt ?? (await this.limiter.reserve(senderKey));
      const wait = slot - Date.now();
      // Reserved once: parked with the slot in its data, the job finds it again when it wakes.
      if (wait > MAX_INLINE_WAIT_MS)
        return JobOutcome.parked(slot, 'waiting for its send slot', { ...payload, slotAt: slot });
      if (wait > 0) await sleep(wait);
    }

    let message: SendableMessage | null = null;
    if (!retrying) {
      const claimed = await this.campaigns.claimRecipient(payload.recipientId, this.liveness.owner);
      if (claimed === 'skipped_opted_out') {
        this.progress.touch(payload.campaignId);
        return JobOutcome.skipped('recipient opted out');
      }
      message = claimed;
      if (claimed) this.events.stored(claimed);
      if (!message && !messageId) {
        // Not claimable: already handled, the campaign stopped, or a retry (checked now, off the common path).
        const ctx = await this.campaigns.sendContext(payload.recipientId);
        retrying =
          ctx?.campaignStatus === 'running' && ctx.recipientStatus === 'sending' && ctx.messageStatus === 'pending';
        messageId = ctx?.messageId ?? null;
        if (!retrying) return JobOutcome.skipped(`not claimable (${ctx?.recipientStatus ?? 'gone'})`);
      }
    }
    if (retrying) message = await this.messages.claimForSending(messageId!, this.liveness.owner);
    if (!message) return JobOutcome.skipped('claimed elsewhere');
    // A 429 pushes this sender's next slot back for every worker.
    const text = { ...message, channel: textChannel(message.channel) };
    try {
      return await this.sender.deliver(text, ticket, finalAttempt, () => this.limiter.backOff(senderKey, 1_000));
    } finally {
      // Sent, failed or released for a retry: the counters moved either way.
      this.progress.touch(payload.campaignId);
    }
  }

  /** Campaigns that just completed: their last counters and their new state, for the dashboard. */
  private completed(ids: string[]): void {
    for (const id of ids) this.progress.touch(id);
    if (ids.length) void this.logCompleted(ids);
  }

  /** One line per finished campaign, with its final counts (a failed read costs only the counts). */
  private async logCompleted(ids: string[]): Promise<void> {
    const counters = await this.campaigns.counters(ids).catch(() => new Map<string, CampaignCounters>());
    for (const id of ids) {
      const campaign = await this.campaignInfo(id).catch(() => null);
      if (campaign)
        this.logger.log(campaignLogLine('completed', { ...campaign, status: 'completed' }, counters.get(id)));
    }
  }

  /** Campaign settings change rarely; a second-old copy is fine because the claim re-checks the status. */
  private async campaignInfo(id: string): Promise<Campaign | null> {
    const cached = this.cache.get(id);
    if (cached && Date.now() - cached.at < CAMPAIGN_CACHE_MS) return cached.campaign;
    const campaign = await this.campaigns.findById(id);
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(id, { campaign, at: Date.now() });
    return campaign;
  }

  /**
   * The periodic sweep: scheduled campaigns whose time has come start; running
   * ones that stopped making progress (jobs lost with Redis) get their fan-out
   * re-run (send job ids are per recipient and round, so recipients with live
   * jobs are not doubled); finished ones complete.
   */
  async sweep(): Promise<{ started: number; rerun: number }> {
    const due = await this.campaigns.startDue();
    const stalled = await this.campaigns.stalled(this.config.campaigns.sweepAfterMs);
    const runId = Date.now();
    const fanouts = [...due, ...stalled].map((c) =>
      JobQueue.outboxEntry(JobName.CampaignFanout, { campaignId: c.id, round: c.round, runId }),
    );
    if (stalled.length) this.logger.warn(`Re-running the fan-out of ${stalled.length} campaign(s) without progress`);
    if (fanouts.length) await this.jobs.enqueueEntries(fanouts);
    for (const campaign of due) this.progress.touch(campaign.id);
    this.completed(await this.campaigns.completeFinished());
    return { started: due.length, rerun: stalled.length };
  }
}
