import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppConfig } from '@app/config';
import { ContactsRepository, decodeCursor, MessagesRepository, toMessageView } from '@app/database';
import { badRequest, requirePhone } from '../bad-request';

export class ListConversationsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class ThreadQuery {
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

@Controller('api/conversations')
export class ConversationsController {
  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
  ) {}

  /** One row per participant: last message, counts, unread inbound; most recent first. */
  @Get()
  async list(@Query() query: ListConversationsQuery) {
    const rows = await this.messages.conversations(query.limit ?? 50, query.offset ?? 0);
    const last = new Map((await this.messages.findManyByIds(rows.map((r) => r.lastId))).map((m) => [m.id, m]));
    return {
      items: rows.map((row) => ({
        participant: row.participant,
        messageCount: row.messageCount,
        inboundCount: row.inboundCount,
        unreadCount: row.unreadCount,
        lastMessage: last.has(row.lastId) ? toMessageView(last.get(row.lastId)!) : null,
      })),
    };
  }

  /** The thread with one participant, oldest first within the page; `nextCursor` pages back in time. */
  @Get(':participant')
  async thread(@Param('participant') participant: string, @Query() query: ThreadQuery) {
    const phone = requirePhone('participant', participant, this.config.defaultCountry);
    if (query.cursor && !decodeCursor(query.cursor)) throw badRequest('cursor is not valid');
    const [page, contact] = await Promise.all([
      this.messages.list({ participant: phone }, query.limit ?? 100, query.cursor),
      this.contacts.findByPhone(phone),
    ]);
    return {
      participant: phone,
      optedOut: contact?.optedOut ?? false,
      profileName: contact?.profileName ?? null,
      messages: page.items.reverse().map(toMessageView),
      nextCursor: page.nextCursor,
    };
  }

  @Post(':participant/read')
  @HttpCode(200)
  async markRead(@Param('participant') participant: string) {
    const phone = requirePhone('participant', participant, this.config.defaultCountry);
    return { participant: phone, markedRead: await this.messages.markThreadRead(phone) };
  }
}
