import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createMessageParams, messageFields, updateMessageParams } from './twilio-openapi';

export interface SentMessage {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  mediaUrls: string[];
  at: number;
}

export interface TwilioErrorReply {
  status: number;
  code: number;
  message: string;
}

type StoredMessage = Record<string, unknown>;

const newSid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;
const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');

/**
 * A local, real-HTTP stand-in for Twilio's 2010-04-01 Messages API, driven by the
 * real twilio SDK. It checks Basic auth, rejects parameters the real API does not
 * have (from Twilio's OpenAPI spec), answers in Twilio's JSON shapes, and can be
 * told to fail: the next N calls, or always for one recipient.
 */
export class FakeTwilio {
  readonly accountSid = `AC${randomBytes(16).toString('hex')}`;
  readonly authToken = randomBytes(16).toString('hex');
  readonly sent: SentMessage[] = [];
  readonly requests: Array<{ method: string; path: string; params: Record<string, string | string[]> }> = [];
  private readonly stored = new Map<string, StoredMessage>();
  private readonly failures: TwilioErrorReply[] = [];
  private readonly failuresByRecipient = new Map<string, TwilioErrorReply>();
  private readonly createParams = createMessageParams();
  private readonly updateParams = updateMessageParams();
  private readonly fields = messageFields();
  private server: Server | null = null;
  /** Milliseconds each create takes, to model Twilio's latency. */
  latencyMs = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => this.reply(res, 500, { message: String(error) }));
    });
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  reset(): void {
    this.sent.length = 0;
    this.requests.length = 0;
    this.stored.clear();
    this.failures.length = 0;
    this.failuresByRecipient.clear();
    this.latencyMs = 0;
  }

  /** The next `times` message creations fail with this error. */
  failNext(error: TwilioErrorReply, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(error);
  }

  /** Every message to this number fails with this error (e.g. 21610 unsubscribed). */
  failFor(to: string, error: TwilioErrorReply): void {
    this.failuresByRecipient.set(to, error);
  }

  /** Puts a message in the account's history, as if it had come in or gone out earlier. */
  addRemoteMessage(m: { from: string; to: string; body: string; direction: 'inbound' | 'outbound-api'; status?: string; dateCreated?: Date }): string {
    const sid = newSid('SM');
    this.stored.set(sid, this.resource(sid, {
      from: m.from,
      to: m.to,
      body: m.body,
      direction: m.direction,
      status: m.status ?? (m.direction === 'inbound' ? 'received' : 'delivered'),
      date_created: rfc2822(m.dateCreated ?? new Date()),
    }));
    return sid;
  }

  message(sid: string): StoredMessage | undefined {
    return this.stored.get(sid);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const params = await readForm(req);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, params });
    const match = url.pathname.match(/^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/.]+))?\.json$/);
    if (!match) return this.reply(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    if (!this.authorized(req, match[1])) {
      return this.reply(res, 401, { code: 20003, message: 'Authentication Error - invalid username', status: 401 });
    }
    const sid = match[2];
    if (!sid && req.method === 'POST') return this.create(res, params);
    if (!sid && req.method === 'GET') return this.list(res, url);
    const stored = sid ? this.stored.get(sid) : undefined;
    if (!stored) return this.reply(res, 404, { code: 20404, message: `The requested resource ${url.pathname} was not found`, status: 404 });
    if (req.method === 'GET') return this.reply(res, 200, stored);
    if (req.method === 'DELETE') {
      this.stored.delete(sid!);
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'POST') {
      const unknown = Object.keys(params).filter((name) => !this.updateParams.has(name));
      if (unknown.length) return this.reply(res, 400, { code: 20001, message: `Unknown parameters: ${unknown.join(', ')}`, status: 400 });
      if (params.Body !== undefined) stored.body = params.Body;
      return this.reply(res, 200, stored);
    }
    return this.reply(res, 405, { code: 20004, message: 'Method not allowed', status: 405 });
  }

  private async create(res: ServerResponse, params: Record<string, string | string[]>): Promise<void> {
    const unknown = Object.keys(params).filter((name) => !this.createParams.has(name));
    if (unknown.length) return this.reply(res, 400, { code: 20001, message: `Unknown parameters: ${unknown.join(', ')}`, status: 400 });
    const to = single(params.To);
    const from = single(params.From);
    const messagingServiceSid = single(params.MessagingServiceSid);
    const body = single(params.Body) ?? '';
    const mediaUrls = ([] as string[]).concat(params.MediaUrl ?? []);
    if (!to) return this.reply(res, 400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
    if (!from && !messagingServiceSid) {
      return this.reply(res, 400, { code: 21603, message: "A 'From' phone number is required.", status: 400 });
    }
    if (!body && mediaUrls.length === 0) {
      return this.reply(res, 400, { code: 21602, message: 'Message body is required.', status: 400 });
    }
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const failure = this.failures.shift() ?? this.failuresByRecipient.get(to.replace(/^whatsapp:/, ''));
    if (failure) return this.reply(res, failure.status, { ...failure, more_info: `https://www.twilio.com/docs/errors/${failure.code}` });
    const sid = newSid(mediaUrls.length ? 'MM' : 'SM');
    const resource = this.resource(sid, {
      to,
      from: from ?? null,
      body,
      messaging_service_sid: messagingServiceSid ?? null,
      num_media: String(mediaUrls.length),
      status: messagingServiceSid && !from ? 'accepted' : 'queued',
      direction: 'outbound-api',
    });
    this.stored.set(sid, resource);
    this.sent.push({
      sid,
      to,
      from: from ?? null,
      body,
      messagingServiceSid: messagingServiceSid ?? null,
      statusCallback: single(params.StatusCallback) ?? null,
      mediaUrls,
      at: Date.now(),
    });
    return this.reply(res, 201, resource);
  }

  private list(res: ServerResponse, url: URL): void {
    const pageSize = Math.min(Number(url.searchParams.get('PageSize') ?? 50), 1000);
    const all = [...this.stored.values()].reverse();
    const page = all.slice(0, pageSize);
    const base = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    this.reply(res, 200, {
      messages: page,
      start: 0,
      end: Math.max(0, page.length - 1),
      page: 0,
      page_size: pageSize,
      uri: `${base}?PageSize=${pageSize}&Page=0`,
      first_page_uri: `${base}?PageSize=${pageSize}&Page=0`,
      previous_page_uri: null,
      next_page_uri: null,
    });
  }

  private resource(sid: string, values: Record<string, unknown>): StoredMessage {
    const now = rfc2822(new Date());
    const defaults: Record<string, unknown> = {
      account_sid: this.accountSid,
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
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}/Media.json` },
      to: '',
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
    };
    const merged = { ...defaults, ...values };
    // Exactly the fields of Twilio's message schema, no more.
    return Object.fromEntries(this.fields.map((field) => [field, merged[field] ?? null]));
  }

  private authorized(req: IncomingMessage, accountSid: string): boolean {
    const header = req.headers.authorization ?? '';
    const [user, pass] = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString().split(':');
    return accountSid === this.accountSid && user === this.accountSid && pass === this.authToken;
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readForm(req: IncomingMessage): Promise<Record<string, string | string[]>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    const existing = params[key];
    params[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  return params;
}
