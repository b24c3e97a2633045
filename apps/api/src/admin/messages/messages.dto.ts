import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MESSAGE_STATUSES, type MessageStatus } from '@app/database';
import { IsDateTime, IsOmittable, ToBoolean, Trim } from '../validators';

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
  @Trim() @IsString() @IsNotEmpty() @MaxLength(1600) body: string;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOmittable() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
  @IsOmittable() @IsArray() @ArrayMaxSize(10) @IsUrl({ require_protocol: true }, { each: true }) mediaUrls?: string[];
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
