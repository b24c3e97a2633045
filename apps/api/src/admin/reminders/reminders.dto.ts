import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class CreateReminderDto {
  @IsString() @IsNotEmpty() @MaxLength(40) to: string;
  @IsString() @IsNotEmpty() @MaxLength(1600) body: string;
  @IsOptional() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  /** Every N seconds (≥ 60)… */
  @IsOptional() @IsInt({ message: 'intervalSeconds must be an integer of at least 60' }) @Min(60, { message: 'intervalSeconds must be an integer of at least 60' }) intervalSeconds?: number;
  /** …or a cron expression, in `timezone` (default UTC). */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) cron?: string;
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @IsOptional() @IsISO8601() startAt?: string;
  @IsOptional() @IsISO8601() endAt?: string;
  @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateReminderDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) to?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(1600) body?: string;
  @IsOptional() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(40) from?: string | null;
  @IsOptional() @IsInt({ message: 'intervalSeconds must be an integer of at least 60' }) @Min(60, { message: 'intervalSeconds must be an integer of at least 60' }) intervalSeconds?: number;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) cron?: string;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(64) timezone?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsISO8601() startAt?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsISO8601() endAt?: string | null;
  @IsOptional() @IsBoolean() enabled?: boolean;
}

export class ListRemindersQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
