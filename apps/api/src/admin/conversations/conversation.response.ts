import { ApiProperty } from '@nestjs/swagger';
import { MessageResponse } from '../messages/message.response';

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
