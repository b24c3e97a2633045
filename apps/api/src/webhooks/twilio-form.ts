import { parseAddress } from '@app/common';
import {
  parseMessageStatus,
  type InboundMessageInput,
  type MessageStatus,
  type StatusCallbackInput,
} from '@app/database';
import { badRequest } from '@app/messaging';

export type TwilioForm = Record<string, unknown>;

const SID = /^[A-Z]{2}[0-9a-f]{32}$/i;
const MAX_MEDIA = 10;

function text(form: TwilioForm, field: string): string | undefined {
  const value = form[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badField(field, 'must be a single text value');
  // PostgreSQL cannot store NUL characters, and Twilio never sends them.
  if (value.includes('\u0000')) throw badField(field, 'must not contain NUL characters');
  return value;
}

function required(form: TwilioForm, field: string): string {
  const value = text(form, field)?.trim();
  if (!value) throw badField(field, 'is required');
  return value;
}

function sid(form: TwilioForm, ...fields: string[]): string {
  for (const field of fields) {
    const value = text(form, field)?.trim();
    if (value) {
      if (!SID.test(value)) throw badField(field, 'must be a Twilio SID (two letters and 32 hex digits)');
      return value;
    }
  }
  throw badField(fields[0], 'is required');
}

const badField = (field: string, problem: string) => badRequest(`${field} ${problem}`);

/** Twilio's inbound-message webhook form, checked and normalized (E.164, channel from the `whatsapp:` prefix). */
export function parseInboundForm(form: TwilioForm, defaultCountry: string): InboundMessageInput {
  if (!form || typeof form !== 'object') throw badField('body', 'must be a form-encoded Twilio webhook');
  const messageSid = sid(form, 'MessageSid', 'SmsMessageSid');
  const from = parseAddress(required(form, 'From'), defaultCountry);
  const to = parseAddress(required(form, 'To'), defaultCountry);
  const numMediaText = text(form, 'NumMedia') ?? '0';
  const numMedia = Number(numMediaText);
  if (!Number.isInteger(numMedia) || numMedia < 0 || numMedia > MAX_MEDIA) {
    throw badField('NumMedia', `must be an integer from 0 to ${MAX_MEDIA}`);
  }
  const mediaUrls: string[] = [];
  const mediaContentTypes: string[] = [];
  for (let i = 0; i < numMedia; i++) {
    const url = text(form, `MediaUrl${i}`);
    if (url) {
      mediaUrls.push(url);
      mediaContentTypes.push(text(form, `MediaContentType${i}`) ?? '');
    }
  }
  return {
    sid: messageSid,
    channel: from.channel === 'whatsapp' || to.channel === 'whatsapp' ? 'whatsapp' : 'sms',
    from: from.number,
    to: to.number,
    body: text(form, 'Body') ?? '',
    numMedia,
    mediaUrls,
    mediaContentTypes,
    profileName: text(form, 'ProfileName')?.slice(0, 200) || undefined,
    accountSid: text(form, 'AccountSid'),
    messagingServiceSid: text(form, 'MessagingServiceSid'),
  };
}

/**
 * A status callback as read from its form. `status` is null when Twilio named a status
 * outside our vocabulary (`twilioStatus` says which): Twilio adds one now and then.
 */
export type StatusCallbackForm = Omit<StatusCallbackInput, 'status'> & {
  status: MessageStatus | null;
  twilioStatus: string;
};

/** Twilio's status callback form (MessageStatus, ErrorCode, ...). */
export function parseStatusForm(form: TwilioForm, defaultCountry: string): StatusCallbackForm {
  if (!form || typeof form !== 'object') throw badField('body', 'must be a form-encoded Twilio webhook');
  const messageSid = sid(form, 'MessageSid', 'SmsSid');
  const status = (text(form, 'MessageStatus') ?? text(form, 'SmsStatus'))?.trim().toLowerCase();
  if (!status || !/^[a-z_-]{2,20}$/.test(status)) throw badField('MessageStatus', 'is required');
  const errorCodeText = text(form, 'ErrorCode')?.trim();
  const errorCode = errorCodeText ? Number(errorCodeText) : undefined;
  if (errorCode !== undefined && (!Number.isInteger(errorCode) || errorCode < 0 || errorCode > 2 ** 31 - 1)) {
    throw badField('ErrorCode', 'must be a non-negative integer');
  }
  const from = parseAddress(text(form, 'From') ?? '', defaultCountry);
  const to = parseAddress(text(form, 'To') ?? '', defaultCountry);
  return {
    sid: messageSid,
    status: parseMessageStatus(status),
    twilioStatus: status,
    errorCode,
    errorMessage: text(form, 'ErrorMessage')?.slice(0, 500),
    channel: from.channel === 'whatsapp' || to.channel === 'whatsapp' ? 'whatsapp' : 'sms',
    from: from.number,
    to: to.number,
    accountSid: text(form, 'AccountSid'),
  };
}
