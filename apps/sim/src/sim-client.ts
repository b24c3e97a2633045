import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { normalizePhone, type TwilioAccount } from '@app/common';
import { StartupError, type AppConfig } from '@app/config';
import { TwilioHttpClient } from '@app/twilio';

export interface SandboxMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  status: string;
}

export const newMessageSid = () => `SM${randomBytes(16).toString('hex')}`;
export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

/**
 * Plays Twilio towards the running app: posts webhooks signed exactly as Twilio
 * signs them, and reads what the app sent out of the built-in sandbox through
 * the real twilio SDK (the sandbox speaks Twilio's REST API).
 */
export class SimClient {
  private readonly twilio: twilio.Twilio;
  /** The account Twilio plays: the sandbox's own, or a business's subaccount. */
  private readonly account: TwilioAccount;

  constructor(
    readonly config: AppConfig,
    /** Where the app listens (http://127.0.0.1:PORT). */
    private readonly appUrl: string,
    account?: TwilioAccount,
  ) {
    this.account = account ?? { accountSid: config.twilio.accountSid, authToken: config.twilio.authToken };
    this.twilio = twilio(this.account.accountSid, this.account.authToken, {
      httpClient: new TwilioHttpClient({ baseUrl: config.twilio.apiBaseUrl, timeoutMs: 5_000, connections: 4 }),
    });
  }

  /**
   * A number as typed ("(415) 555-0100") in E.164, as Twilio names every address: the app answers
   * the E.164 number, so that is the one whose replies sim must look for.
   */
  phoneNumber(typed: string, what: string): string {
    const number = normalizePhone(typed, this.config.defaultCountry);
    if (!number) throw new StartupError(`${what} must be a phone number, like +15551234567 (got "${typed}")`);
    return number;
  }

  get businessNumber(): string {
    return this.config.twilio.defaultFrom ?? '+15005550006';
  }

  /** The sandbox lives in the app: no answer means the app is not running. */
  private async reach<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const e = error as { status?: number; message?: string };
      if (e.status) throw error;
      throw new StartupError(`the app is not reachable (${e.message}); is \`npm start\` running?`);
    }
  }

  /** A signed webhook; `path` may carry a query (a voice <Redirect>'s), which the signature covers as Twilio's does. */
  postWebhook(path: `/twilio/${string}`, params: Record<string, string>, authToken?: string) {
    return this.reach(() => this.post(path, params, authToken));
  }

  private async post(path: string, params: Record<string, string>, authToken?: string) {
    // Twilio signs the URL it was configured with: PUBLIC_BASE_URL + path.
    const signedUrl = `${this.config.publicBaseUrl ?? this.appUrl}${path}`;
    const signature = twilio.getExpectedTwilioSignature(authToken ?? this.account.authToken, signedUrl, params);
    const started = performance.now();
    const res = await fetch(`${this.appUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    return { status: res.status, ms: performance.now() - started, body };
  }

  inboundParams(from: string, body: string, options: { whatsapp?: boolean; media?: string[]; to?: string } = {}) {
    const sid = newMessageSid();
    const prefix = options.whatsapp ? 'whatsapp:' : '';
    const media = options.media ?? [];
    const params: Record<string, string> = {
      MessageSid: sid,
      SmsMessageSid: sid,
      SmsSid: sid,
      AccountSid: this.account.accountSid,
      From: `${prefix}${from}`,
      To: `${prefix}${options.to ?? this.businessNumber}`,
      Body: body,
      NumMedia: String(media.length),
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    };
    media.forEach((url, i) => {
      params[`MediaUrl${i}`] = url;
      params[`MediaContentType${i}`] = guessContentType(url);
    });
    return params;
  }

  /** The account Twilio plays (the sandbox's own, or a business's subaccount). */
  get accountSid(): string {
    return this.account.accountSid;
  }

  /** Messages the app sent to `to` through the sandbox, oldest first. */
  async sentTo(to: string, limit = 50): Promise<SandboxMessage[]> {
    const messages = await this.reach(() => this.twilio.messages.list({ to, limit }));
    return messages.reverse().map((m) => ({ sid: m.sid, from: m.from, to: m.to, body: m.body, status: m.status }));
  }

  /** Every message the sandbox holds (newest first, as Twilio lists them). */
  async allSent(limit = 1000): Promise<SandboxMessage[]> {
    const messages = await this.reach(() => this.twilio.messages.list({ limit }));
    return messages.map((m) => ({ sid: m.sid, from: m.from, to: m.to, body: m.body, status: m.status }));
  }
}

function guessContentType(url: string): string {
  if (/\.png$/i.test(url)) return 'image/png';
  if (/\.jpe?g$/i.test(url)) return 'image/jpeg';
  if (/\.pdf$/i.test(url)) return 'application/pdf';
  return 'application/octet-stream';
}
