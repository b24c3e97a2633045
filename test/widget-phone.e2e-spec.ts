import { randomBytes } from 'node:crypto';
import { RedisConnection } from '@app/queue';
import { ADMIN_KEY, BUSINESS_NUMBER, Harness, waitFor } from './support';

/**
 * Issue 17: a web chat visitor proves the phone number they give before the chat becomes that
 * contact's. Through the real widget API, Redis, PostgreSQL, the queue, the worker and the Twilio
 * SDK to the fake Twilio: the code is texted from the business's number, typed back, and only then
 * does the visitor's chat see the contact's history. Codes are budgeted so nobody pumps texts.
 */
describe('web chat visitor phone verification', () => {
  const SITE = 'https://shop.example';
  const PER_VISITOR = 2;
  const PER_NUMBER = 3;
  const PER_BUSINESS = 5;
  const LOCKOUT_AFTER = 4;
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await Harness.start({
      env: {
        WIDGET_REPLY_TIMEOUT_MS: '3000',
        WIDGET_VERIFY_PER_VISITOR_PER_HOUR: String(PER_VISITOR),
        WIDGET_VERIFY_PER_NUMBER_PER_DAY: String(PER_NUMBER),
        WIDGET_VERIFY_PER_BUSINESS_PER_HOUR: String(PER_BUSINESS),
        WIDGET_VERIFY_COUNTRIES: 'US,CA',
        AUTH_LOCKOUT_FAILURES: String(LOCKOUT_AFTER),
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.truncate();
    await forgetCodeBudgets();
    expect((await h.admin('POST', '/api/ai/config', { enabled: true })).statusCode).toBe(200);
    token = await rotate('default');
    expect((await h.admin('PATCH', '/api/businesses/default', { widgetAllowedOrigins: [SITE] })).statusCode).toBe(200);
  });

  /** The budgets and lockouts live in Redis across tests; each test starts with all of them. */
  async function forgetCodeBudgets() {
    const redis = h.api.get(RedisConnection).client;
    const keys = [
      ...(await redis.keys(`${h.env.QUEUE_PREFIX}:widget:*`)),
      ...(await redis.keys(`${h.env.QUEUE_PREFIX}:auth:*`)),
    ];
    if (keys.length) await redis.del(...keys);
  }
  async function rotate(business: string): Promise<string> {
    const res = await h.admin('POST', `/api/businesses/${business}/widget-token`);
    expect(res.statusCode).toBe(200);
    return res.json<{ token: string }>().token;
  }
  const visitor = () => `v_${randomBytes(6).toString('hex')}`;
  const widget = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: object, widgetToken = token) =>
    h.api.inject({ method, url, headers: { 'x-widget-token': widgetToken, origin: SITE }, payload: body });
  const askCode = (visitorId: string, phone: string, widgetToken = token) =>
    widget('POST', '/api/widget/phone', { visitorId, phone }, widgetToken);
  const verify = (visitorId: string, phone: string, code: string, widgetToken = token) =>
    widget('POST', '/api/widget/phone/verify', { visitorId, phone, code }, widgetToken);
  const say = (visitorId: string, text: string, widgetToken = token) =>
    widget('POST', '/api/widget/messages', { visitorId, text }, widgetToken);
  const codesTo = (phone: string) => h.twilio.sent.filter((m) => m.to === phone);
  /** The code in the latest text to `phone`, once the worker has sent it through the SDK. */
  async function codeTextedTo(phone: string, count = 1): Promise<string> {
    await waitFor(() => codesTo(phone).length >= count, `code text #${count} to the number`);
    const match = /\b(\d{6})\b/.exec(codesTo(phone)[count - 1].body ?? '');
    expect(match).not.toBeNull();
    return match![1];
  }
  const lastPrompt = () => JSON.stringify(h.openai.requests[h.openai.requests.length - 1].messages);

  it('texts a code from the business number; once typed back, the chat is that contact’s conversation', async () => {
    const customer = '+12125550123';
    const secret = `gate code ${randomBytes(3).toString('hex')}`;
    await h.inbound(customer, `My ${secret}`);
    await waitFor(() => codesTo(customer).length > 0, 'the SMS answer');
    const id = visitor();

    // Typed, not proven: the chat stays the visitor's own, and the model sees none of the customer's history.
    expect((await say(id, 'hello')).statusCode).toBe(200);
    expect(lastPrompt()).not.toContain(secret);
    expect((await widget('GET', `/api/widget/phone?visitorId=${id}`)).json()).toEqual({ phone: null });

    const asked = await askCode(id, '(212) 555-0123');
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ to: '+1212***0123', expiresInSeconds: 600 });
    expect(asked.headers['access-control-allow-origin']).toBe(SITE);
    const code = await codeTextedTo(customer, 2);
    const text = codesTo(customer)[1];
    expect(text.from).toBe(BUSINESS_NUMBER);
    expect(text.body).toMatch(/^Default: \d{6} is your code for our web chat\./);
    expect(asked.body).not.toContain(code);

    const wrong = await verify(id, customer, code === '000000' ? '111111' : '000000');
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json().message)).toContain('code');
    const right = await verify(id, customer, code);
    expect(right.statusCode).toBe(200);
    expect(right.json()).toEqual({ phone: '+1212***0123' });
    expect((await widget('GET', `/api/widget/phone?visitorId=${id}`)).json()).toEqual({ phone: '+1212***0123' });

    // Proven: the visitor's words are the customer's conversation, with its history — but not the code.
    expect((await say(id, 'It is me from the website')).statusCode).toBe(200);
    const prompt = lastPrompt();
    expect(prompt).toContain(secret);
    expect(prompt).not.toContain(code);
    const stored = await h.prisma.message.findFirst({ where: { body: 'It is me from the website' } });
    expect(stored).toMatchObject({ participant: customer, channel: 'web' });
    const codeMessage = await h.prisma.message.findFirst({ where: { source: 'verification' } });
    expect(codeMessage).toMatchObject({ participant: customer, direction: 'outbound' });

    // A code is used once.
    expect((await verify(id, customer, code)).statusCode).toBe(400);
    // "Not me": anonymous again.
    expect((await widget('DELETE', `/api/widget/phone?visitorId=${id}`)).statusCode).toBe(204);
    expect((await widget('GET', `/api/widget/phone?visitorId=${id}`)).json()).toEqual({ phone: null });
    expect((await say(id, 'still there?')).statusCode).toBe(200);
    expect(lastPrompt()).not.toContain(secret);
  }, 20_000);

  it('never lets a visitor claim a number without its code', async () => {
    const id = visitor();
    const claimed = await say(id, 'hi', token);
    expect(claimed.statusCode).toBe(200);
    const withPhone = await widget('POST', '/api/widget/messages', {
      visitorId: id,
      text: 'hi',
      phone: '+12125550123',
    });
    expect(withPhone.statusCode).toBe(400);
    expect(JSON.stringify(withPhone.json().message)).toContain('phone');
    // A code sent to one number proves no other.
    await askCode(id, '+12125550124');
    const code = await codeTextedTo('+12125550124');
    const other = await verify(id, '+12125550125', code);
    expect(other.statusCode).toBe(400);
    expect(JSON.stringify(other.json().message)).toMatch(/code has expired or was not sent to this number/);
    // Five wrong tries burn the code: the right one is refused after.
    const wrongCode = code === '000000' ? '111111' : '000000';
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push((await verify(id, '+12125550124', wrongCode)).json().message);
    expect(JSON.stringify(tries[4])).toContain('too many wrong tries');
    expect((await verify(id, '+12125550124', code)).statusCode).toBe(400);
    expect((await widget('GET', `/api/widget/phone?visitorId=${id}`)).json()).toEqual({ phone: null });
  }, 20_000);

  it('refuses bad input with the field named, and numbers outside WIDGET_VERIFY_COUNTRIES, texting nothing', async () => {
    const id = visitor();
    for (const [body, field] of [
      [{ visitorId: id, phone: '12' }, 'phone'],
      [{ visitorId: id, phone: 'call me' }, 'phone'],
      [{ visitorId: id, phone: 12125550123 }, 'phone'],
      [{ visitorId: id }, 'phone'],
      [{ visitorId: '../x', phone: '+12125550123' }, 'visitorId'],
      [{ visitorId: id, phone: '+48601234567' }, 'phone'],
      [{ visitorId: id, phone: '+18765550123' }, 'phone'], // Jamaica: +1, not US or CA
      [{ visitorId: id, phone: '+15557654321' }, 'phone'], // +1 555: valid in no country, so in none listed (live)
    ] as const) {
      const res = await widget('POST', '/api/widget/phone', body);
      expect({ body, status: res.statusCode }).toEqual({ body, status: 400 });
      expect(JSON.stringify(res.json().message)).toContain(field);
    }
    for (const code of ['12345', '1234567', 'abcdef', '']) {
      const res = await verify(id, '+12125550123', code);
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json().message)).toContain('code');
    }
    expect((await askCode(id, '+14165550123')).statusCode).toBe(202); // Toronto: CA is listed
    await h.settle();
    expect(h.twilio.sent.map((m) => m.to)).toEqual(['+14165550123']);
  });

  it('budgets codes per visitor, per number and per business (429 with Retry-After); a refused ask spends nothing', async () => {
    const first = visitor();
    for (let i = 0; i < PER_VISITOR; i++) expect((await askCode(first, '+12125550130')).statusCode).toBe(202);
    const limited = await askCode(first, '+12125550131');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
    // The refused ask did not count against the number it named: another visitor can still have one.
    expect((await askCode(visitor(), '+12125550131')).statusCode).toBe(202);
    // The number: PER_NUMBER a day, whoever asks.
    expect((await askCode(visitor(), '+12125550130')).statusCode).toBe(202);
    const numberLimited = await askCode(visitor(), '+12125550130');
    expect(numberLimited.statusCode).toBe(429);
    expect(Number(numberLimited.headers['retry-after'])).toBeGreaterThan(80_000);
    // The business: PER_BUSINESS an hour, all visitors together (4 sent so far).
    expect((await askCode(visitor(), '+12125550132')).statusCode).toBe(202);
    expect((await askCode(visitor(), '+12125550133')).statusCode).toBe(429);
    await h.settle();
    expect(h.twilio.sent).toHaveLength(PER_BUSINESS);
  });

  it('keeps businesses apart: a code or a proven number at one business means nothing at another', async () => {
    await h.admin('POST', '/api/businesses', { name: 'Acme', slug: 'acme', numbers: [{ address: '+12125559999' }] });
    const acme = await rotate('acme');
    const id = visitor();
    expect((await askCode(id, '+12125550140')).statusCode).toBe(202);
    const code = await codeTextedTo('+12125550140');
    expect((await verify(id, '+12125550140', code, acme)).statusCode).toBe(400);
    expect((await verify(id, '+12125550140', code)).statusCode).toBe(200);
    expect((await widget('GET', `/api/widget/phone?visitorId=${id}`, undefined, acme)).json()).toEqual({ phone: null });
    // Acme's code comes from Acme's own number, with Acme's name.
    expect((await askCode(id, '+12125550140', acme)).statusCode).toBe(202);
    await codeTextedTo('+12125550140', 2);
    expect(codesTo('+12125550140')[1]).toMatchObject({ from: '+12125559999', body: expect.stringMatching(/^Acme: /) });
  });

  it('answers 409 for a business with no number to text from, and never texts a number that said STOP', async () => {
    await h.admin('POST', '/api/businesses', { name: 'Mute', slug: 'mute' });
    const mute = await rotate('mute');
    const res = await askCode(visitor(), '+12125550150', mute);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/does not send texts/);

    await h.inbound('+12125550151', 'STOP');
    await h.settle();
    h.twilio.reset();
    // The same answer as for anyone (whether a number opted out is nobody's business), and no text.
    expect((await askCode(visitor(), '+12125550151')).statusCode).toBe(202);
    await h.settle();
    expect(codesTo('+12125550151')).toEqual([]);
  });

  it('opens none of this with an API key or a missing token', async () => {
    const body = { visitorId: visitor(), phone: '+12125550160' };
    for (const headers of [{}, { 'x-api-key': ADMIN_KEY }, { 'x-widget-token': 'sbw_nope' }]) {
      const res = await h.api.inject({ method: 'POST', url: '/api/widget/phone', headers, payload: body });
      expect(res.statusCode).toBe(401);
    }
    await h.settle();
    expect(h.twilio.sent).toEqual([]);
  });

  it('locks out an address that keeps sending wrong widget tokens, before any lookup, as one guessing API keys', async () => {
    const wrong = () => `sbw_${randomBytes(32).toString('base64url')}`;
    for (let i = 0; i < LOCKOUT_AFTER; i++) expect((await say(visitor(), 'hi', wrong())).statusCode).toBe(401);
    // Now even the right token waits: a lockout that let the right guess through would say which one it was.
    const locked = await say(visitor(), 'hi');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await h.admin('GET', '/api/messages')).statusCode).toBe(429);
    // A token of the wrong shape costs nothing and counts for nothing; nothing was stored.
    expect(await h.prisma.message.count()).toBe(0);
  });
});
