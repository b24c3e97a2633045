import { ApiProperty } from '@nestjs/swagger';

export class SyncResponse {
  @ApiProperty({ type: 'integer', description: 'Messages read from Twilio.', example: 50 })
  fetched: number;

  @ApiProperty({ type: 'integer', description: 'Of those, the ones we did not have yet.', example: 3 })
  created: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The MessageSid of the inbound message a reply was queued for (only with reply=true).',
    example: null,
  })
  replyQueuedFor: string | null;
}
