import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, connect, Socket } from 'node:net';
import fc from 'fast-check';
import qs from 'qs';
import twilio from 'twilio';
import { classifyTwilioError } from './twilio-error';
import { formEncode, TwilioHttpClient, withWriteGuard } from './twilio-http-client';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const TOKEN = 'secret-token';
const SID = `SM${'a'.repeat(32)}`;

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The client's port: calls sharing one came over one kept-alive connection. */
  clientPort: number;
}

/** A local server standing in for api.twilio.com; each test sets how it answers. */
describe('TwilioHttpClient (the SDK on undici)', () => {
  let server: Server;
  let baseUrl: string;
  let seen: Seen[] = [];
  let answer: (req: IncomingMessage, res: ServerResponse) => void;
  let client: TwilioHttpClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          clientPort: req.socket.remotePort!,
        });
        answer(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    seen = [];
    client = new TwilioHttpClient({ baseUrl, connections: 4, timeoutMs: 2_000 });
  });
  afterEach(() => client.close());
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const sdk = () => twilio(ACCOUNT, TOKEN, { httpClient: client });

  it('sends what the SDK builds — path, Basic auth, form with repeated fields — and returns its record', async () => {
    answer = json(201, {
      sid: SID,
      status: 'queued',
      to: '+15551234567',
      date_created: 'Mon, 23 Nov 2026 02:00:00 +0000',
    });
    const created = await sdk().messages.create({
      to: '+15551234567',
      from: '+15005550006',
      body: 'Zażółć & = + ? 😀 line\nbreak',
      mediaUrl: ['https://a.example/1.png', 'https://a.example/2.png'],
    });
    expect(created.sid).toBe(SID);
    expect(created.dateCreated).toEqual(new Date('2026-11-23T02:00:00Z'));
    const [req] = seen;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers['user-agent']).toMatch(/^twilio-node\//);
    const form = new URLSearchParams(req.body);
    expect(form.get('Body')).toBe('Zażółć & = + ? 😀 line\nbreak');
    expect(form.getAll('MediaUrl')).toEqual(['https://a.example/1.png', 'https://a.example/2.png']);
  });

  it('puts list filters in the query string and keeps the connection alive between calls', async () => {
    answer = json(200, { messages: [], next_page_uri: null, page: 0, page_size: 50 });
    await sdk().messages.list({ to: '+15551234567', dateSentAfter: new Date('2026-11-23T01:02:03Z'), limit: 50 });
    for (let i = 0; i < 7; i++) await sdk().messages.list({ to: '+15551234567', limit: 50 });
    const query = new URL(seen[0].url, baseUrl).searchParams;
    expect(query.get('To')).toBe('+15551234567');
    expect(query.get('DateSent>')).toBe('2026-11-23T01:02:03Z');
    expect(query.get('PageSize')).toBe('50');
    expect(seen[0].headers.connection).not.toBe('close');
    // 8 calls, at most the pool's 4 connections (undici may open a second before the first is free again).
    expect(new Set(seen.map((call) => call.clientPort)).size).toBeLessThanOrEqual(4);
  });

  it('asks the write guard when the request gets its socket: one waiting in the pool past it is never written', async () => {
    client = new TwilioHttpClient({ baseUrl, connections: 1, timeoutMs: 2_000 });
    const created = { sid: SID, status: 'queued', to: '+15551234567' };
    let release: () => void = () => undefined;
    // The first call holds the only connection until released.
    answer = (req, res) => {
      if (seen.length === 1) release = () => json(201, created)(req, res);
      else json(201, created)(req, res);
    };
    let open = true;
    const guard = () => {
      if (!open) throw new Error('fenced');
    };
    const create = (body: string) =>
      withWriteGuard(guard, () => sdk().messages.create({ to: '+15551234567', from: '+15005550006', body }));
    const first = create('first');
    await waitUntil(() => seen.length === 1);
    const second = create('second').catch((error: Error) => error);
    // The second call was made while allowed, and waits for the connection; then the fence closes.
    open = false;
    release();
    await expect(first).resolves.toMatchObject({ sid: SID });
    await expect(second).resolves.toMatchObject({ message: 'fenced' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.map((call) => new URLSearchParams(call.body).get('Body'))).toEqual(['first']);
    // Calls without a guard are unaffected.
    await expect(sdk().messages.create({ to: '+15551234567', from: '+15005550006', body: 'x' })).resolves.toBeTruthy();
  });

  it('turns Twilio error answers into the SDK’s RestException (status and code)', async () => {
    answer = json(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
    const error = await sdk()
      .messages.create({ to: '+15551234567', from: '+15005550006', body: 'x' })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 400, code: 21610 });
    expect(classifyTwilioError(error).kind).toBe('opted_out');

    answer = (_req, res) => res.writeHead(503).end('<html>busy</html>');
    const busy = await sdk()
      .messages.create({ to: '+15551234567', from: '+15005550006', body: 'x' })
      .catch((e) => e);
    expect(busy).toMatchObject({ status: 503 });
    expect(classifyTwilioError(busy).kind).toBe('retryable');
  });

  it('gives up after the timeout with an error whose outcome is unknown (the request went out)', async () => {
    const slow = new TwilioHttpClient({ baseUrl, connections: 1, timeoutMs: 150 });
    answer = () => undefined; // never answers
    const error = await twilio(ACCOUNT, TOKEN, { httpClient: slow })
      .messages.create({ to: '+15551234567', from: '+15005550006', body: 'x' })
      .catch((e) => e);
    expect(classifyTwilioError(error)).toMatchObject({ kind: 'outcome_unknown', status: null });
    server.closeAllConnections();
    await slow.close();
  });

  it('classifies a refused connection as retryable (nothing reached Twilio)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const refused = new TwilioHttpClient({ baseUrl: `http://127.0.0.1:${port}`, connections: 1, timeoutMs: 2_000 });
    const error = await twilio(ACCOUNT, TOKEN, { httpClient: refused })
      .messages.create({ to: '+15551234567', from: '+15005550006', body: 'x' })
      .catch((e) => e);
    expect(classifyTwilioError(error)).toMatchObject({ kind: 'retryable', status: null });
    await refused.close();
  });

  it('deletes (204, no body)', async () => {
    answer = (_req, res) => res.writeHead(204).end();
    await expect(sdk().messages(SID).remove()).resolves.toBe(true);
    expect(seen[0]).toMatchObject({ method: 'DELETE', url: `/2010-04-01/Accounts/${ACCOUNT}/Messages/${SID}.json` });
  });

  it('goes through the HTTP proxy it is given (HTTP_PROXY): one CONNECT tunnel to the Twilio origin', async () => {
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req: IncomingMessage, client: Socket) => {
      tunnels.push(req.url!);
      const [host, port] = req.url!.split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = new TwilioHttpClient({
      baseUrl,
      connections: 1,
      timeoutMs: 2_000,
      proxyUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    });
    try {
      answer = json(200, { sid: SID, status: 'delivered' });
      await twilio(ACCOUNT, TOKEN, { httpClient: proxied }).messages(SID).fetch();
      expect(tunnels).toEqual([new URL(baseUrl).host]);
      expect(seen).toHaveLength(1);
    } finally {
      await proxied.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('encodes forms as the SDK’s own client does (qs, arrayFormat "repeat")', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1 }).filter((k) => !/[[\].]/.test(k)),
          value,
        ),
        (fields) => {
          const ours = [...new URLSearchParams(formEncode(fields))];
          const sdks = [...new URLSearchParams(qs.stringify(fields, { arrayFormat: 'repeat' }))];
          expect(ours).toEqual(sdks);
        },
      ),
    );
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('timed out');
}
