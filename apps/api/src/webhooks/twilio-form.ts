import { parseAddress } from '@app/common';
import {
  parseMessageStatus,
  type InboundMessageInput,
  type MessageStatus,
  type StatusCallbackInput,
} from '@app/database';
import { badRequest, type CallerTurn, type CallStatusUpdate, type IncomingCall } from '@app/messaging';

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
export type StatusCallbackForm = Omit<StatusCallbackInput, 'status' | 'businessId'> & {
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

/** Twilio's CallStatus values, lower case (a new one is still stored as Twilio spells it). */
const CALL_STATUS = /^[a-z-]{2,20}$/;

/** Twilio's incoming-call webhook form (CallSid, From, To, CallStatus). */
export function parseCallForm(form: TwilioForm, defaultCountry: string): IncomingCall {
  if (!form || typeof form !== 'object') throw badField('body', 'must be a form-encoded Twilio webhook');
  const callSid = sid(form, 'CallSid');
  const status = (text(form, 'CallStatus') ?? 'ringing').trim().toLowerCase();
  if (!CALL_STATUS.test(status)) throw badField('CallStatus', 'must be a Twilio call status');
  // A withheld number comes as "anonymous" (or a SIP address): kept as given, shortened.
  const from = parseAddress(text(form, 'From') ?? '', defaultCountry).number.slice(0, 64) || 'anonymous';
  return {
    callSid,
    accountSid: text(form, 'AccountSid'),
    from,
    to: parseAddress(required(form, 'To'), defaultCountry).number,
    status,
  };
}

/** A call's status callback (CallStatus, and CallDuration once it ended). */
export function parseCallStatusForm(form: TwilioForm): CallStatusUpdate {
  if (!form || typeof form !== 'object') throw badField('body', 'must be a form-encoded Twilio webhook');
  const callSid = sid(form, 'CallSid');
  const status = text(form, 'CallStatus')?.trim().toLowerCase();
  if (!status || !CALL_STATUS.test(status)) throw badField('CallStatus', 'is required');
  const durationText = text(form, 'CallDuration')?.trim();
  const duration = durationText ? Number(durationText) : null;
  if (duration !== null && (!Number.isInteger(duration) || duration < 0 || duration > 2 ** 31 - 1))
    throw badField('CallDuration', 'must be a non-negative integer');
  return { callSid, status, durationSeconds: duration };
}

/** What Twilio posts after a speech <Gather>: SpeechResult (absent when nothing was heard) and Confidence. */
export function parseCallerTurnForm(form: TwilioForm): CallerTurn {
  if (!form || typeof form !== 'object') throw badField('body', 'must be a form-encoded Twilio webhook');
  const callSid = sid(form, 'CallSid');
  const confidenceText = text(form, 'Confidence')?.trim();
  const confidence = confidenceText ? Number(confidenceText) : null;
  if (confidence !== null && !(Number.isFinite(confidence) && confidence >= 0 && confidence <= 1))
    throw badField('Confidence', 'must be a number from 0 to 1');
  return {
    callSid,
    accountSid: text(form, 'AccountSid'),
    speech: text(form, 'SpeechResult') ?? '',
    confidence,
  };
}
