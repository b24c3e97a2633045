import { Injectable } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { AppConfig } from '@app/config';
import { Campaign, CampaignsRepository, Message, MessageSendingRepository } from '@app/database';
import { JobName, JobPayload, JobQueue } from '@app/queue';
import { OutboundSender } from '../outbound/outbound-sender';
import { SendRateLimiter } from './send-rate-limiter';
import { Clock, quietUntil } from '@app/common';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits shorter than this happen inside the job; longer ones park it in BullMQ's delayed set. */
const MAX_INLINE_WAIT_MS = 1_000;
const CAMPAIGN_CACHE_MS = 1_000;

/** The worker side of campaigns: fan-out in chunks, then one job per recipient. */
@Injectable()
export class CampaignDispatcher {
  private readonly cache = new Map<string, { campaign: Campaign | null; at: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly campaigns: CampaignsRepository,
    private readonly messages: MessageSendingRepository,
    private readonly jobs: JobQueue,
    private readonly sender: OutboundSender,
    private readonly limiter: SendRateLimiter,
    private readonly clock: Clock,
  ) {}

  /**
   * One fan-out step: the next chunk of pending recipients becomes send jobs (one
   * query, one Redis round trip), and the next step is enqueued behind them.
   */
  async fanout(step: JobPayload<JobName.CampaignFanout>): Promise<string> {
    const campaign = await this.campaigns.findById(step.campaignId);
    if (!campaign || campaign.status !== 'running' || campaign.round !== step.round) return 'not running';
    const chunk = this.config.campaigns.fanoutChunk;
    const ids = await this.campaigns.pendingAfter(step.campaignId, step.afterId, chunk);
    const entries = ids.map((recipientId) =>
      JobQueue.outboxEntry(JobName.CampaignSend, { campaignId: step.campaignId, recipientId, round: step.round }),
    );
    if (ids.length === chunk) {
      entries.push(JobQueue.outboxEntry(JobName.CampaignFanout, { ...step, afterId: ids[ids.length - 1] }));
    }
    if (entries.length) await this.jobs.enqueueEntries(entries);
    await this.campaigns.markFanout(step.campaignId);
    if (ids.length === 0) await this.campaigns.completeFinished();
    return `enqueued ${ids.length}`;
  }

  /**
   * Sends to one recipient. Right before the send it re-checks the campaign (paused
   * or canceled → nothing), quiet hours (→ delayed to the window's end), the
   * sender's rate (→ a reserved slot), and opt-out (inside the atomic claim).
   * The common case — a running campaign without quiet hours — takes one query
   * before Twilio (the claim) and one after.
   */
  async send(
    payload: JobPayload<JobName.CampaignSend>,
    job: Job,
    token: string | undefined,
    finalAttempt: boolean,
  ): Promise<string> {
    const campaign = await this.campaignInfo(payload.campaignId);
    if (!campaign) return 'gone';
    const window =
      campaign.quietStart && campaign.quietEnd
        ? { start: campaign.quietStart, end: campaign.quietEnd }
        : this.config.campaigns.quietHours;
    let retrying = false;
    let messageId: string | null = null;
    if (window || campaign.status !== 'running') {
      const ctx = await this.campaigns.sendContext(payload.recipientId);
      if (!ctx) return 'gone';
      // A retry after a transient Twilio failure finds its message put back to `pending`.
      retrying = ctx.recipientStatus === 'sending' && ctx.messageStatus === 'pending';
      messageId = ctx.messageId;
      if (!retrying && ctx.recipientStatus !== 'pending') return `already ${ctx.recipientStatus}`;
      if (ctx.campaignStatus !== 'running') {
        if (retrying && ctx.campaignStatus === 'paused') return this.delay(job, token, Date.now() + 60_000);
        if (retrying) await this.messages.markUnsent(messageId!, 'canceled', null, `campaign ${ctx.campaignStatus}`);
        return `campaign ${ctx.campaignStatus}`;
      }
      if (window) {
        const zone = ctx.contactTimezone ?? ctx.campaignTimezone ?? this.config.campaigns.defaultTimezone;
        const now = this.clock.now();
        const until = quietUntil(now, window, zone);
        if (until) return this.delay(job, token, Date.now() + (until.getTime() - now.getTime()));
      }
    }

    const senderKey = campaign.messagingServiceSid ?? campaign.from ?? this.config.twilio.defaultFrom ?? 'default';
    if (this.limiter.enabled) {
      const slot = payload.slotAt ?? (await this.limiter.reserve(senderKey));
      const wait = slot - Date.now();
      if (wait > MAX_INLINE_WAIT_MS) {
        await job.updateData({ ...payload, slotAt: slot });
        return this.delay(job, token, slot);
      }
      if (wait > 0) await sleep(wait);
    }

    let message: Message | null = null;
    if (!retrying) {
      const claimed = await this.campaigns.claimRecipient(payload.recipientId);
      if (claimed === 'skipped_opted_out') return 'skipped_opted_out';
      message = claimed;
      if (!message && !messageId) {
        // Not claimable: already handled, the campaign stopped, or a retry (checked now, off the common path).
        const ctx = await this.campaigns.sendContext(payload.recipientId);
        retrying =
          ctx?.campaignStatus === 'running' && ctx.recipientStatus === 'sending' && ctx.messageStatus === 'pending';
        messageId = ctx?.messageId ?? null;
        if (!retrying) return `not claimable (${ctx?.recipientStatus ?? 'gone'})`;
      }
    }
    if (retrying) message = await this.messages.claimForSending(messageId!);
    if (!message) return 'claimed elsewhere';
    // A 429 pushes this sender's next slot back for every worker.
    return this.sender.deliver(message, finalAttempt, () => this.limiter.backOff(senderKey, 1_000));
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

  private async delay(job: Job, token: string | undefined, until: number): Promise<never> {
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  }
}
