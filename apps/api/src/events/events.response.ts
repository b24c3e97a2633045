import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MESSAGE_STATUSES, type CampaignStatus } from '@app/database';

const CAMPAIGN_STATUSES: CampaignStatus[] = ['draft', 'scheduled', 'running', 'paused', 'completed', 'canceled'];

/**
 * The `data` of each event GET /api/events sends (one JSON object per event). Described here
 * for the document (LiveEventMap in libs/queue is the source); they are never a JSON answer.
 */
export class MessageEventData {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({
    type: String,
    description: 'The customer’s number: the conversation (`participant`).',
    example: '+15557654321',
  })
  phone: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction: 'inbound' | 'outbound';
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: string;
  @ApiProperty({ enum: ['sms', 'whatsapp', 'voice', 'web'] }) channel: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class StatusEventData {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, example: '+15557654321' }) phone: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction: 'inbound' | 'outbound';
  @ApiProperty({ enum: ['sms', 'whatsapp', 'voice', 'web'] }) channel: string;
  @ApiProperty({ enum: MESSAGE_STATUSES, description: 'The status the message moved to.' }) status: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Twilio’s error code, when it gave one.' })
  errorCode: number | null;
}

export class CampaignEventData {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['campaign', 'multi_sms'] }) kind: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Recipients by status, as GET /api/campaigns/{id} counts them (`total` included).',
  })
  counters: Record<string, number>;
}

export class AppointmentEventData {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['created', 'changed', 'cancelled'] }) change: 'created' | 'changed' | 'cancelled';
  @ApiProperty({ enum: ['booked', 'cancelled', 'completed', 'no_show'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
  @ApiProperty({ type: String, example: '+15557654321' }) phone: string;
  @ApiProperty({ type: Boolean }) isEmergency: boolean;
}

export class ResetEventData {
  @ApiPropertyOptional({ type: String }) reason?: string;
}
