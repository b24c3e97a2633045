import type { AddressInfo } from 'node:net';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ADMIN_KEY, Harness, newMessageSid, TcpProxy, TEST_REDIS_URL, waitFor } from './support';

const A_NUMBER = '+15005550151';
const B_NUMBER = '+15005550152';
const A_CUSTOMER = '+15557651001';
const B_CUSTOMER = '+15557652002';

/** An open GET /api/events over real HTTP: the events as they came, and how to hang up. */
interface Stream {
  status: number;
  headers: Headers;
  /** The answer's body when it was not a stream. */
  body: string;
  events: EventSourceMessage[];
  comments: string[];
  /** Resolves when the server ended the stream (or the client hung up). */
  ended: Promise<void>;
  close(): void;
  /** The first event (from the start) that `match` accepts, waiting for it. */
  next(
    what: string,
    match: (event: EventSourceMessage, data: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<EventSourceMessage>;
}

async function openStream(base: string, path: string, headers: Record<string, string>): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, { headers, signal: controller.signal });
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  let body = '';
  let ended: Promise<void> = Promise.resolve();
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    const parser = createParser({ onEvent: (event) => events.push(event), onComment: (c) => comments.push(c) });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    ended = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch {
        // Aborted by the test.
      }
    })();
  } else {
    body = await res.text();
  }
  return {
    status: res.status,
    headers: res.headers,
    body,
    events,
    comments,
    ended,
    close: () => controller.abort(),
    next: async (what, match, timeoutMs = 10_000) =>
      (await waitFor(
        () => events.find((event) => match(event, JSON.parse(event.data) as Record<string, unknown>)),
        what,
        timeoutMs,
      ))!,
  };
}

const dataOf = (event: EventSourceMessage) => JSON.parse(event.data) as Record<string, unknown>;

/**
 * Issue 18 (the dashboard's live updates): GET /api/events over a real socket, fed through Redis
 * by the API (webhooks, sends) and the worker (replies, send outcomes), scoped to one business,
 * resumable with Last-Event-ID, refused before any stream without a session, and capped per business.
 */
describe('live events: GET /api/events', () => {
  let h: Harness;
  let base: string;
  const opened: Stream[] = [];
  const sessions: Record<'a' | 'b' | 'platform', string> = { a: '', b: '', platform: '' };
  const ids: Record<'a' | 'b', string> = { a: '', b: '' };

  const signIn = async (apiKey: string) => {
    const res = await h.api.inject({ method: 'POST', url: '/api/session', payload: { apiKey } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0];
  };
  const stream = async (cookie: string, extra: Record<string, string> = {}, query = '') => {
    const one = await openStream(base, `/api/events${query}`, { ...(cookie ? { cookie } : {}), ...extra });
    opened.push(one);
    return one;
  };
  /** A change made in the dashboard: the session cookie and the site's own Origin. */
  const act = (method: 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
    h.api.inject({ method, url, headers: { cookie, origin: 'http://localhost' }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    h = await Harness.start({ env: { EVENTS_MAX_STREAMS_PER_BUSINESS: '2', SEND_RATE_PER_SECOND: '0' } });
    await h.truncate();
    await h.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(h.api.getHttpServer().address() as AddressInfo).port}`;
    for (const [name, number] of [
      ['a', A_NUMBER],
      ['b', B_NUMBER],
    ] as const) {
      const created = await h.admin('POST', '/api/businesses', {
        name: `Live ${name}`,
        slug: `live-${name}`,
        numbers: [{ address: number }],
      });
      expect(created.statusCode).toBe(201);
      ids[name] = created.json().id;
      const key = (await h.admin('POST', `/api/businesses/live-${name}/api-keys`, { name: 'dashboard' })).json().key;
      sessions[name] = await signIn(key);
    }
    sessions.platform = await signIn(ADMIN_KEY);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) s.close();
    await h.settle();
  });
  afterAll(() => h.close());

  it("streams its own business's new inbound text, the reply, and each status as it moves", async () => {
    const a = await stream(sessions.a);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(a.headers.get('cache-control')).toBe('no-store');

    const sid = newMessageSid();
    expect((await h.inbound(A_CUSTOMER, 'hello there', { To: A_NUMBER, MessageSid: sid })).statusCode).toBe(200);
    const inbound = await a.next('the inbound message', (e, d) => e.event === 'message' && d.direction === 'inbound');
    const stored = await h.prisma.message.findUniqueOrThrow({ where: { sid } });
    expect(dataOf(inbound)).toEqual({
      id: stored.id,
      phone: A_CUSTOMER,
      direction: 'inbound',
      status: 'received',
      channel: 'sms',
      createdAt: expect.any(String),
    });
    expect(inbound.id).toMatch(/^\d+-\d+$/);

    // The worker's reply: stored (message), then accepted by Twilio (status), both told by the worker.
    const reply = await a.next('the reply', (e, d) => e.event === 'message' && d.direction === 'outbound');
    expect(dataOf(reply)).toMatchObject({ phone: A_CUSTOMER, status: 'pending', channel: 'sms' });
    const replyId = dataOf(reply).id as string;
    const accepted = await a.next('the reply accepted', (e, d) => e.event === 'status' && d.id === replyId);
    expect(dataOf(accepted)).toMatchObject({ status: 'queued', direction: 'outbound', errorCode: null });

    // Twilio's callback, through the API: delivered.
    const { sid: replySid } = await h.prisma.message.findUniqueOrThrow({ where: { id: replyId } });
    expect((await h.status(replySid!, 'delivered', { From: A_NUMBER, To: A_CUSTOMER })).statusCode).toBe(200);
    const delivered = await a.next('the delivery', (e, d) => e.event === 'status' && d.status === 'delivered');
    expect(dataOf(delivered)).toEqual({
      id: replyId,
      phone: A_CUSTOMER,
      direction: 'outbound',
      channel: 'sms',
      status: 'delivered',
      errorCode: null,
    });
    // Ids rise in the order the events were made.
    const order = a.events.map((e) => e.id!.split('-').map(Number));
    for (let i = 1; i < order.length; i++)
      expect(order[i][0] * 1e6 + order[i][1]).toBeGreaterThan(order[i - 1][0] * 1e6 + order[i - 1][1]);
  });

  it("never gives business B a thing of A's, on B's session or the platform's view of B", async () => {
    const b = await stream(sessions.b);
    const platformB = await stream(sessions.platform, {}, '?business=live-b');
    const platformA = await stream(sessions.platform, { 'x-business-id': 'live-a' });
    expect([b.status, platformB.status, platformA.status]).toEqual([200, 200, 200]);

    // A's day: a text, a send, an appointment.
    await h.inbound(A_CUSTOMER, 'for A only', { To: A_NUMBER });
    const sent = await act('POST', '/api/messages', sessions.a, { to: A_CUSTOMER, body: 'A replies' });
    expect(sent.statusCode).toBe(201);
    const booked = await act('POST', '/api/appointments', sessions.a, {
      phone: A_CUSTOMER,
      startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    expect(booked.statusCode).toBe(201);
    // The platform following A sees them all.
    await platformA.next('A’s appointment', (e) => e.event === 'appointment');
    // Then one thing of B's, which B's streams wait for: whatever of A's would have come came before it.
    await h.inbound(B_CUSTOMER, 'for B', { To: B_NUMBER });
    for (const s of [b, platformB]) {
      await s.next('B’s own text', (e, d) => e.event === 'message' && d.phone === B_CUSTOMER);
      const leaked = s.events.filter((e) =>
        [A_CUSTOMER, sent.json().id, booked.json().id].some((secret) => e.data.includes(secret)),
      );
      expect(leaked).toEqual([]);
    }
    expect(platformA.events.some((e) => e.data.includes(B_CUSTOMER))).toBe(false);

    // Nor can B name A: not in the query, not in the header, and A's records are not found.
    const named = await openStream(base, '/api/events?business=live-a', { cookie: sessions.b });
    const header = await openStream(base, '/api/events', { cookie: sessions.b, 'x-business-id': ids.a });
    expect([named.status, header.status]).toEqual([403, 403]);
    const read = await h.api.inject({
      method: 'GET',
      url: `/api/messages/${sent.json().id}`,
      headers: { cookie: sessions.b },
    });
    expect(read.statusCode).toBe(404);
  });

  it('replays what a client missed after its Last-Event-ID, before anything new', async () => {
    const first = await stream(sessions.a);
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    await act('POST', '/api/appointments', sessions.a, { phone: A_CUSTOMER, startsAt: inDays(10) });
    const seen = await first.next('an appointment', (e) => e.event === 'appointment');
    first.close();

    // While it was away: a booking and its cancellation.
    const missed = (
      await act('POST', '/api/appointments', sessions.a, { phone: A_CUSTOMER, startsAt: inDays(11) })
    ).json();
    expect((await act('PATCH', `/api/appointments/${missed.id}`, sessions.a, { status: 'cancelled' })).statusCode).toBe(
      200,
    );

    const resumes: Array<{ headers: Record<string, string>; query: string }> = [
      { headers: { 'last-event-id': seen.id! }, query: '' },
      { headers: {}, query: `?lastEventId=${seen.id}` },
    ];
    for (const resume of resumes) {
      const again = await stream(sessions.a, resume.headers, resume.query);
      await again.next('the cancellation', (_, d) => d.change === 'cancelled');
      const replayed = again.events
        .filter((e) => e.event === 'appointment')
        .map((e) => [dataOf(e).id, dataOf(e).change]);
      expect(replayed).toEqual([
        [missed.id, 'created'],
        [missed.id, 'cancelled'],
      ]);
      expect(again.events.some((e) => e.id === seen.id)).toBe(false);
      again.close();
    }

    // A position the buffer never held: told to reload first (what the buffer holds follows).
    const lost = await stream(sessions.a, { 'last-event-id': '1-0' });
    await lost.next('the reset', (e) => e.event === 'reset');
    expect(lost.events[0].event).toBe('reset');
    expect(lost.events[0].id).toBeUndefined();
  });

  it('refuses a request without a session or key with 401 before any stream is opened', async () => {
    const none = await openStream(base, '/api/events', {});
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(none.body)).toMatchObject({ statusCode: 401 });
    const stale = await openStream(base, '/api/events', { cookie: 'sb_session=not-a-session' });
    expect(stale.status).toBe(401);
    // As the document says (the harness checks this exchange against it).
    expect((await h.api.inject({ method: 'GET', url: '/api/events' })).statusCode).toBe(401);
    // A script's key opens it too.
    const keyed = await stream('', { 'x-api-key': ADMIN_KEY, 'x-business-id': 'live-b' });
    expect(keyed.status).toBe(200);
  });

  it('caps the streams one business holds open (429), leaving other businesses alone', async () => {
    const held = [await stream(sessions.a), await stream(sessions.a)];
    expect(held.map((s) => s.status)).toEqual([200, 200]);
    const third = await stream(sessions.a);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    expect(JSON.parse(third.body).message).toMatch(/Too many live event streams/);
    expect((await stream(sessions.b)).status).toBe(200);
    // A stream closed gives its place back.
    held[0].close();
    await waitFor(async () => {
      const retry = await openStream(base, '/api/events', { cookie: sessions.a });
      opened.push(retry);
      return retry.status === 200;
    }, 'a place under the cap once a stream closed');
  });

  it('tells a Multi-SMS batch’s progress live, to its completion', async () => {
    const a = await stream(sessions.a);
    const recipients = ['+15557653001', '+15557653002', '+15557653003'];
    const batch = await act('POST', '/api/multi-sms/batches', sessions.a, { body: 'Open today', recipients });
    expect(batch.statusCode).toBe(201);
    const id = batch.json().id as string;
    await a.next('the launch', (e, d) => e.event === 'campaign' && d.id === id && d.status === 'running');
    const done = await a.next(
      'the completion',
      (e, d) => e.event === 'campaign' && d.id === id && d.status === 'completed',
    );
    expect(dataOf(done)).toMatchObject({ kind: 'multi_sms', counters: expect.objectContaining({ total: 3, sent: 3 }) });
    // Each recipient's message and its acceptance came too.
    for (const phone of recipients)
      await a.next(`${phone}'s message`, (e, d) => e.event === 'message' && d.phone === phone);
  });

  it('carries events across API instances, and ends its streams when an instance shuts down', async () => {
    // Another API on the same Redis and database (its own process in production).
    const second = await Harness.start({ worker: false, env: { QUEUE_PREFIX: h.env.QUEUE_PREFIX } });
    let closed = false;
    try {
      await second.api.listen(0, '127.0.0.1');
      const otherBase = `http://127.0.0.1:${(second.api.getHttpServer().address() as AddressInfo).port}`;
      // The session made on the first instance is good on the second.
      const there = await openStream(otherBase, '/api/events', { cookie: sessions.a });
      expect(there.status).toBe(200);
      await h.inbound(A_CUSTOMER, 'across instances', { To: A_NUMBER });
      await there.next(
        'the text taken by the first instance',
        (e, d) => e.event === 'message' && d.phone === A_CUSTOMER,
      );
      const started = Date.now();
      await second.close();
      closed = true;
      await there.ended;
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      if (!closed) await second.close();
    }
  });

  it('ends a stream within a heartbeat once its session is signed out', async () => {
    const cookie = await signIn(ADMIN_KEY);
    const s = await stream(cookie);
    expect(s.status).toBe(200);
    const out = await h.api.inject({
      method: 'POST',
      url: '/api/session/logout',
      headers: { cookie, origin: 'http://localhost' },
    });
    expect(out.statusCode).toBe(204);
    const started = Date.now();
    await s.ended;
    expect(Date.now() - started).toBeLessThan(17_000);
    expect(s.comments.some((comment) => comment.includes('keep-alive'))).toBe(true);
  }, 25_000);
});

/**
 * The channel lost for a while (Redis unreachable from this API instance, not from the others):
 * what was published meanwhile is read back from the stream once the subscription is back, in
 * order, before anything newer.
 */
describe('live events: an API instance cut off from Redis for a while', () => {
  let publisher: Harness;
  let cutOff: Harness;
  let proxy: TcpProxy;
  let base: string;

  beforeAll(async () => {
    publisher = await Harness.start({ worker: false });
    await publisher.truncate();
    const redis = new URL(TEST_REDIS_URL);
    proxy = await new TcpProxy(redis.hostname, Number(redis.port || 6379)).start();
    const viaProxy = new URL(TEST_REDIS_URL);
    viaProxy.port = String(proxy.port);
    cutOff = await Harness.start({
      worker: false,
      env: { REDIS_URL: viaProxy.toString(), QUEUE_PREFIX: publisher.env.QUEUE_PREFIX },
    });
    await cutOff.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(cutOff.api.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await cutOff?.close();
    await proxy?.stop();
    await publisher?.close();
  });

  it('passes on what was published while its channel was down, once Redis is back', async () => {
    const s = await openStream(base, '/api/events', { 'x-api-key': ADMIN_KEY });
    try {
      expect(s.status).toBe(200);
      await publisher.inbound(A_CUSTOMER, 'before the cut');
      await s.next('the text before the cut', (e, d) => e.event === 'message' && d.phone === A_CUSTOMER);
      proxy.cut();
      await publisher.inbound(B_CUSTOMER, 'during the cut 1');
      await publisher.inbound(B_CUSTOMER, 'during the cut 2');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(s.events.filter((e) => e.data.includes(B_CUSTOMER))).toEqual([]);
      proxy.restore();
      await waitFor(
        () => s.events.filter((e) => e.data.includes(B_CUSTOMER)).length === 2,
        'both texts sent during the cut',
        15_000,
      );
      await publisher.inbound(A_CUSTOMER, 'after');
      await waitFor(() => s.events.filter((e) => e.data.includes(A_CUSTOMER)).length === 2, 'the text after the cut');
      // Each once, in the order they were made.
      const phones = s.events.map((e) => dataOf(e).phone);
      expect(phones).toEqual([A_CUSTOMER, B_CUSTOMER, B_CUSTOMER, A_CUSTOMER]);
    } finally {
      s.close();
    }
  }, 30_000);
});
