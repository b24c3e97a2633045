import { ApiProperty } from '@nestjs/swagger';
import type { CampaignPreview } from '@app/messaging';

/** Recipients of one fate: how many, and the first few. */
export class PreviewGroupResponse {
  @ApiProperty({ type: 'integer', example: 2 })
  count: number;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Up to five, the lowest first: E.164 numbers (invalid entries as given).',
    example: ['+15557650001', '+15557650002'],
  })
  sample: string[];
}

export class HeldGroupResponse extends PreviewGroupResponse {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When quiet hours end for the last of them (contacts in several zones are freed at different times).',
    example: '2025-01-16T13:00:00.000Z',
  })
  until: Date | null;
}

export class PreviewSegmentsResponse {
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'], example: 'GSM-7' })
  encoding: 'GSM-7' | 'UCS-2';

  @ApiProperty({ type: 'integer', description: 'SMS segments per message.', example: 1 })
  perMessage: number;

  @ApiProperty({ type: 'integer', description: 'perMessage × messages.', example: 250 })
  total: number;
}

/**
 * What launching the campaign will do, recipient by recipient, counted with the dispatcher's own
 * rules: quiet hours in each contact's zone, opt-outs, WhatsApp's 24-hour window.
 */
export class CampaignPreviewResponse {
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'The moment judged: now, or sendAt while a draft or scheduled campaign waits for it.',
    example: '2025-01-15T09:30:00.000Z',
  })
  at: Date;

  @ApiProperty({ type: 'integer', description: 'All recipients, every group below included.', example: 300 })
  total: number;

  @ApiProperty({ type: PreviewGroupResponse, description: 'Texted as soon as their turn at the send rate comes.' })
  sendNow: PreviewGroupResponse;

  @ApiProperty({ type: HeldGroupResponse, description: 'Held by quiet hours in their zone, then texted.' })
  quietHours: HeldGroupResponse;

  @ApiProperty({ type: PreviewGroupResponse, description: 'Opted out: skipped (skipped_opted_out), never texted.' })
  optedOut: PreviewGroupResponse;

  @ApiProperty({
    type: PreviewGroupResponse,
    description:
      'WhatsApp free text to contacts outside the 24-hour window (at their turn at the send rate, after quiet hours if they hold them): stored failed with 63016, Twilio not called. Always empty with a template or on SMS.',
  })
  outsideWindow: PreviewGroupResponse;

  @ApiProperty({ type: PreviewGroupResponse, description: 'Entries that are not phone numbers, as given.' })
  invalid: PreviewGroupResponse;

  @ApiProperty({ type: PreviewGroupResponse, description: 'Repeats of a number already in the list.' })
  duplicates: PreviewGroupResponse;

  @ApiProperty({
    type: 'integer',
    description: 'No longer pending (in flight, sent, skipped or canceled): see counters.',
    example: 0,
  })
  alreadyProcessed: number;

  @ApiProperty({ type: 'integer', description: 'Messages that will go: sendNow + quietHours.', example: 250 })
  messages: number;

  @ApiProperty({
    type: PreviewSegmentsResponse,
    nullable: true,
    description: 'SMS without a template only (null on WhatsApp, whose price is per message, and with contentSid).',
  })
  segments: PreviewSegmentsResponse | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "segments.total × PRICE_PER_SEGMENT, in your Twilio account's currency; null without either.",
    example: 1.975,
  })
  estimatedCost: number | null;

  @ApiProperty({ type: Number, description: 'SEND_RATE_PER_SECOND as sends apply it; 0 = no limit.', example: 1 })
  sendRatePerSecond: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      "When the last pending recipient's turn comes at that rate (the dispatcher gives opted-out and outside-window recipients a send slot too, before it skips them), if nothing else sends from the same sender meanwhile; null when none is pending.",
    example: '2025-01-15T09:34:09.000Z',
  })
  estimatedFinishAt: Date | null;
}

export function toCampaignPreviewResponse(p: CampaignPreview): CampaignPreviewResponse {
  const group = (g: { count: number; sample: string[] }) => ({ count: g.count, sample: g.sample });
  return {
    at: p.at,
    total: p.total,
    sendNow: group(p.sendNow),
    quietHours: { ...group(p.quietHours), until: p.quietHours.until },
    optedOut: group(p.optedOut),
    outsideWindow: group(p.outsideWindow),
    invalid: group(p.invalid),
    duplicates: group(p.duplicates),
    alreadyProcessed: p.alreadyProcessed,
    messages: p.messages,
    segments: p.segments,
    estimatedCost: p.estimatedCost,
    sendRatePerSecond: p.sendRatePerSecond,
    estimatedFinishAt: p.estimatedFinishAt,
  };
}
