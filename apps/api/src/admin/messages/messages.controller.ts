import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { MessagePage, toMessagePage } from './message-page.response';
import { MessageResponse, toMessageResponse } from './message.response';
import { MessagesService } from './messages.service';
import {
  GetMessageQuery,
  ListMessagesQuery,
  RemoteMessagesQuery,
  SendMessageDto,
  SyncMessagesDto,
} from './messages.dto';
import { SyncResponse } from './sync.response';

@Controller('api/messages')
@ApiErrors(401)
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOkResponse({ type: MessagePage })
  @ApiErrors(400)
  async list(@CurrentBusiness() businessId: string, @Query() query: ListMessagesQuery): Promise<MessagePage> {
    return toMessagePage(await this.messages.list(businessId, query));
  }

  /** Queues a text; 201 with the stored message (status `pending` until a worker hands it to Twilio). */
  @Post()
  @ApiCreatedResponse({ type: MessageResponse })
  @ApiErrors(400)
  async send(@CurrentBusiness() businessId: string, @Body() dto: SendMessageDto): Promise<MessageResponse> {
    return toMessageResponse(await this.messages.send(businessId, dto));
  }

  @Post('sync')
  @HttpCode(200)
  @ApiOkResponse({ type: SyncResponse })
  @ApiErrors(400, 502)
  sync(@CurrentBusiness() businessId: string, @Body() dto: SyncMessagesDto): Promise<SyncResponse> {
    return this.messages.sync(businessId, dto.limit ?? 50, dto.reply ?? false);
  }

  /**
   * The chat app's way to pull the latest from Twilio: POST /api/messages/sync without `reply`
   * (a GET may be repeated, prefetched or retried, so it never texts anyone).
   */
  @Get('remote')
  @ApiOperation({ summary: 'Alias of POST /api/messages/sync (never replies)' })
  @ApiOkResponse({ type: SyncResponse })
  @ApiErrors(400, 502)
  pullRemote(@CurrentBusiness() businessId: string, @Query() query: RemoteMessagesQuery): Promise<SyncResponse> {
    return this.messages.sync(businessId, query.limit ?? 50, false);
  }

  /**
   * By Twilio MessageSid or by our id. `remote=true`: Twilio's current record is read first (status,
   * price, error) and ours updated from it — 409 for a message Twilio never had, 502 when Twilio fails.
   */
  @Get(':sid')
  @ApiOkResponse({ type: MessageResponse })
  @ApiErrors(400, 404, 409, 502)
  async get(
    @CurrentBusiness() businessId: string,
    @Param('sid') sid: string,
    @Query() query: GetMessageQuery,
  ): Promise<MessageResponse> {
    const message =
      query.remote === 'true' ? await this.messages.refresh(businessId, sid) : await this.messages.get(businessId, sid);
    return toMessageResponse(message);
  }

  /**
   * An inbound message's media file `n` (0-based: 0 is Twilio's MediaUrl0), fetched from Twilio with
   * the business's account and passed on as it comes, with its content type. Up to MEDIA_MAX_BYTES;
   * larger, or Twilio failing or too slow (MEDIA_TIMEOUT_MS), is a 502 saying which.
   */
  @Get(':sid/media/:n')
  @ApiParam({ name: 'n', schema: { type: 'integer', minimum: 0 }, description: '0 for the first file (MediaUrl0).' })
  // Any content type: the file's own, as Twilio serves it (image/jpeg, video/mp4, application/pdf…).
  @ApiOkResponse({
    description: "The file's bytes, with Twilio's Content-Type.",
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, 404, 502)
  async media(
    @CurrentBusiness() businessId: string,
    @Param('sid') sid: string,
    @Param('n') n: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.messages.media(businessId, sid, n);
    reply.header('Content-Type', file.contentType ?? file.storedContentType ?? 'application/octet-stream');
    // A customer's file, opened from our origin: never run as a page, never kept by a shared cache.
    reply.header('Content-Security-Policy', "sandbox; default-src 'none'");
    reply.header('Cache-Control', 'private, no-store');
    return new StreamableFile(file.body, { length: file.length ?? undefined });
  }

  /** Cancels a scheduled message that has not gone out yet; 409 once it has. */
  @Delete(':id/schedule')
  @ApiOkResponse({ type: MessageResponse, description: 'The message, now canceled.' })
  @ApiErrors(404, 409)
  async cancelSchedule(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<MessageResponse> {
    return toMessageResponse(await this.messages.cancelSchedule(businessId, id));
  }

  @Post(':sid/redact')
  @HttpCode(200)
  @ApiOkResponse({
    type: MessageResponse,
    description: 'The message, its body and media emptied here and its body on Twilio.',
  })
  @ApiErrors(404, 502)
  async redact(@CurrentBusiness() businessId: string, @Param('sid') sid: string): Promise<MessageResponse> {
    return toMessageResponse(await this.messages.redact(businessId, sid));
  }

  @Delete(':sid')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted here and on Twilio.' })
  @ApiErrors(404, 502)
  async remove(@CurrentBusiness() businessId: string, @Param('sid') sid: string): Promise<void> {
    await this.messages.remove(businessId, sid);
  }
}
