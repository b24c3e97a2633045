import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** The channels texts go on (Twilio's Messages API). Calls and widget chats are conversations too, never texted. */
export type Channel = 'sms' | 'whatsapp';
/** Every channel a conversation can be on: the text channels, a phone call's turns, a widget chat. */
export type ConversationChannel = Channel | 'voice' | 'web';

/** Whether messages on this channel go through Twilio's Messages API. */
export function isTextChannel(channel: ConversationChannel): channel is Channel {
  return channel === 'sms' || channel === 'whatsapp';
}

/**
 * A channel read from a row that only ever holds a text channel (campaigns, reminders, business
 * numbers: the API takes nothing else). Anything else there is a broken invariant, not input.
 */
export function textChannel(channel: ConversationChannel): Channel {
  if (!isTextChannel(channel)) throw new Error(`Expected a text channel (sms or whatsapp), found ${channel}`);
  return channel;
}

const WHATSAPP_PREFIX = /^whatsapp:/i;

/**
 * A phone number in E.164 (+15551234567), or null when it cannot be one.
 * Accepts what people paste: spaces, dashes, dots, parentheses, a `00`
 * international prefix, a national number in the default country, `whatsapp:`.
 * "Possible" (right length for its country) rather than "valid" (assigned range):
 * Twilio is the authority on reachability and answers 21211 for the rest.
 */
export function normalizePhone(raw: string, defaultCountry = 'US'): string | null {
  if (typeof raw !== 'string') return null;
  let text = raw
    .trim()
    .replace(WHATSAPP_PREFIX, '')
    .replace(/[\s\-().\u00a0]/g, '');
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  if (!/^\+?\d{3,17}$/.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text, defaultCountry as CountryCode);
  return parsed?.isPossible() ? parsed.number : null;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Already a phone number in E.164 (a short code, an alphanumeric sender or "anonymous" is not). */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/**
 * Splits a Twilio address (`whatsapp:+1555…` or `+1555…`) into channel and number.
 * Twilio's addresses are E.164 already and are kept exactly as sent: a reply must
 * go back to the very address Twilio named (and skipping libphonenumber here took
 * a tenth of a webhook's CPU). Anything else is normalized where it can be.
 */
export function parseAddress(raw: string, defaultCountry = 'US'): { channel: Channel; number: string } {
  const value = (raw ?? '').trim();
  const channel: Channel = WHATSAPP_PREFIX.test(value) ? 'whatsapp' : 'sms';
  const bare = value.replace(WHATSAPP_PREFIX, '');
  if (E164.test(bare)) return { channel, number: bare };
  // Short codes and alphanumeric senders are not phone numbers; keep them as they are.
  const number = normalizePhone(value, defaultCountry) ?? bare.replace(/\s/g, '');
  return { channel, number };
}

/**
 * A run of 8+ digits (spaces, dashes, dots, parentheses between them) that is not part of a longer
 * word: digits inside a token with letters — a hex hash in an asset name (`main.f10757109b.js`),
 * a SID — are not a phone number, and masking them made the logged paths wrong.
 */
const PHONE_IN_TEXT = /(?<![A-Za-z0-9])\+?\d[\d\s\-().]{6,}\d(?![A-Za-z0-9])/g;

/** `+1555***4567`: enough to tell numbers apart in logs, not enough to text them. */
export function maskPhone(value: string): string {
  return value.replace(PHONE_IN_TEXT, (match) => {
    const digits = match.replace(/\D/g, '');
    const plus = match.startsWith('+') ? '+' : '';
    return `${plus}${digits.slice(0, 4)}***${digits.slice(-4)}`;
  });
}
