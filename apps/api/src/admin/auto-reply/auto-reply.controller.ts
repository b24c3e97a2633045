import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { AutoReplyConfigDto } from './auto-reply.dto';
import { AutoReplyResponse, toAutoReplyResponse } from './auto-reply.response';
import { AutoReplyService } from './auto-reply.service';

@Controller('api/auto-reply/config')
@ApiErrors(401)
export class AutoReplyController {
  constructor(private readonly autoReply: AutoReplyService) {}

  @Get()
  @ApiOkResponse({ type: AutoReplyResponse })
  async get(): Promise<AutoReplyResponse> {
    return toAutoReplyResponse(await this.autoReply.get());
  }

  /** Any change restarts the clock: messages received before it are never auto-answered. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: AutoReplyResponse })
  @ApiErrors(400)
  async set(@Body() dto: AutoReplyConfigDto): Promise<AutoReplyResponse> {
    return toAutoReplyResponse(await this.autoReply.set(dto.enabled, dto.message));
  }
}
