import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Length,
  Min,
  ValidateNested,
} from 'class-validator';
import type { ValidationArguments } from 'class-validator';
import type { LongReplies } from '@app/database';
import { IsOmittable, Trim } from '../validators';
import { QuietHoursDto, QuietHoursField } from '../campaigns/quiet-hours.dto';

/** The slug the database checks too. A slug shaped like a uuid would be read as an id in `:id`, so it is not taken either. */
const SLUG = /^(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)[a-z0-9-]{2,40}$/;
const SLUG_MESSAGE = 'slug must be 2 to 40 lowercase letters, digits and dashes (and not shaped like a uuid)';
const ACCOUNT_SID_MESSAGE = 'accountSid must be AC followed by 32 lowercase hex digits';
const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/;
const MESSAGING_SERVICE_SID_MESSAGE = 'messagingServiceSid must be MG followed by 32 lowercase hex digits';
export const LONG_REPLIES: readonly LongReplies[] = ['cut', 'split'];
/** One of LONG_REPLIES, named in its error. */
const LongRepliesField = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: LONG_REPLIES }),
    IsIn(LONG_REPLIES, { message: `longReplies must be one of: ${LONG_REPLIES.join(', ')}` }),
  );
const NUMBERS_MESSAGE = 'numbers must be an array of objects {channel?, address}';
const TWILIO_MESSAGE = 'twilio must be an object {accountSid, authToken}';
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const SUMMARY_TIME_MESSAGE = 'ownerSummaryTime must be HH:MM (24h) like 18:00';
const KEYWORDS_MESSAGE = 'emergencyKeywords must be an array of at most 50 words or phrases, each 2 to 40 characters';

/** Google's calendar ids: an address, `primary`, or `…@group.calendar.google.com`; no spaces. */
const CALENDAR_ID = /^[^\s]{1,320}$/;
const CALENDAR_ID_MESSAGE =
  'calendarId must be a Google Calendar id like owner@example.com (no spaces, at most 320 characters)';
const GOOGLE_KEY_MESSAGE =
  'googleServiceAccount must be the JSON text of a service-account key file (at most 10000 characters)';

const ORIGINS_MESSAGE = 'widgetAllowedOrigins must be an array of at most 20 origins like https://shop.example';

/** The sites that may embed the web chat widget; each origin is checked in the service (widget-origins.ts). */
function WidgetOriginsField(): PropertyDecorator {
  const rules = [
    IsArray({ message: ORIGINS_MESSAGE }),
    ArrayMaxSize(20, { message: ORIGINS_MESSAGE }),
    IsString({ each: true, message: ORIGINS_MESSAGE }),
    MaxLength(200, { each: true, message: ORIGINS_MESSAGE }),
  ];
  return (target, key) => rules.forEach((rule) => rule(target, key));
}

/** Emergency keywords: whole words or phrases, matched in any case (libs/messaging/src/emergencies/). */
function EmergencyKeywordsField(): PropertyDecorator {
  const rules = [
    IsArray({ message: KEYWORDS_MESSAGE }),
    ArrayMaxSize(50, { message: KEYWORDS_MESSAGE }),
    IsString({ each: true, message: KEYWORDS_MESSAGE }),
    Length(2, 40, { each: true, message: KEYWORDS_MESSAGE }),
  ];
  return (target, key) => rules.forEach((rule) => rule(target, key));
}

/**
 * An item of `numbers` that is not an object. The message is reported on the item, so it starts with
 * the item's index: the 400 reads "numbers.1 must be an object {channel?, address}".
 */
function notANumberObject({ object, property, value }: ValidationArguments): string {
  const items = (object as Record<string, unknown>)[property];
  return `${Array.isArray(items) ? items.indexOf(value) : 0} must be an object {channel?, address}`;
}

/** The same, said on `numbers` itself (IsObject's `each`): the first item that is no object, arrays included. */
function aNumberIsNoObject({ value }: ValidationArguments): string {
  const items: unknown[] = Array.isArray(value) ? value : [];
  const index = items.findIndex((item) => typeof item !== 'object' || item === null || Array.isArray(item));
  return `numbers.${Math.max(index, 0)} must be an object {channel?, address}`;
}

/** A number of the business: where its inbound texts come in. */
export class BusinessNumberDto {
  /** Default: whatsapp for a `whatsapp:` address, else sms. */
  @IsOmittable() @IsIn(['sms', 'whatsapp']) channel?: 'sms' | 'whatsapp';
  /** E.164 (or national in DEFAULT_COUNTRY); `whatsapp:` allowed. */
  @IsString() @IsNotEmpty() @MaxLength(40) address: string;
}

/** A Twilio subaccount of the business's own. The auth token is stored sealed with SECRETS_KEY and never returned. */
export class TwilioAccountDto {
  @Matches(/^AC[0-9a-f]{32}$/, { message: ACCOUNT_SID_MESSAGE }) accountSid: string;
  @IsString() @IsNotEmpty() @MaxLength(256) authToken: string;
}

export class CreateBusinessDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  /** Unique; names the business in URLs (`/api/businesses/acme-plumbing`). `default` is taken by the deployment's own. */
  @Matches(SLUG, { message: SLUG_MESSAGE }) slug: string;
  /** IANA zone for its quiet hours, schedules and usage days; default DEFAULT_TIMEZONE. */
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(64) timezone?: string;
  /** Where owner alerts go: E.164 or national in DEFAULT_COUNTRY. */
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) ownerPhone?: string;
  /** "HH:MM" in the business's timezone: the owner's daily summary SMS to ownerPhone; default none. */
  @IsOmittable() @Matches(HHMM, { message: SUMMARY_TIME_MESSAGE }) ownerSummaryTime?: string;
  /** Hours before a booked appointment its reminder SMS goes (1–168, default 24). */
  @IsOmittable() @IsInt() @Min(1) @Max(168) reminderHours?: number;
  /** Customers may book by text (BOOK, 1–3, MY APPOINTMENTS, RESCHEDULE, CANCEL APPOINTMENT); default false. */
  @IsOmittable() @IsBoolean() bookingEnabled?: boolean;
  /** A reply over the channel's limit (WhatsApp 1,600 characters; SMS MAX_REPLY_LENGTH): `cut` on a word with "…" (default) or `split` into numbered parts "(1/3) ". */
  @IsOmittable() @LongRepliesField() longReplies?: LongReplies;
  /** Words or phrases (2–40 characters, at most 50) that flag a text as an emergency; empty or left out: the default list for trades. */
  @IsOmittable() @EmergencyKeywordsField() emergencyKeywords?: string[];
  /** The first line of the reply to an emergency (at most 160 characters); default "If anyone is in danger, call 911 now." */
  @IsOmittable() @Trim() @IsString() @IsNotEmpty() @MaxLength(160) safetyLine?: string;
  /** What a caller hears first, before the safety line (at most 300 characters); default "Thanks for calling <name>. How can we help you today?" */
  @IsOmittable() @Trim() @IsString() @IsNotEmpty() @MaxLength(300) voiceGreeting?: string;
  /** Exact origins (at most 20) that may embed the web chat widget: https, or http for localhost; no path. */
  @IsOmittable() @WidgetOriginsField() widgetAllowedOrigins?: string[];
  /** Default quiet hours, in the business's timezone; also the text QUIET_HOURS takes, "21:00-08:00". No timezone of their own. */
  @QuietHoursField({ nullable: false }) quietHours?: QuietHoursDto;
  /** Its numbers; one that another business has is a 409. */
  @IsOmittable()
  @IsArray({ message: NUMBERS_MESSAGE })
  @ArrayMaxSize(100)
  // ValidateNested alone passes an item that is itself an array (it validates that array's items: none).
  @IsObject({ each: true, message: aNumberIsNoObject })
  @ValidateNested({ each: true, message: notANumberObject })
  @Type(() => BusinessNumberDto)
  numbers?: BusinessNumberDto[];
  /** Its own Twilio subaccount; without it, the platform's account sends for it. Needs SECRETS_KEY. */
  @IsOmittable()
  @IsObject({ message: TWILIO_MESSAGE })
  @ValidateNested({ message: TWILIO_MESSAGE })
  @Type(() => TwilioAccountDto)
  twilio?: TwilioAccountDto;
  @IsOmittable()
  @Matches(MESSAGING_SERVICE_SID, { message: MESSAGING_SERVICE_SID_MESSAGE })
  messagingServiceSid?: string;
}

/** What PATCH may change; null clears a field that may be empty. Numbers have routes of their own. */
export class UpdateBusinessDto {
  @IsOmittable() @Trim() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  /** Not the default business's. */
  @IsOmittable() @Matches(SLUG, { message: SLUG_MESSAGE }) slug?: string;
  /** null: DEFAULT_TIMEZONE. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) timezone?: string | null;
  /** null: no owner alerts. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) ownerPhone?: string | null;
  /** "HH:MM" in the business's timezone; null: no daily summary. */
  @IsOptional() @Matches(HHMM, { message: SUMMARY_TIME_MESSAGE }) ownerSummaryTime?: string | null;
  /** Hours before a booked appointment its reminder SMS goes (1–168). */
  @IsOmittable() @IsInt() @Min(1) @Max(168) reminderHours?: number;
  /** Customers may book by text. */
  @IsOmittable() @IsBoolean() bookingEnabled?: boolean;
  /** `cut` or `split`. */
  @IsOmittable() @LongRepliesField() longReplies?: LongReplies;
  /** [] (or null): the default list for trades. */
  @IsOptional() @EmergencyKeywordsField() emergencyKeywords?: string[] | null;
  /** null: the default safety line. */
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(160) safetyLine?: string | null;
  /** null: the default greeting. */
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(300) voiceGreeting?: string | null;
  /** Replaces the list; [] (or null): no site may embed the widget. */
  @IsOptional() @WidgetOriginsField() widgetAllowedOrigins?: string[] | null;
  /** Also the text QUIET_HOURS takes, "21:00-08:00"; null: QUIET_HOURS. */
  @QuietHoursField({ nullable: true }) quietHours?: QuietHoursDto | null;
  /** A new subaccount (both fields), or null: the platform's account sends for it again. */
  @IsOptional()
  @IsObject({ message: TWILIO_MESSAGE })
  @ValidateNested({ message: TWILIO_MESSAGE })
  @Type(() => TwilioAccountDto)
  twilio?: TwilioAccountDto | null;
  /** null: none. */
  @IsOptional()
  @Matches(MESSAGING_SERVICE_SID, { message: MESSAGING_SERVICE_SID_MESSAGE })
  messagingServiceSid?: string | null;
  /**
   * The Google Calendar its appointments go to (an id like owner@example.com, shared with the
   * service account); null: GOOGLE_CALENDAR_ID.
   */
  @IsOptional() @Matches(CALENDAR_ID, { message: CALENDAR_ID_MESSAGE }) calendarId?: string | null;
  /**
   * The JSON text of a Google service-account key file (client_email, private_key, token_uri),
   * stored sealed with SECRETS_KEY and never returned; null: GOOGLE_SERVICE_ACCOUNT_JSON.
   */
  @IsOptional()
  @IsString({ message: GOOGLE_KEY_MESSAGE })
  @IsNotEmpty({ message: GOOGLE_KEY_MESSAGE })
  @MaxLength(10_000, { message: GOOGLE_KEY_MESSAGE })
  googleServiceAccount?: string | null;
}

export class UsageQuery {
  @ApiPropertyOptional({ type: 'integer', description: 'Days back, today included; default 30.' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;
}

export class CreateApiKeyDto {
  /** What the key is for, to tell keys apart ("booking widget"). */
  @Trim() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
}
