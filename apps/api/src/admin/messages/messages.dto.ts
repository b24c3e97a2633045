import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === true || value === 'true' || value === '1' ? true : value === false || value === 'false' || value === '0' ? false : value;

export class ListMessagesQuery {
  @IsOptional() @IsString() @MaxLength(40) participant?: string;
  @IsOptional() @IsIn(['inbound', 'outbound']) direction?: 'inbound' | 'outbound';
  @IsOptional() @IsString() @MaxLength(30) status?: string;
  @IsOptional() @IsISO8601() since?: string;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class SendMessageDto {
  @IsString() @IsNotEmpty() @MaxLength(40) to: string;
  @IsString() @IsNotEmpty() @MaxLength(1600) body: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOptional() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsUrl({ require_protocol: true }, { each: true }) mediaUrls?: string[];
  /** Send later (ISO 8601); cancel with DELETE /api/messages/:id/schedule. */
  @IsOptional() @IsISO8601() sendAt?: string;
}

export class SyncMessagesDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  /** Also answer the newest synced inbound message (only that one: older ones are history). */
  @IsOptional() @Transform(toBoolean) @IsBoolean() reply?: boolean;
}
