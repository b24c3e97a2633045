import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { INCOMING_NUMBER_FIELDS, UPDATE_INCOMING_NUMBER_PARAMS } from './twilio-api-shape';
import { firstPage, rfc2822, SandboxResponse, twilioError } from './sandbox-response';

type FormParams = Record<string, string | string[]>;
type StoredNumber = Record<string, unknown>;

/** Where Twilio points a new number's messages until someone changes it. */
export const TWILIO_DEMO_SMS_URL = 'https://demo.twilio.com/welcome/sms/reply';
const UPDATE_PARAMS = new Set<string>(UPDATE_INCOMING_NUMBER_PARAMS);
const URL_PARAMS = new Set(['SmsUrl', 'SmsFallbackUrl', 'StatusCallback', 'VoiceUrl', 'VoiceFallbackUrl']);
const METHOD_PARAMS = new Set([
  'SmsMethod',
  'SmsFallbackMethod',
  'StatusCallbackMethod',
  'VoiceMethod',
  'VoiceFallbackMethod',
]);
/** The public sandbox credentials let anyone write here: every value is bounded. */
const MAX_VALUE_CHARS = 4_000;
const snake = (param: string) => param.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toLowerCase();
const single = (value: string | string[]) => (Array.isArray(value) ? (value[0] ?? '') : value);

/**
 * The account's phone numbers (Twilio's IncomingPhoneNumbers resource), in memory: list
 * (by PhoneNumber), fetch and update with Twilio's parameters and shapes. The sandbox owns
 * a fixed set of numbers, so `npm run connect` can be run and tested without an account.
 */
export class SandboxPhoneNumbers {
  private readonly numbers = new Map<string, StoredNumber>();

  constructor(
    private readonly accountSid: string,
    phoneNumbers: string[],
  ) {
    for (const phoneNumber of new Set(phoneNumbers)) {
      const sid = `PN${randomUUID().replace(/-/g, '')}`;
      this.numbers.set(sid, this.resource(sid, phoneNumber));
    }
  }

  handle(method: string, sid: string | undefined, query: URLSearchParams, form: FormParams): SandboxResponse {
    if (!sid && method === 'GET') return this.list(query);
    if (!sid) return twilioError(405, 20004, 'Method not allowed');
    const stored = this.numbers.get(sid);
    if (!stored) return twilioError(404, 20404, `The requested resource ${sid} was not found`);
    if (method === 'GET') return { status: 200, body: stored };
    if (method === 'POST') return this.update(stored, form);
    return twilioError(405, 20004, 'Method not allowed');
  }

  private list(query: URLSearchParams): SandboxResponse {
    const phoneNumber = query.get('PhoneNumber');
    const matching = [...this.numbers.values()].filter((n) => !phoneNumber || n.phone_number === phoneNumber);
    return firstPage(
      'incoming_phone_numbers',
      `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers.json`,
      query,
      matching,
    );
  }

  /** All or nothing: every parameter is checked before any is applied, as Twilio does. */
  private update(stored: StoredNumber, form: FormParams): SandboxResponse {
    const unknown = Object.keys(form).filter((name) => !UPDATE_PARAMS.has(name));
    if (unknown.length) return twilioError(400, 20001, `Unknown parameters: ${unknown.join(', ')}`);
    const changes: Record<string, string | null> = {};
    for (const [name, raw] of Object.entries(form)) {
      const value = single(raw);
      if (value.length > MAX_VALUE_CHARS) return twilioError(400, 21658, `Parameter exceeded character limit: ${name}`);
      if (URL_PARAMS.has(name) && value && !isHttpUrl(value))
        return twilioError(400, 21502, `Invalid ${name}: ${value.slice(0, 100)} is not an http(s) URL`);
      if (METHOD_PARAMS.has(name) && !['GET', 'POST'].includes(value.toUpperCase()))
        return twilioError(400, 20001, `${name} must be GET or POST`);
      if (name === 'SmsApplicationSid' && value && !/^AP[0-9a-fA-F]{32}$/.test(value))
        return twilioError(400, 20001, `Invalid SmsApplicationSid: ${value.slice(0, 40)}`);
      // An empty value clears the setting, as with Twilio.
      changes[snake(name)] = METHOD_PARAMS.has(name) ? value.toUpperCase() : value || null;
    }
    Object.assign(stored, changes, { date_updated: rfc2822(new Date()) });
    return { status: 200, body: stored };
  }

  private resource(sid: string, phoneNumber: string): StoredNumber {
    const now = rfc2822(new Date());
    const values: Record<string, unknown> = {
      account_sid: this.accountSid,
      address_requirements: 'none',
      api_version: '2010-04-01',
      beta: false,
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      date_created: now,
      date_updated: now,
      friendly_name: parsePhoneNumberFromString(phoneNumber)?.formatNational() ?? phoneNumber,
      phone_number: phoneNumber,
      origin: 'twilio',
      sid,
      sms_fallback_method: 'POST',
      sms_fallback_url: '',
      sms_method: 'POST',
      sms_url: TWILIO_DEMO_SMS_URL,
      status_callback: '',
      status_callback_method: 'POST',
      uri: `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers/${sid}.json`,
      voice_receive_mode: 'voice',
      voice_caller_id_lookup: false,
      voice_fallback_method: 'POST',
      voice_fallback_url: null,
      voice_method: 'POST',
      voice_url: null,
      emergency_status: 'Inactive',
      status: 'in-use',
      type: 'local',
    };
    return Object.fromEntries(INCOMING_NUMBER_FIELDS.map((field) => [field, values[field] ?? null]));
  }
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}
