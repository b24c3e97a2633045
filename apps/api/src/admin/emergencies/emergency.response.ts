import { ApiProperty } from '@nestjs/swagger';
import { MESSAGE_STATUSES, type EmergencyView, type MessageStatus } from '@app/database';
import { inZone } from '../availability/availability.response';

export class EmergencyContactResponse {
  @ApiProperty({ type: String, description: "The customer's number (E.164).", example: '+15557654321' })
  phone: string;

  @ApiProperty({ type: String, nullable: true, example: 'Dana Smith' })
  name: string | null;
}

export class EmergencyAppointmentResponse {
  @ApiProperty({ type: String, format: 'uuid', example: 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f' })
  id: string;

  @ApiProperty({
    type: String,
    description: 'ISO 8601 with the business offset.',
    example: '2026-12-07T09:00:00.000-05:00',
  })
  startsAt: string;
}

export class OwnerAlertResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '0d6f4a9e-7b1c-4e2a-9c3d-5f8e1a2b3c4d' })
  messageId: string;

  @ApiProperty({
    enum: MESSAGE_STATUSES,
    nullable: true,
    description:
      'Where the text to the owner is (`suppressed`: the owner’s number opted out); null: the message was deleted.',
    example: 'delivered',
  })
  status: MessageStatus | null;
}

/** A customer's text flagged as an emergency, and what was done about it. */
export class EmergencyResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '5b7e2c1d-3f4a-4b6c-8d9e-0a1b2c3d4e5f' })
  id: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    description: 'The customer’s message it was raised for.',
    example: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  })
  inboundMessageId: string;

  @ApiProperty({
    type: String,
    description: 'The customer’s words with the keyword matched, or the AI’s summary.',
    example: '"burst pipe in the basement!!" (keyword: burst pipe)',
  })
  summary: string;

  @ApiProperty({ type: EmergencyContactResponse })
  contact: EmergencyContactResponse;

  @ApiProperty({
    type: EmergencyAppointmentResponse,
    nullable: true,
    description: 'The appointment marked isEmergency; null: a lead (the customer had no upcoming appointment).',
  })
  appointment: EmergencyAppointmentResponse | null;

  @ApiProperty({
    type: OwnerAlertResponse,
    nullable: true,
    description: 'The SMS to ownerPhone; null: not alerted (no ownerPhone, or no number to send from).',
  })
  ownerAlert: OwnerAlertResponse | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-07T03:12:45.000Z' })
  createdAt: string;
}

export class EmergencyList {
  @ApiProperty({ type: [EmergencyResponse] }) items: EmergencyResponse[];
}

export const toEmergencyResponse = (e: EmergencyView, timezone: string): EmergencyResponse => ({
  id: e.id,
  inboundMessageId: e.inboundMessageId,
  summary: e.summary,
  contact: { phone: e.contact.phone, name: e.contact.name },
  appointment: e.appointment ? { id: e.appointment.id, startsAt: inZone(e.appointment.startsAt, timezone) } : null,
  ownerAlert: e.ownerMessage ? { messageId: e.ownerMessage.id, status: e.ownerMessage.status } : null,
  createdAt: e.createdAt.toISOString(),
});
