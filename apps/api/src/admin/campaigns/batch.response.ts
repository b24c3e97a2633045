import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CampaignResponse } from './campaign.response';
import { RecipientResponse } from './recipient.response';

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
