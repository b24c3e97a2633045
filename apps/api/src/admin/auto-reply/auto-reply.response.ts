import { ApiProperty } from '@nestjs/swagger';
import type { AutoReplySettings } from '@app/database';

export class AutoReplyResponse {
  @ApiProperty({ type: Boolean, example: true })
  enabled: boolean;

  @ApiProperty({ type: String, example: 'Thanks for your message! We will get back to you soon.' })
  message: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Messages received before this moment are never auto-answered.',
    example: '2025-01-15T09:30:00.000Z',
  })
  enabledSince: Date | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the settings were last saved; null until they ever are.',
    example: '2025-01-15T09:30:00.000Z',
  })
  updatedAt: Date | null;
}

export function toAutoReplyResponse(config: AutoReplySettings): AutoReplyResponse {
  return {
    enabled: config.enabled,
    message: config.message,
    enabledSince: config.enabledSince,
    updatedAt: config.updatedAt,
  };
}
