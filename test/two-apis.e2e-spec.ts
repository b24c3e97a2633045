import * as twilio from 'twilio';
import { BUSINESS_LOOKUP_TTL_MS } from '@app/database';
import { QueueName } from '@app/queue';
import {
  ADMIN_KEY,
  type BuiltProcess,
  freePort,
  Harness,
  inboundForm,
  newMessageSid,
  PUBLIC_BASE_URL,
  spawnBuilt,
  waitFor,
} from './support';

const NUMBER = '+15550107777';

/**
 * Two built API processes on their own ports over one PostgreSQL and one Redis (and the
 * harness's worker), reached over real sockets: Twilio's webhooks split between them, the admin
 * API reading the same on both, a key revoked and a number moved on one honoured by the other
 * within the 5 s lookup cache, and /metrics and Bull Board telling the same on either.
 */
describe('two API instances side by side', () => {
  let h: Harness;
  const apis: Array<BuiltProcess & { base: string }> = [];

  beforeAll(async () => {
    h = await Harness.start({ env: { SEND_RATE_PER_SECOND: '0' } });
    await h.truncate();
    const started = await Promise.all(
      [0, 1].map(async () => {
        const port = await freePort();
        const env = { ...process.env, ...h.env, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1' };
        // Ready once it listens; a cold start on a busy machine can take a while.
        const api = await spawnBuilt(
          'api',
          { ...env, LOG_LEVEL: 'info' },
          'Nest application successfully started',
          45_000,
        );
        return { ...api, base: `http://127.0.0.1:${port}` };
      }),
    );
    apis.push(...started);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(
      apis.map(
        ({ child }) =>
          new Promise((resolve) => {
            if (child.exitCode !== null) return resolve(null);
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
    await h?.close();
  });

  const call = async (i: number, method: string, path: string, body?: object, headers: Record<string, string> = {}) => {
    const res = await fetch(`${apis[i].base}${path}`, {
      method,
      headers: { 'x-api-key': ADMIN_KEY, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, text, json: (): any => JSON.parse(text) };
  };

  /** The sum of a metric's samples the pattern picks (its one group: the value). */
  const sum = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].reduce((n, m) => n + Number(m[1]), 0);

  /** An inbound text as Twilio posts it, signed for the public URL both instances sit behind. */
  const inbound = async (i: number, from: string, to: string, sid = newMessageSid()) => {
    const form = inboundForm(h.twilio.accountSid, from, 'hello', { MessageSid: sid, SmsSid: sid, To: to });
    const signature = twilio.getExpectedTwilioSignature(h.twilio.authToken, `${PUBLIC_BASE_URL}/twilio/inbound`, form);
    const res = await fetch(`${apis[i].base}/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, sid };
  };

  it('takes webhooks on either instance, each text answered once, and reads the same on both', async () => {
    const customers = Array.from({ length: 40 }, (_, i) => `+1555401${String(i).padStart(4, '0')}`);
    const results = await Promise.all(customers.map((from, i) => inbound(i % 2, from, h.env.TWILIO_DEFAULT_FROM)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await waitFor(() => h.twilio.sent.length >= 40, '40 replies at Twilio', 30_000);
    await h.settle(30_000);
    expect(new Set(h.twilio.sent.map((m) => m.to))).toEqual(new Set(customers));
    expect(h.twilio.sent).toHaveLength(40);

    const lists = await Promise.all([0, 1].map((i) => call(i, 'GET', '/api/messages?limit=200')));
    const ids = lists.map((list) => list.json().items.map((m: { id: string }) => m.id));
    expect(ids[0]).toHaveLength(80);
    expect(ids[1]).toEqual(ids[0]);
    // Written on one, read on the other at once: nothing admin reads is cached.
    const phone = encodeURIComponent(customers[0]);
    expect((await call(0, 'PATCH', `/api/contacts/${phone}`, { name: 'Ada' })).status).toBe(200);
    expect((await call(1, 'GET', `/api/contacts/${phone}`)).json()).toMatchObject({ name: 'Ada' });
  }, 60_000);

  it('refuses on one instance a key revoked on the other within 5 s', async () => {
    const business = await call(0, 'POST', '/api/businesses', { name: 'Keyed', slug: 'keyed' });
    expect(business.status).toBe(201);
    const key = (await call(0, 'POST', '/api/businesses/keyed/api-keys', { name: 'ci' })).json();
    // Looked up (and cached) on both before the revocation.
    for (const i of [0, 1])
      expect((await call(i, 'GET', '/api/messages', undefined, { 'x-api-key': key.key })).status).toBe(200);
    expect((await call(0, 'DELETE', `/api/businesses/keyed/api-keys/${key.id}`)).status).toBe(204);
    const revokedAt = Date.now();
    expect((await call(0, 'GET', '/api/messages', undefined, { 'x-api-key': key.key })).status).toBe(401);
    await waitFor(
      async () => (await call(1, 'GET', '/api/messages', undefined, { 'x-api-key': key.key })).status === 401,
      'the other instance to refuse the revoked key',
      BUSINESS_LOOKUP_TTL_MS + 2_000,
    );
    expect(Date.now() - revokedAt).toBeLessThan(BUSINESS_LOOKUP_TTL_MS + 1_000);
  });

  it('routes a number moved on one instance to its new business on the other within 5 s', async () => {
    for (const slug of ['from-co', 'to-co'])
      expect((await call(0, 'POST', '/api/businesses', { name: slug, slug })).status).toBe(201);
    expect((await call(0, 'POST', '/api/businesses/from-co/numbers', { address: NUMBER })).status).toBe(201);
    const businessOf = async (sid: string) =>
      (await h.prisma.message.findFirst({ where: { sid }, include: { business: true } }))?.business.slug;
    // The other instance learns the number (within its cache) and routes to its first owner.
    await waitFor(
      async () => (await businessOf((await inbound(1, '+15554020001', NUMBER)).sid)) === 'from-co',
      'from-co',
    );

    expect((await call(0, 'DELETE', `/api/businesses/from-co/numbers/${encodeURIComponent(NUMBER)}`)).status).toBe(204);
    expect((await call(0, 'POST', '/api/businesses/to-co/numbers', { address: NUMBER })).status).toBe(201);
    const movedAt = Date.now();
    await waitFor(
      async () => (await businessOf((await inbound(1, '+15554020001', NUMBER)).sid)) === 'to-co',
      'the other instance to route the moved number to its new business',
      BUSINESS_LOOKUP_TTL_MS + 3_000,
    );
    expect(Date.now() - movedAt).toBeLessThan(BUSINESS_LOOKUP_TTL_MS + 1_500);
    await h.settle(20_000);
  });

  it('gives the same shared metrics and the same Bull Board on either instance', async () => {
    await h.settle(20_000);
    const scrapes = await Promise.all([0, 1].map((i) => call(i, 'GET', '/metrics')));
    expect(scrapes.map((s) => s.status)).toEqual([200, 200]);
    // Counted by the worker in Redis: the same on both.
    const sends = scrapes.map((s) => sum(s.text, /^switchboard_twilio_sends_total\{outcome="accepted"[^}]*\} (\d+)/gm));
    expect(sends[0]).toBeGreaterThanOrEqual(40);
    expect(sends[1]).toBe(sends[0]);
    // Counted by each instance for the webhooks it took: together, all of them.
    const webhooks = scrapes.map((s) =>
      sum(s.text, /^switchboard_webhooks_total\{[^}]*outcome="accepted"[^}]*\} (\d+)/gm),
    );
    expect(webhooks.every((n) => n > 0)).toBe(true);
    const accepted = await h.prisma.message.count({ where: { direction: 'inbound' } });
    expect(webhooks[0] + webhooks[1]).toBe(accepted);

    const boards = await Promise.all([0, 1].map((i) => call(i, 'GET', '/admin/queues/api/queues')));
    expect(boards.map((b) => b.status)).toEqual([200, 200]);
    // The maintenance queue moves on every tick; the others are idle now, so both must read alike.
    const summary = (board: { json: () => { queues: Array<{ name: string; counts: Record<string, number> }> } }) =>
      board
        .json()
        .queues.map((q) => (q.name === 'maintenance' ? q.name : `${q.name}:${JSON.stringify(q.counts)}`))
        .sort();
    expect(summary(boards[0])).toHaveLength(Object.values(QueueName).length);
    expect(summary(boards[0]).some((q) => q.startsWith('inbound:') && !q.includes('"completed":0'))).toBe(true);
    expect(summary(boards[1])).toEqual(summary(boards[0]));
  });
});
