import type { Message } from '@app/database';

/**
 * WhatsApp's customer-service window: a free-form message reaches a contact only within
 * 24 hours of the contact's last message to that sender; outside it WhatsApp takes only an
 * approved template (Twilio: ContentSid), and Twilio refuses free text with 63016.
 */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Twilio's code for a free-form WhatsApp message outside the window; ours when we refuse it first. */
export const OUTSIDE_WINDOW_CODE = 63016;

export const OUTSIDE_WINDOW_MESSAGE = "outside WhatsApp's 24-hour window: send a template (contentSid)";

/**
 * Whether the window decides this message: WhatsApp free text only. A template goes
 * regardless, and a reply answers an inbound message, which opened the window itself.
 */
export function windowApplies(message: Pick<Message, 'channel' | 'contentSid' | 'replyToId'>): boolean {
  return message.channel === 'whatsapp' && !message.contentSid && !message.replyToId;
}

/**
 * The window is open at `now` for a contact who last wrote strictly after this moment. The one
 * definition of the window's edge: `insideWindow` reads it, and so does the campaign preview's
 * SQL, which counts a whole campaign's contacts against it without loading them.
 */
export function windowOpensAfter(now: Date): Date {
  return new Date(now.getTime() - WHATSAPP_WINDOW_MS);
}

/** Inside the window: the contact wrote (to this business, on WhatsApp) less than 24 hours before `now`. */
export function insideWindow(lastInboundWhatsappAt: Date | null, now: Date): boolean {
  return lastInboundWhatsappAt !== null && lastInboundWhatsappAt.getTime() > windowOpensAfter(now).getTime();
}
