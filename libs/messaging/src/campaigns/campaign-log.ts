import type { Campaign, CampaignCounters } from '@app/database';

/** What happened to a campaign or batch, for the one log line each step gets. */
export type CampaignStep =
  'created' | 'updated' | 'launched' | 'paused' | 'resumed' | 'canceled' | 'completed' | 'deleted';

/**
 * One line per step of a campaign's or Multi-SMS batch's life, so `grep <id>` on the logs follows
 * it: `Multi-SMS batch 3f…9a launched (business 00…01, running): 250 recipients: 240 pending, 10 invalid`.
 * Counts only, never a number or the text.
 */
export function campaignLogLine(
  step: CampaignStep,
  campaign: Pick<Campaign, 'id' | 'kind' | 'businessId' | 'status'>,
  counters?: CampaignCounters,
): string {
  const what = campaign.kind === 'multi_sms' ? 'Multi-SMS batch' : 'Campaign';
  const head = `${what} ${campaign.id} ${step} (business ${campaign.businessId}, ${campaign.status})`;
  if (!counters) return head;
  const parts = Object.entries(counters)
    .filter(([status, n]) => status !== 'total' && n > 0)
    .map(([status, n]) => `${n} ${status.replace(/_/g, ' ')}`);
  return `${head}: ${counters.total} recipient${counters.total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
