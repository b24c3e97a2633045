import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import {
  ConversationList,
  MarkReadResponse,
  ThreadResponse,
  toConversationSummary,
  toThreadResponse,
} from './conversation.response';
import { ConversationsQuery, ThreadQuery } from './conversations.dto';
import { ConversationsService } from './conversations.service';

@Controller('api/conversations')
@ApiErrors(401)
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  /** One row per participant: last message, counts, unread inbound, opt-out; most recent first; `search` by number or name. */
  @Get()
  @ApiOkResponse({ type: ConversationList })
  @ApiErrors(400)
  async list(@CurrentBusiness() businessId: string, @Query() query: ConversationsQuery): Promise<ConversationList> {
    const { limit = 50, offset = 0, search } = query;
    const rows = await this.conversations.list(businessId, { limit, offset, search });
    return { items: rows.map(toConversationSummary) };
  }

  /** The thread with one participant, oldest first within the page; `nextCursor` pages back in time. */
  @Get(':participant')
  @ApiOkResponse({ type: ThreadResponse })
  @ApiErrors(400)
  async thread(
    @CurrentBusiness() businessId: string,
    @Param('participant') participant: string,
    @Query() query: ThreadQuery,
  ): Promise<ThreadResponse> {
    return toThreadResponse(await this.conversations.thread(businessId, participant, query));
  }

  @Post(':participant/read')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkReadResponse })
  @ApiErrors(400)
  markRead(
    @CurrentBusiness() businessId: string,
    @Param('participant') participant: string,
  ): Promise<MarkReadResponse> {
    return this.conversations.markRead(businessId, participant);
  }
}
