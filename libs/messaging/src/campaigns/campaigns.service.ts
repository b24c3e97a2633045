import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  Campaign,
  CampaignCounters,
  CampaignsRepository,
  CampaignStatus,
  Channel,
  NewCampaign,
  RecipientRow,
  RecipientStatus,
} from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { badRequest } from '../rules/bad-request';
import { parseRecipients } from './recipient-list';
import { campaignLogLine, type CampaignStep } from './campaign-log';
import { estimateCost } from './campaign-estimate';
import { countSegments, type SegmentInfo } from '../rules/segments';
import { campaignQuietWindow, quietHoldUntil, recipientZone } from './campaign-quiet-hours';
import { Clock, isUuid, isValidTimezone, normalizePhone, textChannel } from '@app/common';
import { refusePast } from '../rules/not-past';
import { BusinessDefaults, type BusinessDefaultsOf } from '../businesses/business-defaults';
import { BusinessTwilio } from '../businesses/business-twilio';
import { patchedTemplate, templateColumns, type TemplateInput, type TemplatePatch } from '../rules/template';
import { CampaignProgress } from './campaign-progress';

export interface CampaignInput extends TemplateInput {
  kind: 'campaign' | 'multi_sms';
  name: string;
  /** Left out (or empty) with a template: every recipient gets the template. */
  body?: string;
  recipients: string[] | string;
  sendAt?: Date;
  quietHours?: { start: string; end: string; timezone?: string };
  from?: string;
  messagingServiceSid?: string;
  channel?: Channel;
  /** A sendAt in the past launches at once instead of being refused. */
  allowPast?: boolean;
}

/** What PATCH may change; a null sendAt or quietHours clears it. */
export type CampaignPatch = Partial<Pick<CampaignInput, 'name' | 'from' | 'messagingServiceSid' | 'allowPast'>> &
  TemplatePatch & {
    sendAt?: Date | null;
    quietHours?: CampaignInput['quietHours'] | null;
  };

/** A campaign with its recipients counted by status (counted from the rows, never incremented). */
/** Why a running campaign's pending recipients are not being texted now, and until when. */
export interface CampaignHold {
  until: Date;
  reason: 'quiet hours';
}

export interface CampaignWithCounters {
  campaign: Campaign;
  /** Running, with recipients pending, inside its quiet hours (in the campaign's zone): they wait until `until`. */
  held?: CampaignHold | null;
  counters: CampaignCounters;
}

/** What became of the recipients given at creation. */
export interface AcceptedRecipients {
  valid: number;
  duplicates: number;
  invalid: string[];
}

/** What a Multi-SMS batch would send, before it is sent. */
export interface BatchPreview extends AcceptedRecipients {
  /** MULTI_SMS_MAX_RECIPIENTS: more valid numbers than this are refused. */
  maxRecipients: number;
  segments: SegmentInfo;
  /** valid × segments. */
  totalSegments: number;
  /** totalSegments × PRICE_PER_SEGMENT; null without a price. */
  estimatedCost: number | null;
}

/** Campaigns and Multi-SMS batches, as the admin API sees them. */
/** What may be deleted: nothing left to send, or never launched. */
const DELETABLE: CampaignStatus[] = ['draft', 'completed', 'canceled'];

@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly campaigns: CampaignsRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly businesses: BusinessTwilio,
    private readonly defaults: BusinessDefaults,
    private readonly progress: CampaignProgress,
  ) {}

  async create(
    businessId: string,
    input: CampaignInput,
  ): Promise<CampaignWithCounters & { accepted: AcceptedRecipients }> {
    refusePast('sendAt', input.sendAt, this.clock.now(), input.allowPast, 'leave it out to send on launch');
    const sender = await this.sender(businessId, input.channel ?? 'sms', input.from, input.messagingServiceSid);
    const list = await parseRecipients(input.recipients, this.config.defaultCountry);
    const problems: string[] = [];
    if (list.counts.valid === 0) problems.push('recipients must contain at least one valid phone number');
    if (input.kind === 'multi_sms' && list.counts.valid > this.config.campaigns.multiSmsMaxRecipients) {
      problems.push(
        `recipients must contain at most ${this.config.campaigns.multiSmsMaxRecipients} numbers (MULTI_SMS_MAX_RECIPIENTS)`,
      );
    }
    if (input.quietHours) problems.push(...quietHoursProblems(input.quietHours));
    if (problems.length) throw badRequest(...problems);
    const data: NewCampaign = {
      businessId,
      kind: input.kind,
      name: input.name,
      body: input.body ?? '',
      ...templateColumns(input),
      ...sender,
      channel: input.channel ?? 'sms',
      sendAt: input.sendAt ?? null,
      quietStart: input.quietHours?.start ?? null,
      quietEnd: input.quietHours?.end ?? null,
      timezone: input.quietHours?.timezone ?? null,
    };
    const campaign = await this.campaigns.create(data, list.entries);
    return {
      ...(await this.announced(campaign, 'created')),
      accepted: { valid: list.counts.valid, duplicates: list.counts.duplicates, invalid: list.invalid },
    };
  }

  async get(businessId: string, id: string, kind?: string): Promise<Campaign> {
    const campaign = isUuid(id) ? await this.campaigns.findById(id) : null;
    // Another business's campaign is not found, as if it did not exist.
    if (!campaign || campaign.businessId !== businessId || (kind && campaign.kind !== kind))
      throw new NotFoundException(`No campaign ${id}`);
    return campaign;
  }

  /** The seed app's Multi-SMS: a batch is a campaign created and launched at once. */
  async createBatch(
    businessId: string,
    input: Omit<CampaignInput, 'kind' | 'name'>,
  ): Promise<CampaignWithCounters & { accepted: AcceptedRecipients }> {
    const created = await this.create(businessId, {
      ...input,
      kind: 'multi_sms',
      name: `Multi-SMS ${new Date().toISOString()}`,
    });
    return { ...(await this.launch(businessId, created.campaign.id)), accepted: created.accepted };
  }

  /**
   * What createBatch would accept and what it would cost, read by the same parser and segment
   * counter, storing and sending nothing: the dashboard shows it before the operator sends.
   */
  async previewBatch(input: { body: string; recipients: string[] | string }): Promise<BatchPreview> {
    const list = await parseRecipients(input.recipients, this.config.defaultCountry);
    const segments = countSegments(input.body);
    const totalSegments = list.counts.valid * segments.segments;
    const price = this.config.campaigns.pricePerSegment;
    return {
      valid: list.counts.valid,
      duplicates: list.counts.duplicates,
      invalid: list.invalid,
      maxRecipients: this.config.campaigns.multiSmsMaxRecipients,
      segments,
      totalSegments,
      estimatedCost: price !== null ? estimateCost(price, totalSegments) : null,
    };
  }

  /** Batches, newest first; with `recipientsEach`, up to that many of each one's recipients too. */
  async listBatches(
    businessId: string,
    limit: number,
    offset: number,
    recipientsEach?: number,
  ): Promise<Array<CampaignWithCounters & { recipients?: RecipientRow[] }>> {
    const batches = await this.list(businessId, 'multi_sms', limit, offset);
    if (!recipientsEach) return batches;
    return Promise.all(
      batches.map(async (batch) => ({
        ...batch,
        recipients: await this.campaigns.recipients(batch.campaign.id, undefined, recipientsEach),
      })),
    );
  }

  /** One campaign (or batch, with `kind`) with its counters; 404 for an unknown id. */
  async find(businessId: string, id: string, kind?: string): Promise<CampaignWithCounters> {
    return this.withCounters(await this.get(businessId, id, kind));
  }

  async list(businessId: string, kind: string, limit: number, offset: number): Promise<CampaignWithCounters[]> {
    const campaigns = await this.campaigns.list(businessId, kind, limit, offset);
    const counters = await this.campaigns.counters(campaigns.map((c) => c.id));
    const defaults = await this.defaults.of(businessId);
    return campaigns.map((campaign) => this.described(campaign, counters.get(campaign.id)!, defaults));
  }

  async update(businessId: string, id: string, patch: CampaignPatch): Promise<CampaignWithCounters> {
    const current = await this.get(businessId, id);
    const data: Partial<NewCampaign> = {};
    if (patch.name !== undefined) data.name = patch.name;
    const template = patchedTemplate(current, patch);
    if (template.problems.length) throw badRequest(...template.problems);
    Object.assign(data, template.columns);
    if (patch.sendAt !== undefined) {
      refusePast('sendAt', patch.sendAt, this.clock.now(), patch.allowPast, 'set it to null to send on launch');
      data.sendAt = patch.sendAt;
    }
    if (patch.from !== undefined || patch.messagingServiceSid !== undefined) {
      Object.assign(data, await this.sender(businessId, current.channel, patch.from, patch.messagingServiceSid));
    }
    if (patch.quietHours === null) {
      Object.assign(data, { quietStart: null, quietEnd: null, timezone: null });
    } else if (patch.quietHours !== undefined) {
      const problems = quietHoursProblems(patch.quietHours);
      if (problems.length) throw badRequest(...problems);
      Object.assign(data, {
        quietStart: patch.quietHours.start,
        quietEnd: patch.quietHours.end,
        timezone: patch.quietHours.timezone ?? null,
      });
    }
    const updated = await this.campaigns.update(current.id, data);
    if (!updated)
      throw new ConflictException(
        `Campaign ${id} is ${current.status}; only draft or scheduled campaigns can be edited`,
      );
    return this.announced(updated, 'updated');
  }

  async launch(businessId: string, id: string): Promise<CampaignWithCounters> {
    const current = await this.get(businessId, id);
    const launched = await this.campaigns.launch(current.id, (round) =>
      JobQueue.outboxEntry(JobName.CampaignFanout, { campaignId: current.id, round, runId: 0 }),
    );
    if (!launched) throw new ConflictException(`Campaign ${id} is ${current.status}; only a draft can be launched`);
    if (launched.fanout) await this.jobs.enqueueCommitted(launched.fanout);
    return this.announced(launched.campaign, 'launched');
  }

  async pause(businessId: string, id: string): Promise<CampaignWithCounters> {
    return this.announced(await this.move(businessId, id, ['running', 'scheduled'], 'paused'), 'paused');
  }

  /**
   * A fresh round: new job ids for the recipients still pending. If Redis is away
   * the workers' sweep re-runs the fan-out of a running campaign that makes no progress.
   */
  async resume(businessId: string, id: string): Promise<CampaignWithCounters> {
    const resumed = await this.move(businessId, id, ['paused'], 'running', true);
    await this.jobs.enqueueCommitted(
      JobQueue.outboxEntry(JobName.CampaignFanout, { campaignId: resumed.id, round: resumed.round, runId: 0 }),
    );
    return this.announced(resumed, 'resumed');
  }

  /**
   * Cancels the campaign and its pending recipients, then drops those recipients' send jobs from
   * Redis: parked for quiet hours or the send rate, they stayed there (delayed, for hours at times)
   * only to wake and be skipped. The recipients table stays the truth: a job that is not removed
   * (running right now, or Redis away) still finds its recipient canceled and skips.
   */
  async cancel(businessId: string, id: string): Promise<CampaignWithCounters> {
    const current = await this.get(businessId, id);
    const canceled = await this.campaigns.cancel(current.id, ['draft', 'scheduled', 'running', 'paused']);
    if (!canceled) throw new ConflictException(`Campaign ${id} is ${current.status}; cannot move it to canceled`);
    await this.dropSendJobs(canceled.campaign, canceled.canceledRecipientIds);
    return this.announced(canceled.campaign, 'canceled');
  }

  /** Deletes a draft or a finished campaign with its recipients; 409 while it may still send (scheduled, running, paused). */
  async delete(businessId: string, id: string, kind?: string): Promise<void> {
    const current = await this.get(businessId, id, kind);
    if (!(await this.campaigns.delete(current.id, DELETABLE)))
      throw new ConflictException(
        `Campaign ${id} is ${current.status}; only a draft, completed or canceled campaign can be deleted (cancel it first)`,
      );
    this.logger.log(campaignLogLine('deleted', current));
  }

  /** A page of a campaign's (or batch's) recipients; `nextAfter` continues it. */
  async recipientsPage(
    businessId: string,
    id: string,
    kind: string | undefined,
    query: { status?: RecipientStatus; limit?: number; after?: string },
  ) {
    const campaign = await this.get(businessId, id, kind);
    const limit = query.limit ?? 100;
    const items = await this.campaigns.recipients(campaign.id, query.status, limit, query.after);
    return { items, nextAfter: items.length === limit ? items[items.length - 1].id : null };
  }

  private async move(
    businessId: string,
    id: string,
    from: Campaign['status'][],
    to: Exclude<Campaign['status'], 'canceled'>,
    bumpRound = false,
  ): Promise<Campaign> {
    const current = await this.get(businessId, id);
    const moved = await this.campaigns.transition(current.id, from, to, bumpRound);
    if (!moved) throw new ConflictException(`Campaign ${id} is ${current.status}; cannot move it to ${to}`);
    return moved;
  }

  private async dropSendJobs(campaign: Campaign, recipientIds: string[]): Promise<void> {
    // Send job ids are per recipient and round; launch and every resume start a round, and a job
    // parked in an earlier round is still there too.
    const payloads = recipientIds.flatMap((recipientId) =>
      Array.from({ length: campaign.round }, (_, i) => ({ campaignId: campaign.id, recipientId, round: i + 1 })),
    );
    if (payloads.length === 0) return;
    try {
      await this.jobs.removeQueued(JobName.CampaignSend, payloads);
    } catch (error) {
      this.logger.warn(
        `Campaign ${campaign.id} is canceled, but its queued sends stay in Redis until they wake and skip: ${(error as Error).message}`,
      );
    }
  }

  /**
   * A campaign needs a sender: the number or Messaging Service given, else the business's own
   * (BusinessTwilio: its number of the channel, its service, the env for the default business).
   */
  private async sender(
    businessId: string,
    channel: Channel,
    from?: string | null,
    messagingServiceSid?: string | null,
  ): Promise<Pick<NewCampaign, 'from' | 'messagingServiceSid'>> {
    if (from) {
      const phone = normalizePhone(from, this.config.defaultCountry);
      if (!phone) throw badRequest('from must be a phone number');
      return { from: phone, messagingServiceSid: null };
    }
    if (messagingServiceSid) return { from: null, messagingServiceSid };
    const own = await this.businesses.sender(businessId, textChannel(channel));
    if (own?.messagingServiceSid) return { from: null, messagingServiceSid: own.messagingServiceSid };
    if (own?.from) return { from: own.from, messagingServiceSid: null };
    throw badRequest(
      await this.businesses.noSenderProblem(businessId, textChannel(channel), 'from or messagingServiceSid'),
    );
  }

  /** A campaign just created or moved: with its counters, told to the dashboard as it is answered. */
  /** Told to the dashboards (live events) and to the logs, one line per step. */
  private async announced(campaign: Campaign, step: CampaignStep): Promise<CampaignWithCounters> {
    const described = await this.withCounters(campaign);
    this.progress.announce(campaign, described.counters);
    this.logger.log(campaignLogLine(step, campaign, described.counters));
    return described;
  }

  private async withCounters(campaign: Campaign): Promise<CampaignWithCounters> {
    const counters = await this.campaigns.counters([campaign.id]);
    return this.described(campaign, counters.get(campaign.id)!, await this.defaults.of(campaign.businessId));
  }

  /**
   * A campaign as the API shows it: with its counters, and, when quiet hours hold its pending
   * recipients back, until when (it used to look stuck: running, everyone pending, no reason).
   * In the campaign's zone; a contact with a zone of its own may be texted earlier or later.
   */
  private described(
    campaign: Campaign,
    counters: CampaignCounters,
    defaults: BusinessDefaultsOf,
  ): CampaignWithCounters {
    const window = campaignQuietWindow(campaign, defaults);
    if (campaign.status !== 'running' || counters.pending === 0) return { campaign, counters, held: null };
    const until = quietHoldUntil(this.clock.now(), window, recipientZone(null, campaign.timezone, defaults));
    return { campaign, counters, held: until ? { until, reason: 'quiet hours' } : null };
  }
}

/** What the DTO cannot check field by field: a real zone, and a window that is not empty. */
function quietHoursProblems(quietHours: NonNullable<CampaignInput['quietHours']>): string[] {
  const problems: string[] = [];
  if (quietHours.start === quietHours.end) problems.push('quietHours.end must differ from quietHours.start');
  if (quietHours.timezone != null && !isValidTimezone(quietHours.timezone)) {
    problems.push('quietHours.timezone must be an IANA time zone like America/New_York');
  }
  return problems;
}
