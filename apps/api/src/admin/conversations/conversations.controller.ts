import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { ContactsRepository, decodeCursor, MessagesRepository, toMessageView } from '@app/database';
import { PageQuery } from '../page.query';
import { ThreadQuery } from './conversations.dto';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { badRequest, requirePhone } from '../bad-request';
import { ConversationList, MarkReadResponse, ThreadResponse } from './conversation.response';

@Controller('api/conversations')
@ApiErrors(401)
export class ConversationsController {
  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
  ) {}

  /** One row per participant: last message, counts, unread inbound; most recent first. */
  @Get()
  @ApiOkResponse({ type: ConversationList })
  @ApiErrors(400)
  async list(@Query() query: PageQuery): Promise<ConversationList> {
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
  @ApiOkResponse({ type: ThreadResponse })
  @ApiErrors(400)
  async thread(@Param('participant') participant: string, @Query() query: ThreadQuery): Promise<ThreadResponse> {
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
  @ApiOkResponse({ type: MarkReadResponse })
  @ApiErrors(400)
  async markRead(@Param('participant') participant: string): Promise<MarkReadResponse> {
    const phone = requirePhone('participant', participant, this.config.defaultCountry);
    return { participant: phone, markedRead: await this.messages.markThreadRead(phone) };
  }
}
