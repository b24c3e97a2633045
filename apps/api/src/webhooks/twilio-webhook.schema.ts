import type { SchemaObject } from '@nestjs/swagger';

/**
 * The form fields of Twilio's webhooks, as Twilio names them, for the OpenAPI document. Only the
 * fields twilio-form.ts reads are described (with what it requires); Twilio sends many more
 * (SmsStatus, NumSegments, FromCity, WaId, ApiVersion, ...), which are allowed and ignored. Every
 * value is text, as in any form. Descriptions follow Twilio's own (its OpenAPI description of the
 * Message resource, shared/twilio-oai, and its webhook documentation).
 */
const text = (description: string, extra: SchemaObject = {}): SchemaObject => ({
  type: 'string',
  description,
  ...extra,
});
/** Required and read after trimming: some non-blank character. */
const NOT_BLANK = '\\S';
const SID = 'Two letters and 32 hex digits.';

const common: Record<string, SchemaObject> = {
  MessageSid: text(`The Message's unique ID (SM… for SMS, MM… for MMS). ${SID}`, {
    example: 'SM0123456789abcdef0123456789abcdef',
  }),
  AccountSid: text('The Twilio account the message belongs to (AC…).'),
  From: text('The sender: E.164, `whatsapp:`+E.164, a short code or an alphanumeric sender.', {
    example: '+15557654321',
  }),
  To: text('The recipient, in the same forms as From.', { example: '+15550001111' }),
};

export const TWILIO_INBOUND_FORM: SchemaObject = {
  type: 'object',
  description: 'An inbound SMS, MMS or WhatsApp message, as Twilio posts it to the number’s webhook.',
  properties: {
    ...common,
    SmsMessageSid: text(`Legacy name of MessageSid; read when MessageSid is absent. ${SID}`),
    From: { ...common.From, pattern: NOT_BLANK },
    To: { ...common.To, pattern: NOT_BLANK },
    Body: text('The text of the message (up to 1,600 characters); absent or empty for media only.', {
      example: 'HELP',
    }),
    NumMedia: text('The number of media files attached, 0 to 10 (MediaUrl0…MediaUrl9); default 0.', {
      example: '0',
    }),
    ProfileName: text('The sender’s WhatsApp profile name (WhatsApp only); stored up to 200 characters.'),
    MessagingServiceSid: text('The Messaging Service (MG…) the receiving number belongs to, if any.'),
  },
  patternProperties: {
    '^MediaUrl[0-9]+$': text('The URL of media file N (0-based), for N below NumMedia.'),
    '^MediaContentType[0-9]+$': text('The content type of media file N, e.g. image/jpeg.'),
  },
  required: ['From', 'To'],
  anyOf: [{ required: ['MessageSid'] }, { required: ['SmsMessageSid'] }],
  additionalProperties: true,
};

export const TWILIO_STATUS_FORM: SchemaObject = {
  type: 'object',
  description: 'A status callback for a message we sent (the StatusCallback given when it was created).',
  properties: {
    ...common,
    SmsSid: text(`Legacy name of MessageSid; read when MessageSid is absent. ${SID}`),
    MessageStatus: text(
      'The Message’s new status: accepted, scheduled, canceled, queued, sending, sent, failed, delivered, ' +
        'undelivered, receiving, received, read (WhatsApp), partially_delivered. Compared in lower case; an ' +
        'unknown status is stored as it is.',
      { example: 'delivered' },
    ),
    SmsStatus: text('Legacy name of MessageStatus; read when MessageStatus is absent.'),
    ErrorCode: text('Twilio’s error code when the status is failed or undelivered, e.g. 30003.', {
      example: '30003',
    }),
    ErrorMessage: text('A description of the error, when Twilio gives one; stored up to 500 characters.'),
  },
  allOf: [
    { anyOf: [{ required: ['MessageSid'] }, { required: ['SmsSid'] }] },
    { anyOf: [{ required: ['MessageStatus'] }, { required: ['SmsStatus'] }] },
  ],
  additionalProperties: true,
};

const CALL_SID = text(`The Call's unique ID (CA…). ${SID}`, { example: 'CA0123456789abcdef0123456789abcdef' });

export const TWILIO_CALL_FORM: SchemaObject = {
  type: 'object',
  description: 'An incoming call, as Twilio posts it to the number’s voice webhook (A call comes in).',
  properties: {
    CallSid: CALL_SID,
    AccountSid: text('The Twilio account the number belongs to (AC…).'),
    From: text('The caller: E.164, or "anonymous" for a withheld number (kept as given).', {
      example: '+15557654321',
    }),
    To: { ...text('The business number called, E.164.', { example: '+15550001111' }), pattern: NOT_BLANK },
    CallStatus: text('ringing when the call comes in.', { example: 'ringing' }),
  },
  required: ['CallSid', 'To'],
  additionalProperties: true,
};

export const TWILIO_CALL_STATUS_FORM: SchemaObject = {
  type: 'object',
  description: 'A call’s status callback (the number’s voice Status Callback URL).',
  properties: {
    CallSid: CALL_SID,
    AccountSid: text('The Twilio account of the call (AC…).'),
    CallStatus: text('queued, ringing, in-progress, completed, busy, no-answer, failed or canceled.', {
      example: 'completed',
    }),
    CallDuration: text('Seconds the call lasted, once it ended.', { example: '42' }),
  },
  required: ['CallSid', 'CallStatus'],
  additionalProperties: true,
};

export const TWILIO_CALLER_TURN_FORM: SchemaObject = {
  type: 'object',
  description: 'What the caller said, as Twilio posts it to a speech <Gather>’s action (or after its <Redirect>).',
  properties: {
    CallSid: CALL_SID,
    AccountSid: text('The Twilio account of the call (AC…).'),
    To: text('The business number called.', { example: '+15550001111' }),
    SpeechResult: text('The words Twilio heard; absent or empty when it heard none.', {
      example: 'My basement is flooding',
    }),
    Confidence: text('Twilio’s confidence in SpeechResult, 0 to 1; below 0.3 the caller is asked again.', {
      example: '0.92',
    }),
  },
  required: ['CallSid'],
  additionalProperties: true,
};
