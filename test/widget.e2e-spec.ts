import { randomBytes } from 'node:crypto';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { DEFAULT_BUSINESS_ID, newApiKey } from '@app/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUSINESS_LOOKUP_TTL_MS } from '@app/database';
import { RedisConnection, SharedCounters } from '@app/queue';
import { ADMIN_KEY, Harness, waitFor } from './support';

/**
 * Issue 17: the web chat widget. Through the real API (its intake, validation, CORS), PostgreSQL,
 * the queue, the worker and the fake OpenAI: a visitor's message is answered by the same engine as
 * texts, shows in the conversations as channel `web`, and the widget token opens that and nothing else.
 */
describe('web chat widget', () => {
  const SITE = 'https://shop.example';
  const REPLY_TIMEOUT_MS = 1_500;
  const PER_VISITOR = 5;
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await Harness.start({
      env: { WIDGET_REPLY_TIMEOUT_MS: String(REPLY_TIMEOUT_MS), WIDGET_RATE_LIMIT_PER_VISITOR: String(PER_VISITOR) },
    });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.truncate();
    expect((await h.admin('POST', '/api/ai/config', { enabled: true })).statusCode).toBe(200);
    token = await rotate('default');
    expect((await h.admin('PATCH', '/api/businesses/default', { widgetAllowedOrigins: [SITE] })).statusCode).toBe(200);
  });

  async function rotate(business: string): Promise<string> {
    const res = await h.admin('POST', `/api/businesses/${business}/widget-token`);
    expect(res.statusCode).toBe(200);
    return res.json<{ token: string }>().token;
  }
  const visitor = () => `v_${randomBytes(6).toString('hex')}`;
  const send = (body: object, headers: Record<string, string> = {}, widgetToken: string | null = token) =>
    h.api.inject({
      method: 'POST',
      url: '/api/widget/messages',
      headers: { ...(widgetToken === null ? {} : { 'x-widget-token': widgetToken }), ...headers },
      payload: body,
    });
  const poll = (visitorId: string, widgetToken = token, extra = '') =>
    h.api.inject({
      method: 'GET',
      url: `/api/widget/messages?visitorId=${visitorId}${extra}`,
      headers: { 'x-widget-token': widgetToken },
    });

  it('answers a visitor with the same engine as texts; the conversation is listed as channel web', async () => {
    const id = visitor();
    const res = await send({ visitorId: id, text: 'When are you open?' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'answered',
      reply: 'AI answer to: When are you open?',
      channel: 'web',
      answers: [{ text: 'AI answer to: When are you open?' }],
    });
    const list = (await h.admin('GET', '/api/conversations')).json<{
      items: Array<{ participant: string; lastMessage: { channel: string; direction: string } }>;
    }>();
    expect(list.items).toEqual([
      expect.objectContaining({
        participant: `web:${id}`,
        lastMessage: expect.objectContaining({ channel: 'web', direction: 'outbound' }),
      }),
    ]);
    const thread = await h.admin('GET', `/api/conversations/${encodeURIComponent(`web:${id}`)}`);
    expect(thread.statusCode).toBe(200);
    // Given in the chat, never sent through Twilio.
    await waitFor(
      async () => (await h.prisma.message.findFirst({ where: { direction: 'outbound' } }))?.status === 'delivered',
      'the answer recorded as given',
    );
    expect(h.twilio.sent).toEqual([]);
    // The model saw the visitor's earlier message on the next one.
    await send({ visitorId: id, text: 'And on Sunday?' });
    expect(JSON.stringify(h.openai.requests[h.openai.requests.length - 1].messages)).toContain('When are you open?');
    await h.api.get(SharedCounters).flush();
    const counted = await h.api.get(SharedCounters).read('widget_messages_total');
    expect(counted.find((c) => c.labels[0] === 'default')?.value).toBeGreaterThanOrEqual(2);
  });

  it('streams the answer as Server-Sent Events when asked for text/event-stream', async () => {
    const res = await send({ visitorId: visitor(), text: 'Hello there' }, { accept: 'text/event-stream' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => events.push(event) });
    parser.feed(res.body);
    expect(events.map((e) => e.event)).toEqual(['accepted', 'answer', 'done']);
    expect(JSON.parse(events[1].data)).toMatchObject({ text: 'AI answer to: Hello there' });
    expect(JSON.parse(events[2].data)).toEqual({ status: 'answered' });
  });

  it('answers 202 when the engine is slow; the chat picks the answer up with GET', async () => {
    h.openai.latencyMs = REPLY_TIMEOUT_MS + 500;
    const id = visitor();
    const since = new Date(Date.now() - 1000).toISOString();
    const res = await send({ visitorId: id, text: 'Can someone come today?' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'pending', reply: null, answers: [] });
    let answers: Array<{ text: string }> = [];
    await waitFor(async () => {
      answers = (await poll(id, token, `&after=${encodeURIComponent(since)}`)).json<{ answers: typeof answers }>()
        .answers;
      return answers.length > 0;
    }, 'the late answer');
    expect(answers.map((a) => a.text)).toEqual(['AI answer to: Can someone come today?']);
  }, 15_000);

  it('refuses a missing, wrong or revoked token, and an API key, with 401; a widget token opens no other route', async () => {
    const body = { visitorId: visitor(), text: 'hi' };
    expect((await send(body, {}, null)).statusCode).toBe(401);
    expect((await send(body, {}, `sbw_${randomBytes(32).toString('base64url')}`)).statusCode).toBe(401);
    expect((await send(body, {}, 'nonsense')).statusCode).toBe(401);
    expect((await send(body, {}, ADMIN_KEY)).statusCode).toBe(401);
    const { key, prefix, hash } = newApiKey();
    await h.prisma.apiKey.create({ data: { businessId: DEFAULT_BUSINESS_ID, name: 'k', prefix, keyHash: hash } });
    expect((await h.admin('GET', '/api/messages', undefined, key)).statusCode).toBe(200);
    expect((await send(body, {}, key)).statusCode).toBe(401);
    expect((await send(body, { 'x-api-key': ADMIN_KEY }, null)).statusCode).toBe(401);
    for (const url of ['/api/messages', '/api/conversations', '/api/businesses']) {
      expect((await h.admin('GET', url, undefined, token)).statusCode).toBe(401);
      expect((await h.admin('GET', url, undefined, null, { 'x-widget-token': token })).statusCode).toBe(401);
    }
    // Rotated: the old token is refused at once on this instance.
    const fresh = await rotate('default');
    expect((await send(body, {}, token)).statusCode).toBe(401);
    expect((await send(body, {}, fresh)).statusCode).toBe(200);
    // Nothing was stored for the refused ones.
    expect(await h.prisma.message.count({ where: { direction: 'inbound' } })).toBe(1);
  });

  it('never shows the token but in the rotate answer', async () => {
    const rotated = await h.admin('POST', '/api/businesses/default/widget-token');
    const fresh = rotated.json<{ token: string; embed: string }>();
    expect(fresh.token).toMatch(/^sbw_[A-Za-z0-9_-]{43}$/);
    expect(fresh.embed).toBe(
      `<script src="https://switchboard.test/widget/embed.js" data-token="${fresh.token}" async></script>`,
    );
    const business = await h.admin('GET', '/api/businesses/default');
    expect(business.json().widget).toEqual({ tokenSet: true, allowedOrigins: [SITE] });
    expect(business.body).not.toContain(fresh.token);
    const listed = await h.admin('GET', '/api/businesses');
    expect(listed.body).not.toContain(fresh.token);
    const stored = await h.prisma.business.findUniqueOrThrow({ where: { id: DEFAULT_BUSINESS_ID } });
    expect(JSON.stringify(stored)).not.toContain(fresh.token);
    const answered = await send({ visitorId: visitor(), text: 'hi' }, {}, fresh.token);
    expect(answered.body).not.toContain(fresh.token);
  });

  it('sends CORS headers only to an allowed origin; a request without Origin still works', async () => {
    const preflight = (origin: string) =>
      h.api.inject({
        method: 'OPTIONS',
        url: '/api/widget/messages',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-widget-token',
        },
      });
    const allowed = await preflight(SITE);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(SITE);
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('x-widget-token');
    const refused = await preflight('https://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['access-control-allow-methods']).toBeUndefined();
    const right = await send({ visitorId: visitor(), text: 'hi' }, { origin: SITE });
    expect(right.headers['access-control-allow-origin']).toBe(SITE);
    expect(right.headers.vary).toMatch(/Origin/);
    const wrong = await send({ visitorId: visitor(), text: 'hi' }, { origin: 'https://evil.example' });
    expect(wrong.headers['access-control-allow-origin']).toBeUndefined();
    expect((await send({ visitorId: visitor(), text: 'hi' })).statusCode).toBe(200);
    // Another business's allowed origin is not this token's.
    await h.admin('POST', '/api/businesses', {
      name: 'Other',
      slug: 'other',
      widgetAllowedOrigins: ['https://other.example'],
    });
    const foreign = await send({ visitorId: visitor(), text: 'hi' }, { origin: 'https://other.example' });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses bad input with the field named: 413 over 16 KiB, 400 for text and visitorId and phone', async () => {
    const id = visitor();
    const big = await send({ visitorId: id, text: 'x'.repeat(1_000_000) });
    expect(big.statusCode).toBe(413);
    const long = await send({ visitorId: id, text: 'x'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(JSON.stringify(long.json().message)).toContain('text');
    for (const visitorId of ['', 'a b', 'x'.repeat(65), 'ünï', '../x']) {
      const res = await send({ visitorId, text: 'hi' });
      expect({ visitorId, status: res.statusCode }).toEqual({ visitorId, status: 400 });
      expect(JSON.stringify(res.json().message)).toContain('visitorId');
    }
    // A phone number is proven with a code (widget-phone.e2e-spec.ts), never just claimed.
    const phone = await send({ visitorId: id, text: 'hi', phone: '+15557654321' });
    expect(phone.statusCode).toBe(400);
    expect(JSON.stringify(phone.json().message)).toContain('phone');
    expect((await send({ visitorId: id, text: '   ' })).statusCode).toBe(400);
    expect(await h.prisma.message.count()).toBe(0);
  });

  it('limits a visitor to WIDGET_RATE_LIMIT_PER_VISITOR messages a minute (429 with Retry-After), others unaffected', async () => {
    h.openai.respond = () => 'ok';
    const id = visitor();
    for (let i = 0; i < PER_VISITOR; i++) expect((await send({ visitorId: id, text: `m${i}` })).statusCode).toBe(200);
    const limited = await send({ visitorId: id, text: 'one more' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await send({ visitorId: visitor(), text: 'another visitor' })).statusCode).toBe(200);
  });

  it('counts the token’s budget across API instances, and a rotated token is refused everywhere within 5 s', async () => {
    // A second instance on the same Redis keys (QUEUE_PREFIX) and database, with a budget of 3 a minute.
    const second = await Harness.start({
      worker: false,
      env: { QUEUE_PREFIX: h.env.QUEUE_PREFIX, WIDGET_RATE_LIMIT_PER_TOKEN: '3' },
    });
    try {
      // The earlier tests' requests of this minute are in the same window: start from an empty one.
      const budget = `${h.env.QUEUE_PREFIX}:widget:token:${DEFAULT_BUSINESS_ID}`;
      await h.api.get(RedisConnection).client.del(budget);
      const viaSecond = (widgetToken: string) =>
        second.api.inject({
          method: 'GET',
          url: `/api/widget/messages?visitorId=${visitor()}`,
          headers: { 'x-widget-token': widgetToken },
        });
      expect((await poll(visitor())).statusCode).toBe(200);
      expect((await poll(visitor())).statusCode).toBe(200);
      expect((await viaSecond(token)).statusCode).toBe(200);
      const limited = await viaSecond(token);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Rotated on the first instance: the second refuses the old token once its 5 s lookup cache expires.
      await h.api.get(RedisConnection).client.del(budget);
      await rotate('default');
      const rotatedAt = Date.now();
      while ((await viaSecond(token)).statusCode !== 401) {
        expect(Date.now() - rotatedAt).toBeLessThan(BUSINESS_LOOKUP_TTL_MS + 1_000);
        await sleep(250);
      }
    } finally {
      await second.close();
    }
  }, 20_000);

  it('refuses a suspended business’s widget with 403', async () => {
    await h.admin('POST', '/api/businesses', { name: 'Sleepy', slug: 'sleepy' });
    const sleepy = await rotate('sleepy');
    expect((await send({ visitorId: visitor(), text: 'hi' }, {}, sleepy)).statusCode).toBe(200);
    await h.admin('POST', '/api/businesses/sleepy/suspend');
    const res = await send({ visitorId: visitor(), text: 'hi' }, {}, sleepy);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('business suspended');
  });

  it('keeps businesses apart: a visitor id means nothing across businesses', async () => {
    await h.admin('POST', '/api/businesses', { name: 'Acme', slug: 'acme' });
    await h.admin('POST', '/api/ai/config', { enabled: true }, ADMIN_KEY, { 'x-business-id': 'acme' });
    const acme = await rotate('acme');
    const id = visitor();
    const secret = `secret ${randomBytes(4).toString('hex')}`;
    expect((await send({ visitorId: id, text: secret })).statusCode).toBe(200);
    const theirs = await poll(id, acme);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).toEqual({ answers: [] });
    const acmeList = await h.admin('GET', '/api/conversations', undefined, ADMIN_KEY, { 'x-business-id': 'acme' });
    expect(acmeList.json().items).toEqual([]);
    expect((await poll(id)).body).toContain(secret);
    // The same visitor id at acme is acme's own conversation.
    expect((await send({ visitorId: id, text: 'hello acme' }, {}, acme)).json().reply).toBe('AI answer to: hello acme');
    expect((await poll(id, acme)).body).not.toContain(secret);
  });

  it('books through the fixed flow from the chat: the appointment’s source is widget', async () => {
    await h.openForBooking('America/New_York');
    const id = visitor();
    const offer = (await send({ visitorId: id, text: 'BOOK' })).json<{ reply: string }>().reply;
    expect(offer).toMatch(/^Reply 1, 2 or 3 to choose:/);
    const confirmation = (await send({ visitorId: id, text: '1' })).json<{ reply: string }>().reply;
    expect(confirmation).toMatch(/^Booked: /);
    const [booked] = await h.prisma.appointment.findMany();
    expect(booked).toMatchObject({ status: 'booked', source: 'widget' });
  });

  it('serves embed.js to any site and chat.html framed only by the allowed origins', async () => {
    const embed = await h.api.inject({ method: 'GET', url: '/widget/embed.js' });
    expect(embed.statusCode).toBe(200);
    expect(embed.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(embed.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(embed.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(embed.body).toContain('data-token');
    const chat = await h.api.inject({ method: 'GET', url: `/widget/chat.html?token=${token}` });
    expect(chat.statusCode).toBe(200);
    const csp = String(chat.headers['content-security-policy']);
    expect(csp).toContain(`frame-ancestors 'self' ${SITE}`);
    expect(csp).toMatch(/script-src 'sha256-[^']+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(chat.headers['x-frame-options']).toBeUndefined();
    expect(chat.body).toContain('aria-live');
    const unknown = await h.api.inject({ method: 'GET', url: '/widget/chat.html?token=sbw_nope' });
    expect(unknown.statusCode).toBe(404);
  });

  it('takes only exact origins, at most 20, naming the field otherwise', async () => {
    for (const origins of [['https://shop.example/page'], ['http://shop.example'], ['*']]) {
      const res = await h.admin('PATCH', '/api/businesses/default', { widgetAllowedOrigins: origins });
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json().message)).toContain('widgetAllowedOrigins.0');
    }
    const many = Array.from({ length: 21 }, (_, i) => `https://s${i}.example`);
    const tooMany = await h.admin('PATCH', '/api/businesses/default', { widgetAllowedOrigins: many });
    expect(tooMany.statusCode).toBe(400);
    expect(JSON.stringify(tooMany.json().message)).toContain('widgetAllowedOrigins');
    const local = await h.admin('PATCH', '/api/businesses/default', {
      widgetAllowedOrigins: ['http://localhost:8080'],
    });
    expect(local.json().widget.allowedOrigins).toEqual(['http://localhost:8080']);
  });
});
