import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecipientRow } from '@app/database';
import type { CampaignWithCounters } from '@app/messaging';
import { CampaignResponse, toCampaignResponse } from './campaign.response';
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
