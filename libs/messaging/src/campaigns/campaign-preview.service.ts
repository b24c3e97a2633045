import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import {
  Campaign,
  CampaignPreviewRepository,
  type PendingZone,
  type PreviewFate,
  type PreviewVerdicts,
} from '@app/database';
import { BusinessDefaults } from '../businesses/business-defaults';
import { countSegments, type SegmentInfo } from '../rules/segments';
import { windowApplies, windowOpensAfter } from '../rules/whatsapp-window';
import { campaignQuietWindow, quietHoldUntil, recipientZone } from './campaign-quiet-hours';
import { estimateCost, scheduleTurns, type TurnSchedule } from './campaign-estimate';
import { CampaignsService } from './campaigns.service';

/** Numbers shown per group: enough to recognise who is in it. */
export const PREVIEW_SAMPLE_SIZE = 5;

export interface PreviewGroup {
  count: number;
  /** The first few in text order: E.164 numbers (invalid entries as given). */
  sample: string[];
}

/** A campaign's recipients by what the dispatcher will do with them, and what that costs and takes. */
export interface CampaignPreview {
  /** The moment judged: now, or the campaign's `sendAt` while it waits for it. */
  at: Date;
  total: number;
  sendNow: PreviewGroup;
  /** Texted when quiet hours end in their zone; `until` is the latest of those ends. */
  quietHours: PreviewGroup & { until: Date | null };
  optedOut: PreviewGroup;
  /** WhatsApp free text to contacts outside the 24-hour window: stored failed, 63016. */
  outsideWindow: PreviewGroup;
  invalid: PreviewGroup;
  duplicates: PreviewGroup;
  /** No longer pending (in flight, sent, skipped or canceled): their outcome is in the counters. */
  alreadyProcessed: number;
  /** Messages that will go: sendNow + quietHours. */
  messages: number;
  /** SMS without a template only: a template's text and WhatsApp's price are not per segment. */
  segments: (Pick<SegmentInfo, 'encoding'> & { perMessage: number; total: number }) | null;
  /** segments.total × PRICE_PER_SEGMENT; null without either. */
  estimatedCost: number | null;
  /** SEND_RATE_PER_SECOND as the dispatcher applies it (0: no limit). */
  sendRatePerSecond: number;
  /**
   * When the last pending recipient's turn comes at that rate (opted-out and outside-window ones take
   * a turn too), if nothing else sends from the sender meanwhile; null when none is pending.
   */
  estimatedFinishAt: Date | null;
}

const FATE_GROUP = {
  send: 'sendNow',
  held: 'quietHours',
  opted_out: 'optedOut',
  outside_window: 'outsideWindow',
  invalid: 'invalid',
  duplicate: 'duplicates',
} as const satisfies Record<Exclude<PreviewFate, 'processed'>, keyof CampaignPreview>;

/**
 * GET /api/campaigns/:id/preview: the dispatcher's own rules (quiet hours per recipient zone,
 * opt-outs as the claim reads them, WhatsApp's window) applied to every pending recipient at
 * once, counted in PostgreSQL (CampaignPreviewRepository).
 */
@Injectable()
export class CampaignPreviewService {
  constructor(
    private readonly config: AppConfig,
    private readonly campaigns: CampaignsService,
    private readonly previews: CampaignPreviewRepository,
    private readonly defaults: BusinessDefaults,
    private readonly clock: Clock,
  ) {}

  /** The preview of a business's campaign; 404 for another business's or an unknown id. */
  async find(businessId: string, id: string): Promise<CampaignPreview> {
    return this.of(await this.campaigns.get(businessId, id));
  }

  async of(campaign: Campaign): Promise<CampaignPreview> {
    const at = this.moment(campaign);
    const defaults = await this.defaults.of(campaign.businessId);
    const window = campaignQuietWindow(campaign, defaults);
    const free = windowApplies({ channel: campaign.channel, contentSid: campaign.contentSid, replyToId: null });
    const rate = this.config.campaigns.sendRatePerSecond;
    // When each zone's recipients become due: at once, or when quiet hours end there.
    const dueAt = new Map<string | null, Date>();
    const turns: { schedule?: TurnSchedule } = {};
    const judge = (pending: PendingZone[]): PreviewVerdicts => {
      const holds = pending.map(({ zone }) => {
        const until = quietHoldUntil(at, window, recipientZone(zone, campaign.timezone, defaults));
        dueAt.set(zone, until ?? at);
        return until !== null;
      });
      // Every pending recipient takes a turn at the send rate when it is due: the dispatcher reserves the
      // sender's slot before its claim skips an opted-out contact or its send refuses one outside the window.
      const schedule = scheduleTurns(
        pending.map(({ zone, pending: count }) => ({ at: dueAt.get(zone)!, count })),
        rate,
      );
      turns.schedule = schedule;
      const groups = [...new Set([...dueAt.values()].map((due) => due.getTime()))];
      return {
        turnMs: schedule.turnMs,
        zones: pending.map(({ zone }, i) => {
          const due = dueAt.get(zone)!;
          return {
            zone,
            held: holds[i],
            turnGroup: groups.indexOf(due.getTime()),
            // WhatsApp's window is checked when the send goes: at its turn, after the hold if there is one.
            windowOpensAfter: free ? windowOpensAfter(schedule.firstTurn(due)) : null,
          };
        }),
      };
    };
    const rows = await this.previews.countByFate(campaign.id, judge, PREVIEW_SAMPLE_SIZE);

    const group = (): PreviewGroup => ({ count: 0, sample: [] });
    const preview = {
      sendNow: group(),
      quietHours: { ...group(), until: null as Date | null },
      optedOut: group(),
      outsideWindow: group(),
      invalid: group(),
      duplicates: group(),
    };
    let alreadyProcessed = 0;
    for (const row of rows) {
      if (row.fate === 'processed') {
        alreadyProcessed += row.n;
        continue;
      }
      const target = preview[FATE_GROUP[row.fate]];
      target.count += row.n;
      // Each row brings its own first few: the group's first few are among them.
      target.sample = [...target.sample, ...row.sample].sort().slice(0, PREVIEW_SAMPLE_SIZE);
      const due = dueAt.get(row.zone) ?? at;
      if (row.fate === 'held' && (!preview.quietHours.until || due > preview.quietHours.until))
        preview.quietHours.until = due;
    }
    const messages = preview.sendNow.count + preview.quietHours.count;
    const segments = this.segments(campaign, messages);
    const price = this.config.campaigns.pricePerSegment;
    return {
      at,
      total: Object.values(preview).reduce((sum, g) => sum + g.count, alreadyProcessed),
      ...preview,
      alreadyProcessed,
      messages,
      segments,
      estimatedCost: segments && price !== null ? estimateCost(price, segments.total) : null,
      sendRatePerSecond: rate,
      estimatedFinishAt: turns.schedule?.finish ?? null,
    };
  }

  /**
   * The moment the rules are applied at, on the apps' Clock: a draft or scheduled campaign
   * with `sendAt` ahead starts then (launch makes it `scheduled`, the sweep starts it); any
   * other is judged as of now (a draft launched now, a running one's pending recipients).
   */
  private moment(campaign: Campaign): Date {
    const waiting = campaign.status === 'draft' || campaign.status === 'scheduled';
    // sendAt is compared with real time (PostgreSQL's now() at launch and in the sweep); the rules
    // then read the Clock, which tests shift by its offset.
    if (waiting && campaign.sendAt && campaign.sendAt.getTime() > Date.now())
      return new Date(campaign.sendAt.getTime() + this.clock.offsetMs);
    return this.clock.now();
  }

  private segments(campaign: Campaign, messages: number): CampaignPreview['segments'] {
    if (campaign.channel !== 'sms' || campaign.contentSid) return null;
    const { encoding, segments } = countSegments(campaign.body);
    return { encoding, perMessage: segments, total: segments * messages };
  }
}
