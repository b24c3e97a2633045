import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { type Campaign, type CampaignCounters, CampaignsRepository } from '@app/database';
import { LiveEvents } from '@app/queue';

/** A running campaign's progress is told at most this often (per process): counting its recipients is a query. */
export const CAMPAIGN_PROGRESS_EVERY_MS = 1_000;

/**
 * The dashboard's `campaign` events. A change of state (launch, pause, …) is told at once, with
 * the counters the API has just read; the progress of sends and deliveries, which comes a
 * thousand times a second from every worker and every status callback, is gathered: a campaign
 * touched is counted and told once per CAMPAIGN_PROGRESS_EVERY_MS, all touched campaigns in one
 * query. Counted from the rows like GET /api/campaigns/:id, so the two never disagree for long.
 */
@Injectable()
export class CampaignProgress implements BeforeApplicationShutdown {
  private readonly logger = new Logger(CampaignProgress.name);
  private touched = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly live: LiveEvents,
  ) {}

  /** Something happened to one of the campaign's recipients: its counters are told within a second. */
  touch(campaignId: string): void {
    this.touched.add(campaignId);
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), CAMPAIGN_PROGRESS_EVERY_MS);
    this.timer.unref();
  }

  /** The campaign and its counters as just read (a state change through the API): told now. */
  announce(campaign: Campaign, counters: CampaignCounters): void {
    this.live.publish(campaign.businessId, 'campaign', {
      id: campaign.id,
      kind: campaign.kind,
      status: campaign.status,
      counters: { ...counters },
    });
  }

  /** Counts and tells every campaign touched since the last time. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ids = [...this.touched];
    this.touched = new Set();
    if (ids.length === 0) return;
    try {
      const [campaigns, counters] = await Promise.all([this.campaigns.findByIds(ids), this.campaigns.counters(ids)]);
      for (const campaign of campaigns) this.announce(campaign, counters.get(campaign.id)!);
    } catch (error) {
      // A hint to refresh, not a record: the next touch tells the counters again.
      this.logger.warn(`Campaign progress not told: ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
