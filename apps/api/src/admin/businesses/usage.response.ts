import { ApiProperty } from '@nestjs/swagger';
import type { BusinessUsage } from './businesses.service';

/** What a business's messages came to over some time (one day, or the whole range). */
export class UsageCountsResponse {
  @ApiProperty({ type: 'integer', description: 'Messages received.', example: 42 })
  inbound: number;

  @ApiProperty({
    type: 'integer',
    description: 'Messages sent or being sent (not those suppressed for an opt-out or canceled).',
    example: 57,
  })
  outbound: number;

  @ApiProperty({
    type: 'integer',
    description:
      'SMS segments of the outbound SMS (GSM-7: 160 characters, 153 per part; UCS-2: 70, 67). WhatsApp has none.',
    example: 63,
  })
  segments: number;

  @ApiProperty({ type: 'integer', description: 'Outbound messages the AI wrote.', example: 30 })
  aiReplies: number;

  @ApiProperty({ type: 'integer', description: 'Outbound messages that failed or were undelivered.', example: 1 })
  failedSends: number;
}

export class UsageDayResponse extends UsageCountsResponse {
  @ApiProperty({
    type: String,
    format: 'date',
    description: 'The day, in the business’s timezone.',
    example: '2026-12-02',
  })
  date: string;
}

/** Per day, oldest first, every day of the range (quiet ones with zeros), counted by when each message was stored. */
export class BusinessUsageResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '6b1f3c9e-2a47-4d0b-9f1e-8c5a7d2e4b10' })
  businessId: string;

  @ApiProperty({ type: String, example: 'acme-plumbing' })
  slug: string;

  @ApiProperty({
    type: String,
    description: 'The zone the days are in: the business’s, else DEFAULT_TIMEZONE.',
    example: 'America/Chicago',
  })
  timezone: string;

  @ApiProperty({ type: 'integer', description: 'Days in the range, today included.', example: 30 })
  days: number;

  @ApiProperty({ type: UsageDayResponse, isArray: true })
  items: UsageDayResponse[];

  @ApiProperty({ type: UsageCountsResponse, description: 'The whole range.' })
  totals: UsageCountsResponse;
}

export function toUsageResponse({ business, timezone, days }: BusinessUsage): BusinessUsageResponse {
  const totals: UsageCountsResponse = { inbound: 0, outbound: 0, segments: 0, aiReplies: 0, failedSends: 0 };
  const items = days.map((day) => {
    for (const key of Object.keys(totals) as Array<keyof UsageCountsResponse>) totals[key] += day[key];
    return {
      date: day.date,
      inbound: day.inbound,
      outbound: day.outbound,
      segments: day.segments,
      aiReplies: day.aiReplies,
      failedSends: day.failedSends,
    };
  });
  return { businessId: business.id, slug: business.slug, timezone, days: days.length, items, totals };
}
