import { quietUntil, type QuietWindow } from '@app/common';
import type { Campaign } from '@app/database';
import type { BusinessDefaultsOf } from '../businesses/business-defaults';

/**
 * Which quiet hours hold a campaign's sends, and in which zone: the one statement of it, read by
 * the dispatcher before each send, by the API's `heldUntil`, and by the preview, so the preview
 * predicts what the dispatcher then does.
 */

/** The campaign's own quiet hours, else its business's, else QUIET_HOURS; null when none applies. */
export function campaignQuietWindow(
  campaign: Pick<Campaign, 'quietStart' | 'quietEnd'>,
  defaults: BusinessDefaultsOf,
): QuietWindow | null {
  return campaign.quietStart && campaign.quietEnd
    ? { start: campaign.quietStart, end: campaign.quietEnd }
    : defaults.quietHours;
}

/** The zone a recipient's quiet hours are read in: the contact's own, else the campaign's, else the business's. */
export function recipientZone(
  contactTimezone: string | null,
  campaignTimezone: string | null,
  defaults: BusinessDefaultsOf,
): string {
  return contactTimezone ?? campaignTimezone ?? defaults.timezone;
}

/** Until when quiet hours hold a send due at `now` in `zone`; null when it may go (or no window applies). */
export function quietHoldUntil(now: Date, window: QuietWindow | null, zone: string): Date | null {
  return window ? quietUntil(now, window, zone) : null;
}
