import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';
import type { Channel, TwilioAccount } from '@app/common';
import { AppConfig } from '@app/config';
import { TwilioHttpClient, withWriteGuard, type WriteGuard } from './twilio-http-client';

export interface SendRequest {
  channel: Channel;
  to: string;
  /** Not sent with a template (contentSid): Twilio sends the template's own text. */
  body: string;
  from?: string | null;
  messagingServiceSid?: string | null;
  mediaUrls?: string[];
  /** A Content API template (HX…): Twilio's ContentSid. */
  contentSid?: string | null;
  /** The template's variables as JSON text: Twilio's ContentVariables. */
  contentVariables?: string | null;
  statusCallback?: string;
}

export interface TwilioMessage {
  sid: string;
  status: string;
  direction: string;
  from: string;
  to: string;
  body: string;
  numMedia: number;
  errorCode: number | null;
  errorMessage: string | null;
  accountSid: string;
  messagingServiceSid: string | null;
  dateCreated: Date;
  /** What Twilio charged, as it writes it ("-0.00790"; negative: charged); null until priced. */
  price: string | null;
  priceUnit: string | null;
}

/** Where a phone number sends its incoming messages (Twilio's IncomingPhoneNumber `sms_*` settings). */
export interface NumberMessagingWebhooks {
  smsUrl: string | null;
  smsMethod: string | null;
  smsFallbackUrl: string | null;
  smsFallbackMethod: string | null;
  /** When set, Twilio ignores the sms_* URLs and uses the application's. */
  smsApplicationSid: string | null;
}

export interface IncomingNumber extends NumberMessagingWebhooks {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
}

/** Subaccount clients kept at most (each is small; past this the oldest is made anew when next used). */
const MAX_SUBACCOUNT_CLIENTS = 1_000;

const address = (channel: Channel, number: string) => (channel === 'whatsapp' ? `whatsapp:${number}` : number);

/** Twilio's REST API and webhook signatures, behind one class. */
@Injectable()
export class TwilioGateway implements OnApplicationShutdown {
  private readonly logger = new Logger(TwilioGateway.name);
  private readonly api: twilio.Twilio;
  private readonly http: TwilioHttpClient;
  /** Businesses' subaccounts, by account SID: one SDK client each, all on the one connection pool. */
  private readonly subaccounts = new Map<string, { authToken: string; api: twilio.Twilio }>();

  constructor(private readonly config: AppConfig) {
    const { accountSid, authToken, apiBaseUrl, timeoutMs, mode } = config.twilio;
    // Retries are ours (BullMQ backoff), not the SDK's: one attempt per call. A worker
    // may call Twilio from every campaign send and job at once, and every socket
    // closed is a new TLS handshake: keep that many alive.
    this.http = new TwilioHttpClient({
      baseUrl: apiBaseUrl,
      timeoutMs,
      connections: config.campaigns.concurrency + 3 * config.queue.concurrency,
      // The sandbox is this machine's own API: a proxy meant for api.twilio.com must not carry its calls.
      proxyUrl: mode === 'live' ? config.twilio.httpProxy : undefined,
      ca: config.twilio.caBundle,
    });
    this.api = twilio(accountSid, authToken, { httpClient: this.http });
    if (mode === 'sandbox') {
      this.logger.warn(
        `SANDBOX MODE: Twilio is simulated at ${apiBaseUrl}; no message leaves this machine. ` +
          'Set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to send for real.',
      );
    } else if (apiBaseUrl) {
      this.logger.log(`Twilio REST calls go to ${apiBaseUrl}`);
    }
  }

  /** After the workers drained (module destroy): nothing calls Twilio any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
  }

  /** The platform's own account (TWILIO_ACCOUNT_SID): what a business without a subaccount sends through. */
  get platformAccountSid(): string {
    return this.config.twilio.accountSid;
  }

  /**
   * The SDK client for an account: the platform's when none is given. Subaccount clients are
   * kept (a new auth token replaces its client) and share the platform's HTTP connections.
   */
  private client(account?: TwilioAccount | null): twilio.Twilio {
    if (!account || account.accountSid === this.config.twilio.accountSid) return this.api;
    const kept = this.subaccounts.get(account.accountSid);
    if (kept?.authToken === account.authToken) return kept.api;
    const api = twilio(account.accountSid, account.authToken, { httpClient: this.http });
    if (this.subaccounts.size >= MAX_SUBACCOUNT_CLIENTS) this.subaccounts.delete(this.subaccounts.keys().next().value!);
    this.subaccounts.set(account.accountSid, { authToken: account.authToken, api });
    return api;
  }

  /**
   * Creates the message at Twilio. `guard`, when given, is asked right before the request is
   * written to its socket and may refuse it by throwing (see WriteGuard): nothing is sent then.
   */
  async send(request: SendRequest, account?: TwilioAccount | null, guard?: WriteGuard): Promise<TwilioMessage> {
    if (guard) return withWriteGuard(guard, () => this.create(request, account));
    return this.create(request, account);
  }

  private async create(request: SendRequest, account?: TwilioAccount | null): Promise<TwilioMessage> {
    const created = await this.client(account).messages.create({
      to: address(request.channel, request.to),
      // A template carries its own text, and Twilio asks for Body to be left out beside ContentSid.
      // Media may go without text: then no Body at all, rather than an empty one.
      ...(request.contentSid
        ? { contentSid: request.contentSid }
        : request.body || !request.mediaUrls?.length
          ? { body: request.body }
          : {}),
      ...(request.contentSid && request.contentVariables ? { contentVariables: request.contentVariables } : {}),
      ...(request.messagingServiceSid
        ? { messagingServiceSid: request.messagingServiceSid }
        : { from: address(request.channel, request.from ?? '') }),
      ...(request.mediaUrls?.length ? { mediaUrl: request.mediaUrls } : {}),
      ...(request.statusCallback ? { statusCallback: request.statusCallback } : {}),
    });
    return this.view(created);
  }

  async listRecent(limit: number, account?: TwilioAccount | null): Promise<TwilioMessage[]> {
    const messages = await this.client(account).messages.list({ limit });
    return messages.map((m) => this.view(m));
  }

  /**
   * A message we may have sent but never heard back about (the worker died
   * mid-call): Twilio's record of it, matched by recipient, sender and body. A template's
   * body (null) is Twilio's rendering, which we do not know: then recipient and sender decide.
   */
  async findSent(
    request: { channel: Channel; to: string; from?: string | null; body: string | null; since: Date },
    account?: TwilioAccount | null,
  ): Promise<TwilioMessage | null> {
    const to = address(request.channel, request.to);
    const recent = await this.client(account).messages.list({ to, dateSentAfter: request.since, limit: 50 });
    const match = recent.find(
      (m) =>
        m.direction !== 'inbound' &&
        (request.body === null || m.body === request.body) &&
        (!request.from || m.from === address(request.channel, request.from)),
    );
    return match ? this.view(match) : null;
  }

  /** Redaction: Twilio's documented way is to update the body to an empty string. */
  /** The account's own record: fetching it at all proves the credentials, its status says whether it may send. */
  async fetchAccount(account?: TwilioAccount | null): Promise<{ sid: string; status: string; friendlyName: string }> {
    const sid = account?.accountSid ?? this.config.twilio.accountSid;
    const found = await this.client(account).api.v2010.accounts(sid).fetch();
    return { sid: found.sid, status: found.status, friendlyName: found.friendlyName };
  }

  /** Twilio's current record of one message (status, price, error). */
  async fetchMessage(sid: string, account?: TwilioAccount | null): Promise<TwilioMessage> {
    return this.view(await this.client(account).messages(sid).fetch());
  }

  async redact(sid: string, account?: TwilioAccount | null): Promise<void> {
    await this.client(account).messages(sid).update({ body: '' });
  }

  async remove(sid: string, account?: TwilioAccount | null): Promise<void> {
    await this.client(account).messages(sid).remove();
  }

  /** One of the account's own phone numbers (E.164), or null when the account has no such number. */
  async findIncomingNumber(phoneNumber: string): Promise<IncomingNumber | null> {
    const [found] = await this.api.incomingPhoneNumbers.list({ phoneNumber, limit: 1 });
    return found ? incomingNumberView(found) : null;
  }

  /** Changes only the settings given; `''` clears one, as in Twilio's API. */
  async updateIncomingNumber(sid: string, changes: Partial<Record<keyof NumberMessagingWebhooks, string>>) {
    return incomingNumberView(await this.api.incomingPhoneNumbers(sid).update(changes));
  }

  /**
   * Checks X-Twilio-Signature the way Twilio computes it (HMAC-SHA1 of URL + sorted params), for the
   * one URL given: one HMAC per request. The SDK's validateRequest tries up to six spellings of the
   * URL (with and without port, escaped, legacy query), six HMACs an unsigned request could make us
   * compute; the URL Twilio signs is the one configured in its console, PUBLIC_BASE_URL + path.
   * Twilio signs with the auth token of the account the number belongs to: a subaccount's own,
   * else the platform's (the default).
   */
  isValidSignature(
    signature: string | undefined,
    url: string,
    params: Record<string, string>,
    authToken: string | null = this.config.twilio.authToken,
  ): boolean {
    const token = authToken;
    if (!signature || !token) return false;
    const expected = Buffer.from(twilio.getExpectedTwilioSignature(token, url, params));
    const presented = Buffer.from(signature);
    // Not secret: a signature's length is fixed by SHA-1 and base64.
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  }

  private view(m: {
    sid: string;
    status: string;
    direction: string;
    from: string;
    to: string;
    body: string;
    numMedia: string;
    errorCode: number | null;
    errorMessage: string | null;
    accountSid: string;
    messagingServiceSid: string | null;
    dateCreated: Date;
    price: string | null;
    priceUnit: string | null;
  }): TwilioMessage {
    return {
      sid: m.sid,
      status: m.status,
      direction: m.direction,
      from: m.from ?? '',
      to: m.to ?? '',
      body: m.body ?? '',
      numMedia: Number(m.numMedia ?? 0),
      errorCode: m.errorCode ?? null,
      errorMessage: m.errorMessage ?? null,
      accountSid: m.accountSid,
      messagingServiceSid: m.messagingServiceSid ?? null,
      price: m.price ?? null,
      priceUnit: m.priceUnit ?? null,
      dateCreated: m.dateCreated ?? new Date(),
    };
  }
}

function incomingNumberView(n: {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string | null;
  smsMethod: string | null;
  smsFallbackUrl: string | null;
  smsFallbackMethod: string | null;
  smsApplicationSid: string | null;
}): IncomingNumber {
  // Twilio answers '' or null for an unset setting: one spelling, null.
  const orNull = (value: string | null | undefined) => value || null;
  return {
    sid: n.sid,
    phoneNumber: n.phoneNumber,
    friendlyName: n.friendlyName,
    smsUrl: orNull(n.smsUrl),
    smsMethod: orNull(n.smsMethod),
    smsFallbackUrl: orNull(n.smsFallbackUrl),
    smsFallbackMethod: orNull(n.smsFallbackMethod),
    smsApplicationSid: orNull(n.smsApplicationSid),
  };
}
