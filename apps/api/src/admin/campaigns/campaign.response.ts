import { textChannel } from '@app/common';
import { contentVariablesObject, ContentSidProperty, ContentVariablesProperty } from '../template.response';
import { ApiProperty } from '@nestjs/swagger';
import type { CampaignStatus } from '@app/database';
import {
  countSegments,
  type AcceptedRecipients,
  type CampaignPreview,
  type CampaignWithCounters,
} from '@app/messaging';
import { CampaignPreviewResponse, toCampaignPreviewResponse } from './campaign-preview.response';

const CAMPAIGN_STATUSES: CampaignStatus[] = ['draft', 'scheduled', 'running', 'paused', 'completed', 'canceled'];

export class SegmentInfoResponse {
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'], example: 'GSM-7' })
  encoding: 'GSM-7' | 'UCS-2';

  @ApiProperty({ type: 'integer', description: 'SMS segments each recipient is billed for.', example: 1 })
  segments: number;

  @ApiProperty({ type: 'integer', example: 42 })
  characters: number;
}

export class QuietHoursResponse {
  @ApiProperty({ type: String, description: 'HH:MM, 24h, local time.', example: '21:00' })
  start: string;

  @ApiProperty({ type: String, description: 'HH:MM; before start means the window spans midnight.', example: '08:00' })
  end: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'IANA time zone; null: each contact’s, else the default.',
    example: 'America/New_York',
  })
  timezone: string | null;
}

/** Recipients by status, counted from the rows (a sent message's own status counts once it exists). */
export class CampaignCountersResponse {
  @ApiProperty({ type: 'integer', example: 300 }) total: number;
  @ApiProperty({ type: 'integer', example: 250 }) pending: number;
  @ApiProperty({ type: 'integer', example: 0 }) sending: number;
  @ApiProperty({ type: 'integer', example: 0 }) sent: number;
  @ApiProperty({ type: 'integer', example: 0 }) delivered: number;
  @ApiProperty({ type: 'integer', example: 0 }) failed: number;
  @ApiProperty({ type: 'integer', example: 0 }) undelivered: number;
  @ApiProperty({ type: 'integer', example: 20 }) invalid: number;
  @ApiProperty({ type: 'integer', example: 0 }) skipped_opted_out: number;
  @ApiProperty({ type: 'integer', example: 30 }) skipped_duplicate: number;
  @ApiProperty({ type: 'integer', example: 0 }) canceled: number;
}

/** A campaign or Multi-SMS batch (CampaignsService's view). */
export class CampaignResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '3f6c1a52-8d0e-4a57-9a43-1f0c2e9b7d11' })
  id: string;

  @ApiProperty({ enum: ['campaign', 'multi_sms'], example: 'campaign' })
  kind: string;

  @ApiProperty({ type: String, example: 'Spring sale' })
  name: string;

  @ApiProperty({ type: String, example: 'Sale today: 20% off everything.' })
  body: string;

  @ContentSidProperty()
  contentSid: string | null;

  @ContentVariablesProperty()
  contentVariables: Record<string, string> | null;

  @ApiProperty({ type: SegmentInfoResponse })
  segments: SegmentInfoResponse;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The sending number, or null with a Messaging Service.',
    example: '+15550001111',
  })
  from: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  messagingServiceSid: string | null;

  @ApiProperty({ enum: ['sms', 'whatsapp'], example: 'sms' })
  channel: 'sms' | 'whatsapp';

  @ApiProperty({ enum: CAMPAIGN_STATUSES, example: 'draft' })
  status: CampaignStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  sendAt: Date | null;

  @ApiProperty({
    type: QuietHoursResponse,
    nullable: true,
    description: 'Null: the default quiet hours (QUIET_HOURS), if any.',
  })
  quietHours: QuietHoursResponse | null;

  @ApiProperty({ type: CampaignCountersResponse })
  counters: CampaignCountersResponse;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      "Running with recipients pending, but held back: they are texted from this moment (quiet hours' end, in the campaign's zone; a contact with its own zone may differ).",
    example: null,
  })
  heldUntil: Date | null;

  @ApiProperty({ enum: ['quiet hours'], nullable: true, description: 'Why it is held, with heldUntil.', example: null })
  heldReason: 'quiet hours' | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  launchedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  completedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-01-15T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-01-15T09:30:00.000Z' })
  updatedAt: Date;
}

/** What became of the recipients given at creation. */
export class AcceptedRecipientsResponse {
  @ApiProperty({ type: 'integer', description: 'Distinct valid phone numbers.', example: 250 })
  valid: number;

  @ApiProperty({
    type: 'integer',
    description: 'Repeats of a number already in the list (not sent twice).',
    example: 30,
  })
  duplicates: number;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Entries that are not phone numbers, as given.',
    example: ['not a number'],
  })
  invalid: string[];
}

export class CampaignCreatedResponse extends CampaignResponse {
  @ApiProperty({ type: AcceptedRecipientsResponse })
  accepted: AcceptedRecipientsResponse;
}

/** A new campaign (a draft): what launching it would do comes with it. */
export class NewCampaignResponse extends CampaignCreatedResponse {
  @ApiProperty({ type: CampaignPreviewResponse, description: 'As GET /api/campaigns/:id/preview answers.' })
  preview: CampaignPreviewResponse;
}

export class CampaignList {
  @ApiProperty({ type: CampaignResponse, isArray: true })
  items: CampaignResponse[];
}

export function toCampaignResponse({ campaign: c, counters, held }: CampaignWithCounters): CampaignResponse {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    body: c.body,
    contentSid: c.contentSid,
    contentVariables: contentVariablesObject(c.contentVariables),
    segments: countSegments(c.body),
    from: c.from,
    messagingServiceSid: c.messagingServiceSid,
    channel: textChannel(c.channel),
    status: c.status,
    sendAt: c.sendAt,
    quietHours: c.quietStart && c.quietEnd ? { start: c.quietStart, end: c.quietEnd, timezone: c.timezone } : null,
    counters,
    heldUntil: held?.until ?? null,
    heldReason: held?.reason ?? null,
    launchedAt: c.launchedAt,
    completedAt: c.completedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function toCampaignCreatedResponse(
  created: CampaignWithCounters & { accepted: AcceptedRecipients },
): CampaignCreatedResponse {
  return { ...toCampaignResponse(created), accepted: created.accepted };
}

export function toNewCampaignResponse(
  created: CampaignWithCounters & { accepted: AcceptedRecipients },
  preview: CampaignPreview,
): NewCampaignResponse {
  return { ...toCampaignCreatedResponse(created), preview: toCampaignPreviewResponse(preview) };
}
