import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MESSAGE_STATUSES, type MessageStatus } from '@app/database';
import { MediaUrlsField } from '../media-urls-field';
import { BodyUnlessTemplate, ContentSidField, ContentVariablesField } from '../template-fields';
import { IsDateTime, IsOmittable, ToBoolean } from '../validators';

export class ListMessagesQuery {
  @IsOmittable() @IsString() @MaxLength(40) participant?: string;
  @IsOmittable() @IsIn(['inbound', 'outbound']) direction?: 'inbound' | 'outbound';
  @IsOmittable() @IsIn(MESSAGE_STATUSES) status?: MessageStatus;
  @IsOmittable() @IsDateTime() since?: string;
  @IsOmittable() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ type: 'integer' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class SendMessageDto {
  @IsString() @IsNotEmpty() @MaxLength(40) to: string;
  @BodyUnlessTemplate(1600, { orMedia: true }) body?: string;
  @ContentSidField() contentSid?: string;
  @ContentVariablesField() contentVariables?: Record<string, string>;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOmittable() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
  @MediaUrlsField() mediaUrls?: string[];
  /** Send later (ISO 8601); cancel with DELETE /api/messages/:id/schedule. */
  @IsOmittable() @IsDateTime() sendAt?: string;
  /** With a sendAt in the past: send at once instead of the 400 a past sendAt gets. */
  @IsOmittable() @IsBoolean() allowPast?: boolean;
}

export class SyncMessagesDto {
  // @Type(() => Number) and @ToBoolean also take the values as text ("20", "true", "1"), and so does the
  // document; Number() even reads `true` as 1.
  @ApiPropertyOptional({
    anyOf: [
      { type: 'integer' },
      { type: 'string', description: 'The number as text.' },
      { type: 'boolean', enum: [true], description: 'Read as 1.' },
    ],
  })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  /** Also answer the newest synced inbound message (only that one: older ones are history). */
  @ApiPropertyOptional({ anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false', '1', '0'] }] })
  @IsOmittable()
  @ToBoolean()
  @IsBoolean()
  reply?: boolean;
}

/** GET /api/messages/remote: how many of Twilio's latest to pull (never answers them: a GET sends nothing). */
export class RemoteMessagesQuery {
  @ApiPropertyOptional({ type: 'integer', description: 'Default 50.' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class GetMessageQuery {
  /** `true`: read Twilio's current record of the message first (status, price, error) and update ours. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'remote must be true or false' })
  remote?: 'true' | 'false';
}
