import { contentVariablesObject, ContentSidProperty, ContentVariablesProperty } from '../template.response';
import { ApiProperty } from '@nestjs/swagger';
import { MESSAGE_SOURCES, MESSAGE_STATUSES, type Message, type MessageSource, type MessageStatus } from '@app/database';

/** A message as the admin API shows it. */
export class MessageResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '0b9d4c1e-6f2a-4e8b-9c3d-5a7f1e2b4c6d' })
  id: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Twilio’s MessageSid; null until Twilio has accepted an outbound message.',
    example: 'SM0123456789abcdef0123456789abcdef',
  })
  sid: string | null;

  @ApiProperty({ enum: ['inbound', 'outbound'], example: 'outbound' })
  direction: 'inbound' | 'outbound';

  @ApiProperty({
    enum: ['sms', 'whatsapp', 'voice', 'web'],
    description:
      "sms and whatsapp are texts; voice a phone call's turns, web a website chat (never sent through Twilio).",
    example: 'sms',
  })
  channel: 'sms' | 'whatsapp' | 'voice' | 'web';

  @ApiProperty({ type: String, description: 'E.164, without the whatsapp: prefix.', example: '+15550001111' })
  from: string;

  @ApiProperty({ type: String, description: 'E.164, without the whatsapp: prefix.', example: '+15557654321' })
  to: string;

  @ApiProperty({
    type: String,
    description: 'The customer’s number: `from` for inbound, `to` for outbound.',
    example: '+15557654321',
  })
  participant: string;

  @ApiProperty({ type: String, description: 'Empty once redacted.', example: 'Your order has shipped.' })
  body: string;

  @ApiProperty({
    enum: MESSAGE_STATUSES,
    description:
      'Twilio’s status vocabulary plus ours: pending and submitting (stored, being handed to Twilio), ' +
      'suppressed (not sent: the recipient opted out). A status callback naming a status outside it changes nothing.',
    example: 'pending',
  })
  status: MessageStatus;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Twilio’s error code, when the send failed.',
    example: null,
  })
  errorCode: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  errorMessage: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '-0.00790',
    description: 'What Twilio charged, as Twilio writes it (negative: a charge); null until read with `remote=true`.',
  })
  price: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'USD' })
  priceUnit: string | null;

  @ApiProperty({ type: 'integer', example: 0 })
  numMedia: number;

  @ApiProperty({ type: String, isArray: true, example: [] })
  mediaUrls: string[];

  @ApiProperty({ type: String, isArray: true, example: [] })
  mediaContentTypes: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The WhatsApp profile name of an inbound message.',
    example: null,
  })
  profileName: string | null;

  @ContentSidProperty()
  contentSid: string | null;

  @ContentVariablesProperty()
  contentVariables: Record<string, string> | null;

  @ApiProperty({ enum: MESSAGE_SOURCES, description: 'Why the message exists.', example: 'api' })
  source: MessageSource;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The inbound message this one answers.',
    example: null,
  })
  replyToId: string | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'Which part of that reply (1-based): a long answer of a business with longReplies `split` goes out as several messages, numbered "(1/3) "…; null when it answers nothing.',
    example: null,
  })
  replyPart: number | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a scheduled send goes out.',
    example: null,
  })
  scheduledAt: Date | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The reminder this message is one occurrence of.',
    example: null,
  })
  reminderId: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The appointment this message reminds its recipient of.',
    example: null,
  })
  appointmentId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  readAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  sentAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-01-15T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-01-15T09:30:00.000Z' })
  updatedAt: Date;
}

export function toMessageResponse(message: Message): MessageResponse {
  return {
    id: message.id,
    sid: message.sid,
    direction: message.direction,
    channel: message.channel,
    from: message.from,
    to: message.to,
    participant: message.participant,
    body: message.body,
    status: message.status,
    errorCode: message.errorCode,
    errorMessage: message.errorMessage,
    price: message.price,
    priceUnit: message.priceUnit,
    numMedia: message.numMedia,
    mediaUrls: message.mediaUrls,
    mediaContentTypes: message.mediaContentTypes,
    profileName: message.profileName,
    contentSid: message.contentSid,
    contentVariables: contentVariablesObject(message.contentVariables),
    source: message.source,
    replyToId: message.replyToId,
    replyPart: message.replyPart,
    scheduledAt: message.scheduledAt,
    reminderId: message.reminderId,
    appointmentId: message.appointmentId,
    readAt: message.readAt,
    sentAt: message.sentAt,
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
  };
}
