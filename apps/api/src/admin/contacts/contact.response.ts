import { ApiProperty } from '@nestjs/swagger';
import type { Contact } from '@app/database';
import { AppointmentResponse } from '../appointments/appointment.response';

/** Someone who texted in or was texted: subscription state and time zone. */
export class ContactResponse {
  @ApiProperty({ type: String, description: 'E.164.', example: '+15557654321' })
  phone: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The WhatsApp profile name it last wrote with (updated as it changes); `name` is yours and is never overwritten by it.',
    example: 'Ada',
  })
  profileName: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When it last wrote to this business on WhatsApp. Free text reaches it on WhatsApp until 24 hours after this; then only a template (contentSid).',
    example: null,
  })
  lastInboundWhatsappAt: string | null;

  @ApiProperty({ type: Boolean, example: false })
  optedOut: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['keyword', 'twilio_21610', 'api'],
    description: 'How the current opt-out happened.',
    example: null,
  })
  optOutSource: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  optedOutAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  optedInAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'IANA zone used for quiet hours.',
    example: 'America/Chicago',
  })
  timezone: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Dana Smith' }) name: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'dana@example.com' }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: '12 Oak Street' }) address: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Dog in the yard' }) notes: string | null;
  @ApiProperty({ type: [String], example: ['vip'] }) tags: string[];

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-23T09:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-23T09:00:00.000Z' })
  updatedAt: string;
}

export class ContactList {
  @ApiProperty({ type: ContactResponse, isArray: true })
  items: ContactResponse[];
}

export function toContactResponse(c: Contact): ContactResponse {
  return {
    phone: c.phone,
    profileName: c.profileName,
    lastInboundWhatsappAt: c.lastInboundWhatsappAt?.toISOString() ?? null,
    optedOut: c.optedOut,
    optOutSource: c.optOutSource,
    optedOutAt: c.optedOutAt?.toISOString() ?? null,
    optedInAt: c.optedInAt?.toISOString() ?? null,
    timezone: c.timezone,
    name: c.name,
    email: c.email,
    address: c.address,
    notes: c.notes,
    tags: c.tags,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** One contact, with its booked appointments still to come. */
export class ContactDetailResponse extends ContactResponse {
  @ApiProperty({ type: [AppointmentResponse], description: 'Booked appointments from now on, soonest first.' })
  upcomingAppointments: AppointmentResponse[];
}
