import { ApiProperty } from '@nestjs/swagger';
import { WHATSAPP_WINDOW_MS } from '@app/messaging';
import { MessageResponse, toMessageResponse } from '../messages/message.response';
import type { ConversationSummaryRow, Thread } from './conversations.service';

/** One participant's conversation in the list: counts and the last message. */
export class ConversationSummary {
  @ApiProperty({ type: String, example: '+15557654321' })
  participant: string;

  @ApiProperty({ type: 'integer', example: 12 })
  messageCount: number;

  @ApiProperty({ type: 'integer', example: 5 })
  inboundCount: number;

  @ApiProperty({ type: 'integer', description: 'Inbound messages not marked read.', example: 1 })
  unreadCount: number;

  @ApiProperty({ type: Boolean, description: 'The contact opted out (STOP): nothing is sent to them.', example: false })
  optedOut: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The contact's name as the business wrote it, else their WhatsApp profile name.",
    example: 'Ann Smith',
  })
  name: string | null;

  @ApiProperty({ type: MessageResponse, nullable: true })
  lastMessage: MessageResponse | null;
}

export class ConversationList {
  @ApiProperty({ type: ConversationSummary, isArray: true })
  items: ConversationSummary[];
}

/** A page of the thread with one participant, oldest first within the page. */
export class ThreadResponse {
  @ApiProperty({ type: String, description: 'E.164.', example: '+15557654321' })
  participant: string;

  @ApiProperty({ type: Boolean, example: false })
  optedOut: boolean;

  @ApiProperty({ type: String, nullable: true, example: null })
  profileName: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The contact's name as the business wrote it, else their WhatsApp profile name.",
    example: 'Ann Smith',
  })
  name: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      "When WhatsApp's 24-hour window with this contact closes (or closed): 24 hours after their last WhatsApp message to the business. Until then free-form WhatsApp text reaches them; after it, or when null (they never wrote on WhatsApp), only a template (contentSid) does.",
    example: '2026-12-03T09:30:00.000Z',
  })
  whatsappWindowClosesAt: Date | null;

  @ApiProperty({ type: MessageResponse, isArray: true })
  messages: MessageResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass back as `cursor` for older messages; null at the start.',
    example: null,
  })
  nextCursor: string | null;
}

export class MarkReadResponse {
  @ApiProperty({ type: String, example: '+15557654321' })
  participant: string;

  @ApiProperty({ type: 'integer', description: 'Inbound messages newly marked read.', example: 2 })
  markedRead: number;
}

export function toConversationSummary(row: ConversationSummaryRow): ConversationSummary {
  return {
    participant: row.participant,
    messageCount: row.messageCount,
    inboundCount: row.inboundCount,
    unreadCount: row.unreadCount,
    optedOut: row.optedOut,
    name: row.name,
    lastMessage: row.lastMessage ? toMessageResponse(row.lastMessage) : null,
  };
}

/** The window's edge as the sender's rule reads it (insideWindow: open while the last message is under 24 h old). */
function windowClosesAt(lastInboundWhatsappAt: Date | null): Date | null {
  return lastInboundWhatsappAt ? new Date(lastInboundWhatsappAt.getTime() + WHATSAPP_WINDOW_MS) : null;
}

/** The page comes newest first; the thread shows it oldest first. */
export function toThreadResponse({ participant, contact, page }: Thread): ThreadResponse {
  return {
    participant,
    optedOut: contact?.optedOut ?? false,
    profileName: contact?.profileName ?? null,
    name: contact?.name ?? contact?.profileName ?? null,
    whatsappWindowClosesAt: windowClosesAt(contact?.lastInboundWhatsappAt ?? null),
    messages: [...page.items].reverse().map(toMessageResponse),
    nextCursor: page.nextCursor,
  };
}
