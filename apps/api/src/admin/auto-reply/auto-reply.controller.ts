import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { IsBoolean, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { SettingsRepository } from '@app/database';
import type { AutoReplyConfig } from '@app/database';

export class AutoReplyConfigDto {
  @IsBoolean() enabled: boolean;
  @ValidateIf((dto: AutoReplyConfigDto) => dto.enabled || dto.message !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'message is required when auto-reply is enabled' })
  @MaxLength(1600)
  message?: string;
}

const view = (c: AutoReplyConfig) => ({
  enabled: c.enabled,
  message: c.message,
  enabledSince: c.enabledSince,
  updatedAt: c.updatedAt,
});

@Controller('api/auto-reply/config')
export class AutoReplyController {
  constructor(private readonly settings: SettingsRepository) {}

  @Get()
  async get() {
    return view(await this.settings.getAutoReply());
  }

  /** Any change restarts the clock: messages received before it are never auto-answered. */
  @Post()
  @HttpCode(200)
  async set(@Body() dto: AutoReplyConfigDto) {
    const current = await this.settings.getAutoReply();
    return view(await this.settings.setAutoReply(dto.enabled, dto.message ?? current.message));
  }
}
