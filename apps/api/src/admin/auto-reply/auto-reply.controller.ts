import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { CurrentBusiness } from '../../auth/current-business.decorator';
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
  async get(@CurrentBusiness() businessId: string): Promise<AutoReplyResponse> {
    return toAutoReplyResponse(await this.autoReply.get(businessId));
  }

  /** Any change restarts the clock: messages received before it are never auto-answered. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: AutoReplyResponse })
  @ApiErrors(400)
  async set(@CurrentBusiness() businessId: string, @Body() dto: AutoReplyConfigDto): Promise<AutoReplyResponse> {
    return toAutoReplyResponse(await this.autoReply.set(businessId, dto.enabled, dto.message));
  }
}
