import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { isURL, registerDecorator } from 'class-validator';
import { MAX_MEDIA_URLS } from '@app/messaging';
import { MAX_MEDIA_URL_CHARS } from '@app/twilio';
import { IsOmittable } from './validators';

/**
 * Media for an MMS or WhatsApp message, sent as Twilio's MediaUrl: up to 10 URLs (Twilio's 21623)
 * of up to 2,084 characters each (21620), which Twilio fetches itself. A 400 names the first bad
 * one by index (`mediaUrls.2 …`). https only outside sandbox mode: that rule needs the config, so
 * OutboundMessagesService applies it (mediaUrlsProblem).
 */
export function MediaUrlsField() {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', format: 'uri', maxLength: MAX_MEDIA_URL_CHARS },
      maxItems: MAX_MEDIA_URLS,
      description: `Media (MMS, WhatsApp) Twilio fetches and attaches: up to ${MAX_MEDIA_URLS} public https URLs (http only in sandbox mode), each up to ${MAX_MEDIA_URL_CHARS} characters. With media, body may be left out.`,
      example: ['https://example.com/menu.jpg'],
    }),
    IsOmittable(),
    (object: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isMediaUrls',
        target: object.constructor,
        propertyName: String(propertyName),
        validator: {
          validate: (value: unknown) => mediaUrlsShapeProblem(value) === null,
          defaultMessage: (args) => mediaUrlsShapeProblem(args?.value) ?? 'mediaUrls is not valid',
        },
      }),
  );
}

function mediaUrlsShapeProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'mediaUrls must be an array of URLs';
  if (value.length > MAX_MEDIA_URLS) return `mediaUrls must have at most ${MAX_MEDIA_URLS} URLs (Twilio's limit)`;
  const bad = value.findIndex(
    (url) =>
      typeof url !== 'string' ||
      url.length > MAX_MEDIA_URL_CHARS ||
      !isURL(url, { require_protocol: true, protocols: ['http', 'https'], require_valid_protocol: true }),
  );
  if (bad === -1) return null;
  return `mediaUrls.${bad} must be an https URL of at most ${MAX_MEDIA_URL_CHARS} characters, like https://example.com/photo.jpg`;
}
