import type { Channel, MessageDirection } from '../generated/prisma/client';
import type { MessageSource, MessageStatus } from './message-status';

/** An inbound message as Twilio's webhook gives it (addresses in E.164, channel from the prefix). */
export interface InboundMessageInput {
  sid: string;
  channel: Channel;
  from: string;
  to: string;
  body: string;
  numMedia: number;
  mediaUrls: string[];
  mediaContentTypes: string[];
  profileName?: string;
  accountSid?: string;
  messagingServiceSid?: string;
}

/** A message we are about to send: it starts `pending` (or `scheduled`). */
export interface OutboundMessageInput {
  /** The business it is sent for: a reply's is its inbound message's. */
  businessId: string;
  channel: Channel;
  from: string;
  to: string;
  body: string;
  source: MessageSource;
  messagingServiceSid?: string | null;
  replyToId?: string;
  /** The reminder this message is one occurrence (or an extra send) of. */
  reminderId?: string;
  /** The appointment this message reminds its contact of. */
  appointmentId?: string;
  mediaUrls?: string[];
  /** A Content API template (HX…) sent instead of the body; goes outside WhatsApp's 24-hour window. */
  contentSid?: string | null;
  /** Its variables, as the JSON text Twilio's ContentVariables takes. */
  contentVariables?: string | null;
}

/** One of Twilio's status callbacks, its status already read into our vocabulary. */
export interface StatusCallbackInput {
  /** Whose message it is when we have none by this SID (it is stored): the sender number's business. */
  businessId: string;
  sid: string;
  status: MessageStatus;
  errorCode?: number;
  errorMessage?: string;
  channel: Channel;
  from: string;
  to: string;
  accountSid?: string;
}

/** Twilio's answer to a send (or its record of it, found by the reconciler), in Twilio's words. */
export interface TwilioAcceptance {
  sid: string;
  status: string;
  errorCode?: number | null;
  errorMessage?: string | null;
}

/** A message pulled from Twilio's history (POST /api/messages/sync). */
export interface SyncedMessageInput extends InboundMessageInput {
  direction: MessageDirection;
  /** Twilio's word for it; one we do not know is stored as `queued`. */
  status: string;
  createdAt: Date;
}

/** What an admin list shows: always one business's messages. */
export interface MessageFilter {
  businessId: string;
  participant?: string;
  direction?: MessageDirection;
  status?: MessageStatus;
  since?: Date;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A page of the conversation list, optionally only the conversations a search finds. */
export interface ConversationPage {
  limit: number;
  offset: number;
  /** A number (any spelling: its digits are matched too) or part of a name; blank: every conversation. */
  search?: string;
}
