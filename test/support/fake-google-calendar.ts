import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A Calendar API request as the fake saw it: who (the token's service account), which calendar, what. */
export interface CalendarRequest {
  method: string;
  calendarId: string;
  eventId: string | null;
  /** The client_email the bearer token was issued to (null: no valid token). */
  account: string | null;
  body: Record<string, unknown> | null;
  /** The status the fake answered. */
  status: number;
}

export interface FakeEvent {
  id: string;
  status: 'confirmed' | 'cancelled';
  summary?: string;
  description?: string;
  location?: string | null;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  htmlLink: string;
}

const EVENTS = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/?]+))?(?:\?.*)?$/;

/**
 * Google for the official client, as a local HTTP server: the OAuth token endpoint of the JWT
 * bearer flow (the assertion's RS256 signature checked against the registered service accounts'
 * public keys) and Calendar v3 events insert, patch and delete, with Google's answers (409 for an
 * id taken, 410 for one deleted, 404 for one never made). Records every request; `failNext` makes
 * the next calendar requests fail (optionally after doing the work, as when Google's answer is lost).
 */
export class FakeGoogleCalendar {
  readonly requests: CalendarRequest[] = [];
  /** client_email of every token issued, in order. */
  readonly tokensIssued: string[] = [];
  /** calendarId → eventId → event (a deleted one stays, `cancelled`, as at Google). */
  readonly calendars = new Map<string, Map<string, FakeEvent>>();
  url = '';
  private readonly accounts = new Map<string, KeyObject>();
  private readonly tokens = new Map<string, string>();
  private failures: Array<{ status: number; afterApplying: boolean }> = [];
  private server: Server | null = null;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get tokenUri(): string {
    return `${this.url}/token`;
  }

  /** A service account whose assertions the token endpoint accepts. */
  register(clientEmail: string, publicKeyPem: string): void {
    this.accounts.set(clientEmail, createPublicKey(publicKeyPem));
  }

  failNext(count: number, status = 503, afterApplying = false): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, afterApplying });
  }

  /** The calendar's events that are not deleted. */
  live(calendarId: string): FakeEvent[] {
    return [...(this.calendars.get(calendarId)?.values() ?? [])].filter((e) => e.status === 'confirmed');
  }

  reset(): void {
    this.requests.length = 0;
    this.tokensIssued.length = 0;
    this.calendars.clear();
    this.failures = [];
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => resolve(data));
    });
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && req.url === '/token') return this.token(raw, send);
    const match = EVENTS.exec(req.url ?? '');
    if (!match) return send(404, { error: { code: 404, message: 'Not Found' } });
    const calendarId = decodeURIComponent(match[1]);
    const eventId = match[2] ? decodeURIComponent(match[2]) : null;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const account = (bearer && this.tokens.get(bearer)) ?? null;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    const record = (status: number) =>
      this.requests.push({ method: req.method ?? '', calendarId, eventId, account, body, status });
    if (!account) {
      record(401);
      return send(401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } });
    }
    const failure = this.failures.shift();
    if (failure && !failure.afterApplying) {
      record(failure.status);
      return send(failure.status, { error: { code: failure.status, message: 'Backend Error' } });
    }
    const [status, answer] = this.apply(req.method ?? '', calendarId, eventId, body);
    const finalStatus = failure ? failure.status : status;
    record(finalStatus);
    if (failure) return send(failure.status, { error: { code: failure.status, message: 'Backend Error' } });
    if (status === 204) {
      res.writeHead(204);
      res.end();
      return;
    }
    send(status, answer);
  }

  private apply(
    method: string,
    calendarId: string,
    eventId: string | null,
    body: Record<string, unknown> | null,
  ): [number, object] {
    const calendar = this.calendars.get(calendarId) ?? new Map<string, FakeEvent>();
    this.calendars.set(calendarId, calendar);
    const notFound: [number, object] = [404, { error: { code: 404, message: 'Not Found' } }];
    if (method === 'POST' && !eventId) {
      const id = typeof body?.id === 'string' ? body.id : `gen${calendar.size + 1}`;
      if (!/^[a-v0-9]{5,1024}$/.test(id)) return [400, { error: { code: 400, message: 'Invalid resource id value.' } }];
      if (calendar.has(id)) return [409, { error: { code: 409, message: 'The requested identifier already exists.' } }];
      const event = { ...(body as object), id, status: 'confirmed', htmlLink: link(calendarId, id) } as FakeEvent;
      calendar.set(id, event);
      return [200, event];
    }
    const current = eventId ? calendar.get(eventId) : undefined;
    if (method === 'PATCH') {
      if (!current) return notFound;
      const event: FakeEvent = { ...current, ...body, id: current.id, htmlLink: current.htmlLink };
      calendar.set(current.id, event);
      return [200, event];
    }
    if (method === 'DELETE') {
      if (!current) return notFound;
      if (current.status === 'cancelled') return [410, { error: { code: 410, message: 'Resource has been deleted' } }];
      calendar.set(current.id, { ...current, status: 'cancelled' });
      return [204, {}];
    }
    return [405, { error: { code: 405, message: 'Method Not Allowed' } }];
  }

  /** The JWT bearer grant: the assertion must be signed by a registered account's key. */
  private token(raw: string, send: (status: number, body: object) => void): void {
    const form = new URLSearchParams(raw);
    const assertion = form.get('assertion') ?? '';
    const [header, payload, signature] = assertion.split('.');
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !signature)
      return send(400, { error: 'invalid_grant', error_description: 'Invalid grant' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: string; scope?: string };
    const key = claims.iss ? this.accounts.get(claims.iss) : undefined;
    const valid =
      key !== undefined &&
      createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(key, Buffer.from(signature, 'base64url'));
    if (!valid) return send(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    const token = `ya29.fake-${this.tokensIssued.length + 1}`;
    this.tokens.set(token, claims.iss!);
    this.tokensIssued.push(claims.iss!);
    send(200, { access_token: token, expires_in: 3599, token_type: 'Bearer', scope: claims.scope });
  }
}

function link(calendarId: string, eventId: string): string {
  return `https://www.google.com/calendar/event?eid=${Buffer.from(`${eventId} ${calendarId}`).toString('base64url')}`;
}
