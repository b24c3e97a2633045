import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { RECIPIENT_STATUSES, type RecipientStatus } from '@app/database';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_RECIPIENTS = 100_000;

/** An array of strings, or one pasted text (lines, commas, semicolons). */
function IsRecipients() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isRecipients',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && value.trim().length > 0) ||
          (Array.isArray(value) && value.length > 0 && value.length <= MAX_RECIPIENTS && value.every((v) => typeof v === 'string')),
        defaultMessage: () =>
          `${propertyName} must be a non-empty array of phone numbers (at most ${MAX_RECIPIENTS}) or pasted text, one per line or separated by commas or semicolons`,
      },
    });
}

export class QuietHoursDto {
  @Matches(HHMM, { message: 'quietHours.start must be HH:MM (24h)' }) start: string;
  @Matches(HHMM, { message: 'quietHours.end must be HH:MM (24h)' }) end: string;
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
}

export class CreateCampaignDto {
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsString() @IsNotEmpty() @MaxLength(1600) body: string;
  @IsRecipients() recipients: string[] | string;
  @IsOptional() @IsISO8601() sendAt?: string;
  @IsOptional() @ValidateNested() @Type(() => QuietHoursDto) quietHours?: QuietHoursDto;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOptional() @Matches(/^MG[0-9a-fA-F]{32}$/, { message: 'messagingServiceSid must be MG followed by 32 hex digits' })
  messagingServiceSid?: string;
  @IsOptional() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
}

export class UpdateCampaignDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(1600) body?: string;
  @IsOptional() @IsISO8601() sendAt?: string;
  @IsOptional() @ValidateNested() @Type(() => QuietHoursDto) quietHours?: QuietHoursDto;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOptional() @Matches(/^MG[0-9a-fA-F]{32}$/, { message: 'messagingServiceSid must be MG followed by 32 hex digits' })
  messagingServiceSid?: string;
}

export class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class RecipientsQuery {
  @IsOptional() @IsIn(RECIPIENT_STATUSES) status?: RecipientStatus;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  /** Keyset pagination: the last recipient id of the previous page. */
  @IsOptional() @IsUUID() after?: string;
}

const flag = ({ value }: { value: unknown }) => (value === undefined ? undefined : ['1', 'true', 'yes'].includes(String(value)));

export class CreateBatchDto {
  @IsString() @IsNotEmpty() @MaxLength(1600) body: string;
  @IsRecipients() recipients: string[] | string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOptional() @Matches(/^MG[0-9a-fA-F]{32}$/, { message: 'messagingServiceSid must be MG followed by 32 hex digits' })
  messagingServiceSid?: string;
}

export class ListBatchesQuery extends PageQuery {
  @IsOptional() @Transform(flag) includeRecipients?: boolean;
  /** The seed app's spelling. */
  @IsOptional() @Transform(flag) include_recipients?: boolean;
}
