import { Transform, Type } from 'class-transformer';
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
import { IsDateTime, IsOmittable, Trim } from '../validators';

const toBoolean = ({ value }: { value: unknown }) =>
  value === true || value === 'true' || value === '1' ? true : value === false || value === 'false' || value === '0' ? false : value;

export class ListMessagesQuery {
  @IsOmittable() @IsString() @MaxLength(40) participant?: string;
  @IsOmittable() @IsIn(['inbound', 'outbound']) direction?: 'inbound' | 'outbound';
  @IsOmittable() @IsString() @MaxLength(30) status?: string;
  @IsOmittable() @IsDateTime() since?: string;
  @IsOmittable() @IsString() @MaxLength(200) cursor?: string;
  @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class SendMessageDto {
  @IsString() @IsNotEmpty() @MaxLength(40) to: string;
  @Trim() @IsString() @IsNotEmpty() @MaxLength(1600) body: string;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOmittable() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
  @IsOmittable() @IsArray() @ArrayMaxSize(10) @IsUrl({ require_protocol: true }, { each: true }) mediaUrls?: string[];
  /** Send later (ISO 8601); cancel with DELETE /api/messages/:id/schedule. */
  @IsOmittable() @IsDateTime() sendAt?: string;
}

export class SyncMessagesDto {
  @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  /** Also answer the newest synced inbound message (only that one: older ones are history). */
  @IsOmittable() @Transform(toBoolean) @IsBoolean() reply?: boolean;
}
