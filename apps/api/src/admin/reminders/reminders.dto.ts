import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { INTERVAL_RANGE, MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS } from '@app/messaging';
import { IsDateTime, IsOmittable, Trim } from '../validators';
import { BodyUnlessTemplate, ContentSidField, ContentVariablesField } from '../template-fields';

export class CreateReminderDto {
  @IsString() @IsNotEmpty() @MaxLength(40) to: string;
  @BodyUnlessTemplate() body?: string;
  /** A WhatsApp reminder to a contact who may not have written in 24 hours needs a template. */
  @ContentSidField() contentSid?: string;
  @ContentVariablesField() contentVariables?: Record<string, string>;
  @IsOmittable() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  /** Every N seconds (≥ 60)… */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOmittable()
  @IsInt({ message: INTERVAL_RANGE })
  @Min(MIN_INTERVAL_SECONDS, { message: INTERVAL_RANGE })
  @Max(MAX_INTERVAL_SECONDS, { message: INTERVAL_RANGE })
  intervalSeconds?: number;
  /** …or a cron expression, in `timezone` (default UTC). */
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(100) cron?: string;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(64) timezone?: string;
  @IsOmittable() @IsDateTime() startAt?: string;
  @IsOmittable() @IsDateTime() endAt?: string;
  /** With a startAt in the past: anchor the schedule's grid there instead of the 400 a past startAt gets. */
  @IsOmittable() @IsBoolean() allowPast?: boolean;
  @IsOmittable() @IsBoolean() enabled?: boolean;
}

export class UpdateReminderDto {
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) to?: string;
  /** null: no text, the template (contentSid) alone. */
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(1600) body?: string | null;
  @ContentSidField({ patch: true }) contentSid?: string | null;
  @ContentVariablesField({ patch: true }) contentVariables?: Record<string, string> | null;
  @IsOmittable() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
  @IsOptional() @IsString() @MaxLength(40) from?: string | null;
  /** null counts as not given (a cron line given instead is what drops the interval); likewise for cron. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt({ message: INTERVAL_RANGE })
  @Min(MIN_INTERVAL_SECONDS, { message: INTERVAL_RANGE })
  @Max(MAX_INTERVAL_SECONDS, { message: INTERVAL_RANGE })
  intervalSeconds?: number | null;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) cron?: string | null;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) timezone?: string | null;
  @IsOptional() @IsDateTime() startAt?: string | null;
  @IsOptional() @IsDateTime() endAt?: string | null;
  /** With a startAt in the past: anchor the schedule's grid there instead of the 400 a past startAt gets. */
  @IsOmittable() @IsBoolean() allowPast?: boolean;
  @IsOmittable() @IsBoolean() enabled?: boolean;
}

/** A schedule to try before saving it (POST /api/reminders/preview-schedule): the schedule fields of a create. */
export class PreviewScheduleDto extends PickType(CreateReminderDto, [
  'intervalSeconds',
  'cron',
  'timezone',
  'startAt',
  'endAt',
  'allowPast',
] as const) {}
