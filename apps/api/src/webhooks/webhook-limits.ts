import { badRequest } from '@app/messaging';

/**
 * What a Twilio webhook can weigh. Twilio posts small forms: ~20–40 fields, a message body of at
 * most 1,600 characters, up to 10 media URLs. Everything past these limits is refused before the
 * signature's HMAC is computed, so an unsigned request costs a bounded amount of work.
 */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;
/** Fields in one form (Twilio's inbound webhook has ~40 at most, media and WhatsApp extras included). */
export const MAX_FORM_FIELDS = 100;
/** Twilio's own limit on a message body, with headroom (it counts UTF-16 units the way JS does). */
export const MAX_WEBHOOK_BODY_CHARS = 2_000;
/** Addresses and SIDs: E.164 with a `whatsapp:` prefix, or 34-character SIDs. */
export const MAX_ADDRESS_CHARS = 64;
/** Any other field (media URLs are the longest Twilio sends, ~150 characters). */
export const MAX_OTHER_FIELD_CHARS = 2_048;

const ADDRESS_FIELDS = new Set([
  'From',
  'To',
  'AccountSid',
  'MessageSid',
  'SmsMessageSid',
  'SmsSid',
  'MessagingServiceSid',
]);

/**
 * Refuses (400, naming the field) a form Twilio would never send: a repeated field, or a field
 * longer than Twilio's own. Checked before the signature, so it is only ever about size: a field
 * that passes here is then checked for meaning by the webhook's parser.
 */
export function checkWebhookFormSize(form: unknown): void {
  if (!form || typeof form !== 'object') return;
  for (const [field, value] of Object.entries(form)) {
    if (typeof value !== 'string') throw badRequest(`${field} must be a single text value`);
    const max =
      field === 'Body' ? MAX_WEBHOOK_BODY_CHARS : ADDRESS_FIELDS.has(field) ? MAX_ADDRESS_CHARS : MAX_OTHER_FIELD_CHARS;
    if (value.length > max) throw badRequest(`${field} must be at most ${max} characters`);
  }
}

/** `&` separates form fields: counted on the raw bytes, before anything is decoded. */
export function formFieldCount(body: Buffer): number {
  if (body.length === 0) return 0;
  let count = 1;
  for (let at = body.indexOf(0x26); at !== -1; at = body.indexOf(0x26, at + 1)) count++;
  return count;
}
