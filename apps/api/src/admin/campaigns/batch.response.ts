import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecipientRow } from '@app/database';
import type { CampaignWithCounters } from '@app/messaging';
import {
  AcceptedRecipientsResponse,
  CampaignResponse,
  SegmentInfoResponse,
  toCampaignResponse,
} from './campaign.response';
import { RecipientResponse, toRecipientResponse } from './recipient.response';

/** A Multi-SMS batch in the list: a campaign, with its recipients when asked for. */
export class BatchResponse extends CampaignResponse {
  @ApiPropertyOptional({
    type: RecipientResponse,
    isArray: true,
    description: 'Only with includeRecipients=true: the first 1000.',
  })
  recipients?: RecipientResponse[];
}

export class BatchList {
  @ApiProperty({ type: BatchResponse, isArray: true })
  items: BatchResponse[];
}

export function toBatchResponse(batch: CampaignWithCounters, recipients?: RecipientRow[]): BatchResponse {
  return { ...toCampaignResponse(batch), ...(recipients ? { recipients: recipients.map(toRecipientResponse) } : {}) };
}

/** What POST /api/multi-sms/batches would accept and cost (nothing is stored or sent). */
export class BatchPreviewResponse extends AcceptedRecipientsResponse {
  @ApiProperty({
    type: 'integer',
    description: 'MULTI_SMS_MAX_RECIPIENTS: more valid numbers are refused.',
    example: 250,
  })
  maxRecipients: number;

  @ApiProperty({ type: SegmentInfoResponse, description: 'Of the message, per recipient.' })
  segments: SegmentInfoResponse;

  @ApiProperty({ type: 'integer', description: 'valid × segments.', example: 250 })
  totalSegments: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'totalSegments × PRICE_PER_SEGMENT; null when no price is configured.',
    example: 1.975,
  })
  estimatedCost: number | null;
}
