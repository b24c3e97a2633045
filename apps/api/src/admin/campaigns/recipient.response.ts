import { ApiProperty } from '@nestjs/swagger';
import { RECIPIENT_STATUSES, type RecipientRow, type RecipientStatus } from '@app/database';

/** One recipient of a campaign or batch, with what its message has become. */
export class RecipientResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '7a1e9c40-2b3d-4f5e-8a6b-9c0d1e2f3a4b' })
  id: string;

  @ApiProperty({
    type: String,
    description: 'The entry as given (pasted line or array item).',
    example: '(555) 765-4321',
  })
  input: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'E.164; null when the input is not a phone number.',
    example: '+15557654321',
  })
  phone: string | null;

  @ApiProperty({
    enum: RECIPIENT_STATUSES,
    description: 'Its own status before the send; after it, its message’s (Twilio’s callbacks) in campaign terms.',
    example: 'delivered',
  })
  status: RecipientStatus;

  @ApiProperty({ type: 'integer', example: 1 })
  attempts: number;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The outbound message, once the send started.',
    example: null,
  })
  messageId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The message’s Twilio MessageSid.',
    example: 'SM0123456789abcdef0123456789abcdef',
  })
  sid: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: null })
  errorCode: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  errorMessage: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2025-01-15T09:31:02.000Z' })
  sentAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-01-15T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'The later of the recipient’s and its message’s.',
    example: '2025-01-15T09:31:05.000Z',
  })
  updatedAt: Date;
}

/** Recipients in id order; pass `nextAfter` back as `after` for the next page. */
export class RecipientPage {
  @ApiProperty({ type: RecipientResponse, isArray: true })
  items: RecipientResponse[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null on the last page.', example: null })
  nextAfter: string | null;
}

export function toRecipientResponse(r: RecipientRow): RecipientResponse {
  return {
    id: r.id,
    input: r.input,
    phone: r.phone,
    status: r.status,
    attempts: r.attempts,
    messageId: r.messageId,
    sid: r.sid,
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    sentAt: r.sentAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toRecipientPage(page: { items: RecipientRow[]; nextAfter: string | null }): RecipientPage {
  return { items: page.items.map(toRecipientResponse), nextAfter: page.nextAfter };
}
