import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  IsBoolean,
  Min,
  registerDecorator,
} from 'class-validator';
import { RECIPIENT_STATUSES, type RecipientStatus } from '@app/database';
import { PageQuery } from '../page.query';
import { IsDateTime, IsOmittable, Trim } from '../validators';
import { QuietHoursDto, QuietHoursField } from './quiet-hours.dto';
import { BodyUnlessTemplate, ContentSidField, ContentVariablesField } from '../template-fields';

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
          (Array.isArray(value) &&
            value.length > 0 &&
            value.length <= MAX_RECIPIENTS &&
            value.every((v) => typeof v === 'string')),
        defaultMessage: () =>
          `${propertyName} must be a non-empty array of phone numbers (at most ${MAX_RECIPIENTS}) or pasted text, one per line or separated by commas or semicolons`,
      },
    });
}

/** What IsRecipients accepts, for the OpenAPI document. */
const RECIPIENTS_SCHEMA = {
  oneOf: [
    { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_RECIPIENTS },
    { type: 'string', pattern: '\\S', description: 'Pasted text: one number per line, or separated by , or ;' },
  ],
  description: `Phone numbers: an array (at most ${MAX_RECIPIENTS}) or pasted text. Invalid entries and repeats are reported, not sent.`,
  example: ['+15557654321', '(555) 765-4322'],
};

export class CreateCampaignDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @BodyUnlessTemplate() body?: string;
  /** WhatsApp campaigns: recipients outside the 24-hour window get only a template. */
  @ContentSidField() contentSid?: string;
  @ContentVariablesField() contentVariables?: Record<string, string>;
  @ApiProperty(RECIPIENTS_SCHEMA) @IsRecipients() recipients: string[] | string;
  @IsOmittable() @IsDateTime() sendAt?: string;
  /** With a sendAt in the past: send at once instead of the 400 a past sendAt gets. */
  @IsOmittable() @IsBoolean() allowPast?: boolean;
  /** Also the text QUIET_HOURS takes, "21:00-08:00". */
  @QuietHoursField({ nullable: false }) quietHours?: QuietHoursDto;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOmittable()
  @Matches(/^MG[0-9a-fA-F]{32}$/, { message: 'messagingServiceSid must be MG followed by 32 hex digits' })
  messagingServiceSid?: string;
  @IsOmittable() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
}

export class UpdateCampaignDto {
  @IsOmittable() @Trim() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  /** null: no text, the template (contentSid) alone. */
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(1600) body?: string | null;
  @ContentSidField({ patch: true }) contentSid?: string | null;
  @ContentVariablesField({ patch: true }) contentVariables?: Record<string, string> | null;
  /** null: send as soon as it is launched. */
  @IsOptional() @IsDateTime() sendAt?: string | null;
  /** With a sendAt in the past: send at once instead of the 400 a past sendAt gets. */
  @IsOmittable() @IsBoolean() allowPast?: boolean;
  /** Also the text QUIET_HOURS takes, "21:00-08:00"; null: no quiet hours of its own (QUIET_HOURS still applies). */
  @QuietHoursField({ nullable: true }) quietHours?: QuietHoursDto | null;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOmittable()
  @Matches(/^MG[0-9a-fA-F]{32}$/, { message: 'messagingServiceSid must be MG followed by 32 hex digits' })
  messagingServiceSid?: string;
}

export class RecipientsQuery {
  @IsOmittable() @IsIn(RECIPIENT_STATUSES) status?: RecipientStatus;
  @ApiPropertyOptional({ type: 'integer' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  /** Keyset pagination: the last recipient id of the previous page. */
  @IsOmittable() @IsUUID() after?: string;
}

const flag = ({ value }: { value: unknown }) =>
  value === undefined
    ? undefined
    : (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') &&
      ['1', 'true', 'yes'].includes(String(value));

export class CreateBatchDto {
  @BodyUnlessTemplate() body?: string;
  @ContentSidField() contentSid?: string;
  @ContentVariablesField() contentVariables?: Record<string, string>;
  @ApiProperty(RECIPIENTS_SCHEMA) @IsRecipients() recipients: string[] | string;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) from?: string;
  @IsOmittable()
  @Matches(/^MG[0-9a-fA-F]{32}$/, { message: 'messagingServiceSid must be MG followed by 32 hex digits' })
  messagingServiceSid?: string;
  /** Default sms; a WhatsApp batch goes from the business's WhatsApp sender. */
  @IsOmittable() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
}

/** What a batch would be, before it is sent: the message and the pasted list only. */
export class PreviewBatchDto {
  @IsString() @IsNotEmpty() @MaxLength(1600) body: string;
  @ApiProperty(RECIPIENTS_SCHEMA) @IsRecipients() recipients: string[] | string;
}

/** Any value is taken (a query string is text): `flag` reads 1, true and yes as yes, anything else as no. */
const flagSchema = (description: string) => ({ type: String, description, example: '1' });

export class ListBatchesQuery extends PageQuery {
  @ApiPropertyOptional(flagSchema('Add up to 1,000 recipients to each batch: 1, true or yes; any other value: no.'))
  @IsOmittable()
  @Transform(flag)
  includeRecipients?: boolean;
  @ApiPropertyOptional(flagSchema('The seed app’s spelling of includeRecipients.'))
  @IsOmittable()
  @Transform(flag)
  include_recipients?: boolean;
}
