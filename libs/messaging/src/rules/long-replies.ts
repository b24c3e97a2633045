import type { Channel, LongReplies } from '@app/database';
import { splitOnWords, truncateOnWord } from './text';

/** One WhatsApp message body at most (Twilio's limit for any body too). */
export const WHATSAPP_BODY_LIMIT = 1_600;
/** A split reply stops at this many messages; the last is cut. */
export const MAX_REPLY_PARTS = 10;

/**
 * The bodies a reply goes out as: within the channel's limit (WhatsApp 1,600; SMS, and a call's
 * or a chat's answer, MAX_REPLY_LENGTH), cut on a word with '…' or, for texts, split into
 * numbered parts, as the business chose.
 */
export function replyBodies(
  text: string,
  channel: Channel,
  mode: LongReplies,
  smsLimit: number,
): [string, ...string[]] {
  const limit = channel === 'whatsapp' ? WHATSAPP_BODY_LIMIT : smsLimit;
  // Said in a call or shown in a chat, an answer is one piece: numbered parts are for texts.
  const splits = mode === 'split' && (channel === 'sms' || channel === 'whatsapp');
  return splits ? splitOnWords(text, limit, MAX_REPLY_PARTS) : [truncateOnWord(text, limit)];
}
