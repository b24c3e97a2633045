import { ApiProperty } from '@nestjs/swagger';
import type { Message, Page } from '@app/database';
import { MessageResponse, toMessageResponse } from './message.response';

/** Newest first; pass `nextCursor` back as `cursor` for the next (older) page. */
export class MessagePage {
  @ApiProperty({ type: MessageResponse, isArray: true })
  items: MessageResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Null on the last page.', example: null })
  nextCursor: string | null;
}

export function toMessagePage(page: Page<Message>): MessagePage {
  return { items: page.items.map(toMessageResponse), nextCursor: page.nextCursor };
}
