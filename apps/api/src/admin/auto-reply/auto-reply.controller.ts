import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { SettingsRepository } from '@app/database';
import type { AutoReplyConfig } from '@app/database';
import { AutoReplyConfigDto } from './auto-reply.dto';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { AutoReplyResponse } from './auto-reply.response';

const view = (c: AutoReplyConfig): AutoReplyResponse => ({
  enabled: c.enabled,
  message: c.message,
  enabledSince: c.enabledSince,
  updatedAt: c.updatedAt,
});

@Controller('api/auto-reply/config')
@ApiErrors(401)
export class AutoReplyController {
  constructor(private readonly settings: SettingsRepository) {}

  @Get()
  @ApiOkResponse({ type: AutoReplyResponse })
  async get(): Promise<AutoReplyResponse> {
    return view(await this.settings.getAutoReply());
  }

  /** Any change restarts the clock: messages received before it are never auto-answered. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: AutoReplyResponse })
  @ApiErrors(400)
  async set(@Body() dto: AutoReplyConfigDto): Promise<AutoReplyResponse> {
    const current = await this.settings.getAutoReply();
    return view(await this.settings.setAutoReply(dto.enabled, dto.message ?? current.message));
  }
}
