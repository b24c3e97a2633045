import { randomBytes, randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { CREATE_MESSAGE_PARAMS, MESSAGE_FIELDS, UPDATE_MESSAGE_PARAMS } from './twilio-api-shape';
import { SANDBOX_FAILING_NUMBERS, SANDBOX_UNDELIVERED_NUMBER } from './sandbox-numbers';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstPage, rfc2822, SandboxResponse, twilioError as error } from './sandbox-response';
import { SandboxPhoneNumbers } from './sandbox-phone-numbers';

export type { SandboxResponse } from './sandbox-response';

export type FormParams = Record<string, string | string[]>;

export interface SandboxRequest {
  method: string;
  /** Path from /2010-04-01 on (any mount prefix removed). */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  form: FormParams;
}

export interface SentMessage {
  sid: string;
  /** The account it was sent through (the Basic-auth user): the sandbox's own or a subaccount. */
  accountSid: string;
  to: string;
  from: string | null;
  body: string;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  mediaUrls: string[];
  contentSid: string | null;
  /** ContentVariables as sent (JSON text). */
  contentVariables: string | null;
  /** Set when the message was accepted only to fail, as Twilio fails it (63016 outside WhatsApp's window). */
  errorCode: number | null;
  at: number;
}

export interface TwilioErrorReply {
  status: number;
  code: number;
  message: string;
}

export interface SandboxOptions {
  accountSid?: string;
  authToken?: string;
  /** Send status callbacks (queued → sent → delivered) like Twilio does. */
  autoCallbacks?: boolean;
  callbackDelayMs?: number;
  /** Failing magic numbers (SANDBOX_FAILING_NUMBERS) on or off. */
  magicNumbers?: boolean;
  /**
   * Where a StatusCallback may point: the same origin as one of these URLs and a path
   * under its path (the app's own PUBLIC_BASE_URL). Any other StatusCallback is refused
   * with Twilio's 21609, and nothing is stored or called. Default: none.
   */
  callbackBaseUrls?: string[];
  /** How many of the latest creations `sent` keeps (default: SANDBOX_LIMITS.messages). */
  keepSent?: number;
  /** The account's phone numbers (IncomingPhoneNumbers), E.164. Default: none. */
  phoneNumbers?: string[];
  /**
   * Subaccounts besides the sandbox's own: the auth token of an account SID, or undefined for
   * none. Each sees only its own messages, and its status callbacks are signed with its token.
   */
  subaccountToken?: (accountSid: string) => string | undefined | Promise<string | undefined>;
  /**
   * WhatsApp's 24-hour window, as Twilio applies it: free text to a WhatsApp number that has not
   * written to the sender (see `inboundReceived`) within 24 hours is accepted, then fails with
   * 63016; a template (ContentSid) goes. Default on.
   */
  whatsappWindow?: boolean;
  /** The sandbox's clock (ms), for the window; default Date.now. */
  now?: () => number;
}

/** An account a request authenticated as: its SID and the token its callbacks are signed with. */
interface Account {
  sid: string;
  token: string;
}

/**
 * What one request can make the sandbox keep. Its credentials are public, so whoever
 * reaches it can send through it: every retained thing is bounded in count and size.
 */
export const SANDBOX_LIMITS = {
  /** Messages kept (the history list/fetch/redact/delete see, and `sent`). */
  messages: 1_000,
  /** Twilio's limit (21617), on create and on update (redaction). */
  bodyChars: 1_600,
  /** Twilio's limit (21623). */
  mediaUrls: 10,
  /** Per media URL (21620); the admin API's URL check (class-validator's isURL) allows 2,084 too. */
  mediaUrlChars: 2_084,
  /** Twilio's limit on StatusCallback (21609). */
  statusCallbackChars: 4_000,
  /** To, From and MessagingServiceSid, which are kept (21658). */
  addressChars: 256,
  /** Any other parameter's value (21658); those are not kept. */
  otherParamChars: 4_000,
  /** Messages whose status callbacks are still to come; a create beyond gets 429 (20429). */
  pendingCallbackMessages: 1_000,
  /** WhatsApp conversations (number and sender) whose last inbound time is kept for the window. */
  whatsappConversations: 10_000,
} as const;

const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
const OUTSIDE_WINDOW = {
  code: 63016,
  message:
    'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
};
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;

type StoredMessage = Record<string, unknown>;

/** A stored field as form text: Twilio's message fields are strings or null. */
const field = (value: unknown) => (typeof value === 'string' ? value : '');

/** 32 random hex digits, as Twilio's SIDs have; randomUUID draws from a cached entropy pool (randomBytes is a syscall each time). */
const newSid = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '')}`;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const CREATE_PARAMS = new Set<string>(CREATE_MESSAGE_PARAMS);
const UPDATE_PARAMS = new Set<string>(UPDATE_MESSAGE_PARAMS);
const KEEP = SANDBOX_LIMITS.messages;
/** Status callbacks per message: queued, sent, delivered/undelivered. */
const CALLBACK_STEPS = 3;
const CALLBACK_TIMEOUT_MS = 10_000;
const KEPT_ADDRESSES = new Set(['To', 'From', 'MessagingServiceSid']);
const CHECKED_ON_THEIR_OWN = new Set(['Body', 'MediaUrl', 'StatusCallback']);
const isHttpUrl = (url: URL) => url.protocol === 'http:' || url.protocol === 'https:';
const parseUrl = (text: string) => (URL.canParse(text) ? new URL(text) : null);
const validMediaUrl = (text: string) => {
  const url = text.length <= SANDBOX_LIMITS.mediaUrlChars ? parseUrl(text) : null;
  return url !== null && isHttpUrl(url);
};

/**
 * A Twilio-compatible Messages API in memory: Basic auth with the sandbox's
 * account SID and token, only the parameters the real API accepts, Twilio's JSON
 * shapes and error codes, and signed status callbacks in Twilio's order. It backs
 * the app's sandbox mode (nothing leaves the machine) and the tests' fake Twilio.
 */
export class TwilioSandbox {
  readonly accountSid: string;
  readonly authToken: string;
  readonly sent: SentMessage[] = [];
  private readonly stored = new Map<string, StoredMessage>();
  private readonly failures: TwilioErrorReply[] = [];
  private readonly failuresByRecipient = new Map<string, TwilioErrorReply>();
  private readonly timers = new Set<NodeJS.Timeout>();
  latencyMs = 0;
  /** The one Authorization header that is valid: compared as is on every call, never decoded. */
  private readonly basicAuth: string;
  private readonly callbackBases: Array<{ origin: string; path: string }>;
  private readonly keepSent: number;
  /** The account's numbers, whose webhooks `npm run connect` sets. */
  readonly phoneNumbers: SandboxPhoneNumbers;
  private readonly accountStatuses = new Map<string, 'active' | 'suspended' | 'closed'>();
  /** Subaccounts added by `addSubaccount` (tests); options.subaccountToken answers for the rest. */
  private readonly subaccounts = new Map<string, string>();
  /** When each WhatsApp number last wrote to each sender: `account customer` → sender → ms. Bounded. */
  private readonly lastInbound = new Map<string, Map<string, number>>();
  private readonly now: () => number;

  constructor(private readonly options: SandboxOptions = {}) {
    this.accountSid = options.accountSid ?? newSid('AC');
    this.authToken = options.authToken ?? randomBytes(16).toString('hex');
    this.basicAuth = basicAuth(this.accountSid, this.authToken);
    this.callbackBases = (options.callbackBaseUrls ?? []).map((base) => {
      const url = parseUrl(base);
      if (!url || !isHttpUrl(url)) throw new Error(`callbackBaseUrls: not an http(s) URL: ${base}`);
      return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
    });
    this.keepSent = options.keepSent ?? KEEP;
    this.phoneNumbers = new SandboxPhoneNumbers(this.accountSid, options.phoneNumbers ?? []);
    this.now = options.now ?? Date.now;
  }

  /**
   * A customer's message reached a sender, as Twilio sees every inbound message before its
   * webhook: a WhatsApp one opens (or renews) the 24-hour window between the two. Addresses
   * as in the webhook (`whatsapp:+1…`); anything else is ignored.
   */
  inboundReceived(message: { accountSid: string; from: string; to: string }): void {
    if (!message.from.startsWith('whatsapp:') || !message.to.startsWith('whatsapp:')) return;
    const key = `${message.accountSid} ${message.from}`;
    const senders = this.lastInbound.get(key) ?? new Map<string, number>();
    // Re-inserted, so the map's order is least recently written first, the one to forget.
    this.lastInbound.delete(key);
    this.lastInbound.set(key, senders.set(message.to, this.now()));
    if (this.lastInbound.size > SANDBOX_LIMITS.whatsappConversations)
      this.lastInbound.delete(this.lastInbound.keys().next().value!);
  }

  /** Free text to `to` from `from` (any sender of the account with a Messaging Service) is outside the window. */
  private outsideWhatsappWindow(accountSid: string, to: string, from: string | null): boolean {
    if (this.options.whatsappWindow === false || !to.startsWith('whatsapp:')) return false;
    const senders = this.lastInbound.get(`${accountSid} ${to}`);
    const since = this.now() - WHATSAPP_WINDOW_MS;
    if (!senders) return true;
    if (from) return !((senders.get(from) ?? -Infinity) > since);
    return ![...senders.values()].some((at) => at > since);
  }

  /** A subaccount the sandbox accepts, with its own auth token. */
  addSubaccount(accountSid: string, authToken: string): void {
    this.subaccounts.set(accountSid, authToken);
  }

  /** The next `times` message creations fail with this error. */
  failNext(error: TwilioErrorReply, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(error);
  }

  /** Every message to this number fails with this error. */
  failFor(to: string, error: TwilioErrorReply): void {
    this.failuresByRecipient.set(to, error);
  }

  /** Puts a message in the account's history, as if it had come in or gone out earlier. */
  addRemoteMessage(m: {
    from: string;
    to: string;
    body: string;
    direction: 'inbound' | 'outbound-api';
    status?: string;
    dateCreated?: Date;
  }): string {
    const sid = newSid('SM');
    this.store(
      sid,
      this.resource(sid, this.accountSid, {
        from: m.from,
        to: m.to,
        body: m.body,
        direction: m.direction,
        status: m.status ?? (m.direction === 'inbound' ? 'received' : 'delivered'),
        date_created: rfc2822(m.dateCreated ?? new Date()),
      }),
    );
    return sid;
  }

  message(sid: string): StoredMessage | undefined {
    return this.stored.get(sid);
  }

  /** Changes a stored message as Twilio's record would change later (a test's or the sim's "Twilio says now"). */
  update(sid: string, changes: { status?: string; errorCode?: number; errorMessage?: string; price?: string }): void {
    const resource = this.stored.get(sid);
    if (!resource) throw new Error(`sandbox: no message ${sid}`);
    if (changes.status) resource.status = changes.status;
    if (changes.errorCode !== undefined) resource.error_code = changes.errorCode;
    if (changes.errorMessage !== undefined) resource.error_message = changes.errorMessage;
    if (changes.price !== undefined) resource.price = changes.price;
  }

  reset(): void {
    this.sent.length = 0;
    this.stored.clear();
    this.failures.length = 0;
    this.failuresByRecipient.clear();
    this.lastInbound.clear();
    this.accountStatuses.clear();
    this.latencyMs = 0;
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** An account's status as Twilio's Accounts resource shows it (`suspended`, `closed`: a health check's worry). */
  setAccountStatus(accountSid: string, status: 'active' | 'suspended' | 'closed'): void {
    this.accountStatuses.set(accountSid, status);
  }

  async handle(req: SandboxRequest): Promise<SandboxResponse> {
    const accountPath = req.path.match(/^\/2010-04-01\/Accounts\/([^/]+)\.json$/);
    if (accountPath && req.method === 'GET') {
      const account = await this.authenticate(req.authorization, accountPath[1]);
      if (!account) return error(401, 20003, 'Authentication Error - invalid username');
      if (this.latencyMs) await sleep(this.latencyMs);
      return { status: 200, body: this.accountResource(account.sid) };
    }
    const match = req.path.match(
      /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|IncomingPhoneNumbers)(?:\/([^/.]+))?\.json$/,
    );
    if (!match) return error(404, 20404, 'The requested resource was not found');
    const account = await this.authenticate(req.authorization, match[1]);
    if (!account) return error(401, 20003, 'Authentication Error - invalid username');
    const [, , resource, sid] = match;
    if (resource === 'IncomingPhoneNumbers') {
      if (account.sid !== this.accountSid) return error(404, 20404, `The requested resource ${req.path} was not found`);
      return this.phoneNumbers.handle(req.method, sid, req.query, req.form);
    }
    if (!sid && req.method === 'POST') return this.create(req.form, account);
    if (!sid && req.method === 'GET') return this.list(req.query, account);
    const found = sid ? this.stored.get(sid) : undefined;
    // Another account's message is not there, as with Twilio.
    const stored = found?.account_sid === account.sid ? found : undefined;
    if (!stored) return error(404, 20404, `The requested resource ${req.path} was not found`);
    if (req.method === 'GET') return { status: 200, body: stored };
    if (req.method === 'DELETE') {
      this.stored.delete(sid);
      return { status: 204 };
    }
    if (req.method === 'POST') {
      const unknown = Object.keys(req.form).filter((name) => !UPDATE_PARAMS.has(name));
      if (unknown.length) return error(400, 20001, `Unknown parameters: ${unknown.join(', ')}`);
      if (req.form.Body !== undefined) {
        const body = single(req.form.Body) ?? '';
        if (body.length > SANDBOX_LIMITS.bodyChars) return bodyTooLong();
        stored.body = body;
        stored.date_updated = rfc2822(new Date());
      }
      return { status: 200, body: stored };
    }
    return error(405, 20004, 'Method not allowed');
  }

  private async create(form: FormParams, account: Account): Promise<SandboxResponse> {
    const unknown = Object.keys(form).filter((name) => !CREATE_PARAMS.has(name));
    if (unknown.length) return error(400, 20001, `Unknown parameters: ${unknown.join(', ')}`);
    const to = single(form.To);
    const from = single(form.From);
    const messagingServiceSid = single(form.MessagingServiceSid);
    const body = single(form.Body) ?? '';
    const mediaUrls = ([] as string[]).concat(form.MediaUrl ?? []);
    const contentSid = single(form.ContentSid) || null;
    const contentVariables = single(form.ContentVariables) || null;
    // Empty means none, as with Twilio.
    let statusCallback = single(form.StatusCallback) || null;
    if (!to) return error(400, 21604, "A 'To' phone number is required.");
    if (!from && !messagingServiceSid) return error(400, 21603, "A 'From' phone number is required.");
    // A template brings its own text.
    if (!body && mediaUrls.length === 0 && !contentSid) return error(400, 21602, 'Message body is required.');
    const tooLong = this.oversizedParam(form);
    if (tooLong) return error(400, 21658, `Parameter exceeded character limit: ${tooLong}`);
    if (contentSid !== null && !CONTENT_SID.test(contentSid)) return error(400, 21655, 'The ContentSid is Invalid.');
    if (contentVariables !== null && (contentSid === null || !isJsonObject(contentVariables)))
      return error(400, 21656, 'The ContentVariables Parameter is invalid.');
    if (body.length > SANDBOX_LIMITS.bodyChars) return bodyTooLong();
    if (mediaUrls.length > SANDBOX_LIMITS.mediaUrls)
      return error(
        400,
        21623,
        `Number of media files exceeds allowed limit: up to ${SANDBOX_LIMITS.mediaUrls} in a single message.`,
      );
    if (!mediaUrls.every(validMediaUrl)) return error(400, 21620, 'Invalid media URL(s)');
    if (statusCallback !== null) {
      statusCallback = this.ownCallbackUrl(statusCallback);
      if (statusCallback === null)
        return error(
          400,
          21609,
          "Invalid 'StatusCallback': this sandbox only calls back this app's own URL (its PUBLIC_BASE_URL).",
        );
    }
    const callbacks = Boolean(this.options.autoCallbacks && statusCallback);
    if (callbacks && this.timers.size >= SANDBOX_LIMITS.pendingCallbackMessages * CALLBACK_STEPS)
      return error(429, 20429, 'Too Many Requests');
    if (this.latencyMs) await sleep(this.latencyMs);
    const number = to.replace(/^whatsapp:/, '');
    const failure =
      this.failures.shift() ??
      this.failuresByRecipient.get(number) ??
      (this.options.magicNumbers && Object.hasOwn(SANDBOX_FAILING_NUMBERS, number)
        ? SANDBOX_FAILING_NUMBERS[number]
        : undefined);
    if (failure) return error(failure.status, failure.code, failure.message);
    // Twilio accepts free text outside the window and fails it afterwards (a status callback with 63016).
    const refused = contentSid === null && this.outsideWhatsappWindow(account.sid, to, from ?? null);
    const sid = newSid(mediaUrls.length ? 'MM' : 'SM');
    const status = messagingServiceSid && !from ? 'accepted' : 'queued';
    const resource = this.resource(sid, account.sid, {
      to,
      from: from ?? null,
      body,
      messaging_service_sid: messagingServiceSid ?? null,
      num_media: String(mediaUrls.length),
      num_segments: String(Math.max(1, Math.ceil(body.length / 153))),
      status,
      direction: 'outbound-api',
    });
    this.store(sid, resource);
    this.sent.push({
      sid,
      accountSid: account.sid,
      to,
      from: from ?? null,
      body,
      messagingServiceSid: messagingServiceSid ?? null,
      statusCallback,
      mediaUrls,
      contentSid,
      contentVariables,
      errorCode: refused ? OUTSIDE_WINDOW.code : null,
      at: Date.now(),
    });
    const answer = { status: 201, body: { ...resource } };
    if (refused && !callbacks) Object.assign(resource, failedOutsideWindow());
    if (callbacks && statusCallback) this.scheduleCallbacks(resource, statusCallback, number, account, refused);
    return answer;
  }

  /** Twilio's order: queued → sent → delivered (or undelivered with 30003 for the magic number). */
  private scheduleCallbacks(
    resource: StoredMessage,
    url: string,
    number: string,
    account: Account,
    outsideWindow = false,
  ): void {
    const delay = this.options.callbackDelayMs ?? 100;
    const undelivered = this.options.magicNumbers && number === SANDBOX_UNDELIVERED_NUMBER;
    const steps: Array<[string, Record<string, string>]> = outsideWindow
      ? [
          ['queued', {}],
          ['failed', { ErrorCode: String(OUTSIDE_WINDOW.code), ErrorMessage: OUTSIDE_WINDOW.message }],
        ]
      : [
          ['queued', {}],
          ['sent', {}],
          undelivered
            ? ['undelivered', { ErrorCode: '30003', ErrorMessage: 'Unreachable destination handset' }]
            : ['delivered', {}],
        ];
    steps.forEach(([status, extra], i) => {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          resource.status = status;
          // Twilio prices a message once it leaves (negative: charged), as text with five decimals.
          if (status === 'sent' && resource.price === null) resource.price = sandboxPrice(resource.num_segments);
          if (extra.ErrorCode) resource.error_code = Number(extra.ErrorCode);
          if (extra.ErrorMessage) resource.error_message = extra.ErrorMessage;
          void this.postCallback(url, resource, status, extra, account);
        },
        delay * (i + 1),
      );
      timer.unref();
      this.timers.add(timer);
    });
  }

  private async postCallback(
    url: string,
    resource: StoredMessage,
    status: string,
    extra: Record<string, string>,
    account: Account,
  ) {
    const params: Record<string, string> = {
      AccountSid: account.sid,
      ApiVersion: '2010-04-01',
      MessageSid: field(resource.sid),
      SmsSid: field(resource.sid),
      MessageStatus: status,
      SmsStatus: status,
      From: field(resource.from),
      To: field(resource.to),
      ...(resource.messaging_service_sid ? { MessagingServiceSid: field(resource.messaging_service_sid) } : {}),
      ...extra,
    };
    try {
      await fetch(url, {
        method: 'POST',
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(account.token, url, params),
          'user-agent': 'TwilioProxy/1.1 (switchboard sandbox)',
        },
        body: new URLSearchParams(params).toString(),
      });
    } catch {
      // Twilio does not retry status callbacks either; a lost one is a lost one.
    }
  }

  private list(query: URLSearchParams, account: Account): SandboxResponse {
    const to = query.get('To');
    const from = query.get('From');
    const all = [...this.stored.values()]
      .reverse()
      .filter((m) => m.account_sid === account.sid && (!to || m.to === to) && (!from || m.from === from));
    return firstPage('messages', `/2010-04-01/Accounts/${account.sid}/Messages.json`, query, all);
  }

  private store(sid: string, resource: StoredMessage): void {
    this.stored.set(sid, resource);
    // A long-running sandbox keeps only recent history.
    if (this.stored.size > KEEP) this.stored.delete(this.stored.keys().next().value!);
    if (this.sent.length > this.keepSent) this.sent.splice(0, this.sent.length - this.keepSent);
  }

  /**
   * The StatusCallback as it will be called (parsed and normalized), if it points under
   * one of callbackBaseUrls: same origin, and a path under the base's path. Else null.
   */
  private ownCallbackUrl(text: string): string | null {
    if (text.length > SANDBOX_LIMITS.statusCallbackChars) return null;
    const url = parseUrl(text);
    if (!url || !isHttpUrl(url) || url.username || url.password) return null;
    const under = this.callbackBases.some(
      (base) => url.origin === base.origin && (url.pathname === base.path || url.pathname.startsWith(`${base.path}/`)),
    );
    return under ? url.href : null;
  }

  /** The first parameter (other than Body, MediaUrl and StatusCallback, checked on their own) over its limit. */
  private oversizedParam(form: FormParams): string | undefined {
    return Object.keys(form).find((name) => {
      if (CHECKED_ON_THEIR_OWN.has(name)) return false;
      const max = KEPT_ADDRESSES.has(name) ? SANDBOX_LIMITS.addressChars : SANDBOX_LIMITS.otherParamChars;
      return ([] as string[]).concat(form[name]).some((value) => value.length > max);
    });
  }

  private accountResource(sid: string): Record<string, unknown> {
    const created = rfc2822(new Date(0));
    return {
      sid,
      friendly_name: sid === this.accountSid ? 'Switchboard sandbox' : `Sandbox subaccount ${sid.slice(-6)}`,
      owner_account_sid: this.accountSid,
      status: this.accountStatuses.get(sid) ?? 'active',
      type: 'Full',
      auth_token: '[redacted]',
      date_created: created,
      date_updated: created,
      subresource_uris: {},
      uri: `/2010-04-01/Accounts/${sid}.json`,
    };
  }

  private resource(sid: string, accountSid: string, values: Record<string, unknown>): StoredMessage {
    const now = rfc2822(new Date());
    const defaults: Record<string, unknown> = {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: '',
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: null,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to: '',
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    };
    const merged = { ...defaults, ...values };
    return Object.fromEntries(MESSAGE_FIELDS.map((field) => [field, merged[field] ?? null]));
  }

  /** The account the path names, when the Authorization header is its SID and token; else null. */
  protected async authenticate(header: string | undefined, accountSid: string): Promise<Account | null> {
    if (accountSid === this.accountSid)
      return header === this.basicAuth ? { sid: accountSid, token: this.authToken } : null;
    if (!header) return null;
    const token = this.subaccounts.get(accountSid) ?? (await this.options.subaccountToken?.(accountSid));
    if (!token) return null;
    return header === basicAuth(accountSid, token) ? { sid: accountSid, token } : null;
  }
}

/** What a message failed for the window holds, as Twilio shows it. */
function failedOutsideWindow(): StoredMessage {
  return { status: 'failed', error_code: OUTSIDE_WINDOW.code, error_message: OUTSIDE_WINDOW.message };
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function basicAuth(accountSid: string, authToken: string): string {
  return `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
}

function bodyTooLong(): SandboxResponse {
  return error(400, 21617, `The concatenated message body exceeds the ${SANDBOX_LIMITS.bodyChars} character limit.`);
}

/** What the sandbox charges: US SMS's $0.0079 a segment, as Twilio writes it. */
function sandboxPrice(segments: unknown): string {
  return (-0.0079 * Math.max(1, Number(segments) || 1)).toFixed(5);
}
