import { Body, ConflictException, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { decodeCursor, MessagesRepository, toMessageView } from '@app/database';
import { OutboundMessagesService } from '@app/messaging';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { badRequest, requirePhone } from '../bad-request';
import { MessagesAdminService } from './messages-admin.service';
import { MessagePage } from './message-page.response';
import { MessageResponse } from './message.response';
import { ListMessagesQuery, SendMessageDto, SyncMessagesDto } from './messages.dto';
import { SyncResponse } from './sync.response';

@Controller('api/messages')
@ApiErrors(401)
export class MessagesController {
  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessagesRepository,
    private readonly outbound: OutboundMessagesService,
    private readonly admin: MessagesAdminService,
  ) {}

  @Get()
  @ApiOkResponse({ type: MessagePage })
  @ApiErrors(400)
  async list(@Query() query: ListMessagesQuery): Promise<MessagePage> {
    if (query.cursor && !decodeCursor(query.cursor)) throw badRequest('cursor is not valid');
    const page = await this.messages.list(
      {
        participant: query.participant
          ? requirePhone('participant', query.participant, this.config.defaultCountry)
          : undefined,
        direction: query.direction,
        status: query.status,
        since: query.since ? new Date(query.since) : undefined,
      },
      query.limit ?? 50,
      query.cursor,
    );
    return { items: page.items.map(toMessageView), nextCursor: page.nextCursor };
  }

  /** Queues a text; 201 with the stored message (status `pending` until a worker hands it to Twilio). */
  @Post()
  @ApiCreatedResponse({ type: MessageResponse })
  @ApiErrors(400)
  async send(@Body() dto: SendMessageDto): Promise<MessageResponse> {
    const country = this.config.defaultCountry;
    const message = await this.outbound.queueText({
      to: requirePhone('to', dto.to, country),
      from: dto.from ? requirePhone('from', dto.from, country) : undefined,
      body: dto.body,
      channel: dto.channel,
      mediaUrls: dto.mediaUrls,
      sendAt: dto.sendAt ? new Date(dto.sendAt) : undefined,
      source: 'api',
    });
    return toMessageView(message);
  }

  @Post('sync')
  @HttpCode(200)
  @ApiOkResponse({ type: SyncResponse })
  @ApiErrors(400, 502)
  sync(@Body() dto: SyncMessagesDto): Promise<SyncResponse> {
    return this.admin.sync(dto.limit ?? 50, dto.reply ?? false);
  }

  /** By Twilio MessageSid or by our id. */
  @Get(':sid')
  @ApiOkResponse({ type: MessageResponse })
  @ApiErrors(404)
  async get(@Param('sid') sid: string): Promise<MessageResponse> {
    return toMessageView(await this.admin.get(sid));
  }

  /** Cancels a scheduled message that has not gone out yet; 409 once it has. */
  @Delete(':id/schedule')
  @ApiOkResponse({ type: MessageResponse, description: 'The message, now canceled.' })
  @ApiErrors(404, 409)
  async cancelSchedule(@Param('id') id: string): Promise<MessageResponse> {
    const message = await this.admin.get(id);
    if (!(await this.messages.cancelScheduled(message.id))) {
      throw new ConflictException(`Message ${id} is ${message.status}, not scheduled`);
    }
    return toMessageView(await this.admin.get(message.id));
  }

  @Post(':sid/redact')
  @HttpCode(200)
  @ApiOkResponse({
    type: MessageResponse,
    description: 'The message, its body and media emptied here and its body on Twilio.',
  })
  @ApiErrors(404, 502)
  async redact(@Param('sid') sid: string): Promise<MessageResponse> {
    return toMessageView(await this.admin.redact(sid));
  }

  @Delete(':sid')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted here and on Twilio.' })
  @ApiErrors(404, 502)
  async remove(@Param('sid') sid: string): Promise<void> {
    await this.admin.remove(sid);
  }
}
