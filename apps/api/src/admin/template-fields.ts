import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { IsOmittable, Trim } from './validators';

/** Twilio Content API template SIDs. */
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
/** Of contentVariables' JSON text: Twilio's ContentVariables is one request parameter, and the sandbox caps those at 4,000. */
export const MAX_CONTENT_VARIABLES_CHARS = 4_000;
const MAX_CONTENT_VARIABLES = 100;

/**
 * A WhatsApp (or SMS) template from Twilio's Content API. Outside WhatsApp's 24-hour window
 * only a template reaches a contact, so sends that may go to anyone (campaigns, reminders,
 * one-off sends) take one beside, or instead of, the body.
 */
export function ContentSidField({ patch = false } = {}) {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      pattern: CONTENT_SID.source,
      nullable: patch,
      description: patch
        ? 'A new template (HX + 32 hex digits; its variables are dropped unless contentVariables is given too), or null: the body alone again.'
        : "A template from Twilio's Content API (HX + 32 hex digits), sent as ContentSid: it goes outside WhatsApp's 24-hour window, where free text cannot. With it, body may be left out.",
      example: 'HXb5b62575e6e4ff6129ad7c8efe1f983e',
    }),
    patch ? IsOptional() : IsOmittable(),
    Matches(CONTENT_SID, { message: 'contentSid must be HX followed by 32 hex digits (a Content API template)' }),
  );
}

/**
 * The template's variables, `{"1": "Ada"}`: sent as Twilio's ContentVariables (JSON text). In a
 * PATCH the template may be the stored one, so whether there is one is the service's to check.
 */
export function ContentVariablesField({ patch = false } = {}) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'object',
      additionalProperties: { type: 'string' },
      nullable: patch,
      description: `The template's variables, e.g. {"1": "Ada", "2": "9:00"}: text values only, at most ${MAX_CONTENT_VARIABLES}, ${MAX_CONTENT_VARIABLES_CHARS} characters as JSON; only with a template${patch ? ' (given here or stored); null clears them' : ''}.`,
      example: { '1': 'Ada' },
    }),
    patch ? IsOptional() : IsOmittable(),
    (object: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isContentVariables',
        target: object.constructor,
        propertyName: String(propertyName),
        validator: {
          validate: (value: unknown, args) => contentVariablesProblem(value, args?.object, patch) === null,
          defaultMessage: (args) =>
            contentVariablesProblem(args?.value, args?.object, patch) ?? 'contentVariables is not valid',
        },
      }),
  );
}

function contentVariablesProblem(value: unknown, dto: unknown, patch: boolean): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'contentVariables must be an object of text values, like {"1": "Ada"}';
  const entries = Object.entries(value);
  if (entries.length > MAX_CONTENT_VARIABLES)
    return `contentVariables must have at most ${MAX_CONTENT_VARIABLES} variables`;
  const bad = entries.find(([key, v]) => typeof v !== 'string' || key.length === 0 || key.length > 64);
  if (bad) return `contentVariables.${bad[0]} must be text (a key of 1 to 64 characters with a text value)`;
  if (JSON.stringify(value).length > MAX_CONTENT_VARIABLES_CHARS)
    return `contentVariables must be at most ${MAX_CONTENT_VARIABLES_CHARS} characters as JSON`;
  // A PATCH's template may be the stored one: the service checks there is one.
  const contentSid = (dto as { contentSid?: unknown } | undefined)?.contentSid;
  if (!patch && (contentSid === undefined || contentSid === null))
    return 'contentVariables needs contentSid (the template they fill)';
  return null;
}

const hasMedia = (o: { mediaUrls?: unknown }) => Array.isArray(o.mediaUrls) && o.mediaUrls.length > 0;

/**
 * The text of a send that may instead be a template: required unless contentSid is given. With
 * `orMedia` (a send that takes mediaUrls), media alone will do too, as Twilio sends a picture
 * without a Body; an empty body then means none.
 */
export function BodyUnlessTemplate(max = 1600, options: { orMedia?: boolean } = {}) {
  const alternatives = options.orMedia ? 'a template (contentSid) or mediaUrls' : 'a template (contentSid)';
  return applyDecorators(
    ApiProperty({
      type: String,
      required: false,
      maxLength: max,
      description: options.orMedia
        ? 'The text. Required unless contentSid is given (then the template is sent, and this is left out) or mediaUrls (then it may be left out or empty).'
        : 'The text. Required unless contentSid is given (then the template is sent, and this is left out).',
    }),
    ValidateIf((o: { contentSid?: unknown; body?: unknown; mediaUrls?: unknown }) =>
      options.orMedia && hasMedia(o)
        ? o.body !== undefined && o.body !== ''
        : o.body !== undefined || o.contentSid === undefined,
    ),
    Trim(),
    // Applied in this order, so registered as stacked decorators would be (`@IsString() @IsNotEmpty()
    // @MaxLength()` runs bottom-up): a wrong type is reported as the type, as on other fields.
    MaxLength(max),
    IsNotEmpty(),
    IsString(),
    // Fails only when it is left out (without contentSid): the 400 then says how to do without it.
    IsDefined({ message: `body is required unless ${alternatives} is given` }),
  );
}
