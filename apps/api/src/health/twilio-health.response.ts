import { ApiProperty } from '@nestjs/swagger';

/** Whether a business's Twilio account works (GET /api/health/twilio). */
export class TwilioHealthResponse {
  @ApiProperty({ type: String, example: 'default', description: 'The business checked (slug).' })
  business: string;

  @ApiProperty({ type: Boolean, description: 'The credentials work and the account is active.' })
  ok: boolean;

  @ApiProperty({ enum: ['live', 'sandbox'], description: 'Against Twilio, or the built-in sandbox.' })
  mode: 'live' | 'sandbox';

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'AC0123456789abcdef0123456789abcdef',
    description: 'The account checked: the business’s subaccount, else the platform’s.',
  })
  accountSid: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'active',
    description: 'Twilio’s status of the account (active, suspended, closed); null when it could not be read.',
  })
  status: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'What is wrong, when not ok.' })
  error: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: 'When Twilio was asked.' })
  checkedAt: string;

  @ApiProperty({ type: Boolean, description: 'An answer from the last minute, not a new request to Twilio.' })
  cached: boolean;
}
