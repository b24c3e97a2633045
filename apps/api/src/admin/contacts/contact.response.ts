import { ApiProperty } from '@nestjs/swagger';
import type { Contact } from '@app/database';

/** Someone who texted in or was texted: subscription state and time zone. */
export class ContactResponse {
  @ApiProperty({ type: String, description: 'E.164.', example: '+15557654321' })
  phone: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada' })
  profileName: string | null;

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
    optedOut: c.optedOut,
    optOutSource: c.optOutSource,
    optedOutAt: c.optedOutAt?.toISOString() ?? null,
    optedInAt: c.optedInAt?.toISOString() ?? null,
    timezone: c.timezone,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
