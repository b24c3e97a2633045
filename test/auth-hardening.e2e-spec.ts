import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import { ADMIN_KEY, Harness, inboundForm, PUBLIC_BASE_URL } from './support';

/**
 * The pen test's "rate limits that do not limit": a spoofed X-Forwarded-For and a %-encoded path
 * dodged the admin rate limit, and /admin/queues/login and /metrics took ~1,500 key guesses a second.
 */
type Method = 'GET' | 'POST';
const METRICS_TOKEN = 'metrics-token-for-the-lockout-test';

function request(h: Harness, ip: string, method: Method, url: string, headers: Record<string, string> = {}) {
  return h.api.inject({ method, url, headers, remoteAddress: ip });
}

function boardLogin(h: Harness, ip: string, key: string) {
  return h.api.inject({
    method: 'POST',
    url: '/admin/queues/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `key=${encodeURIComponent(key)}`,
    remoteAddress: ip,
  });
}

/** A signed inbound webhook posted to `path` exactly as spelled (the signature covers the URL as sent). */
function webhookAt(h: Harness, ip: string, path: string) {
  const form = inboundForm(h.twilio.accountSid, '+15557654321', 'hi');
  return h.api.inject({
    method: 'POST',
    url: path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(h.twilio.authToken, `${PUBLIC_BASE_URL}${path}`, form),
    },
    payload: new URLSearchParams(form).toString(),
    remoteAddress: ip,
  });
}

describe('admin rate limit keyed on the real client address', () => {
  describe('without TRUST_PROXY (the default)', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start({ worker: false, env: { ADMIN_RATE_LIMIT_PER_MINUTE: '5' } });
    });
    afterAll(() => h.close());

    it('ignores X-Forwarded-For: a client cannot dodge the limit by inventing addresses', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await request(h, '198.51.100.10', 'GET', '/api/messages', {
          'x-api-key': ADMIN_KEY,
          'x-forwarded-for': `203.0.113.${i}`,
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    });

    it("cannot lock the admin out by spoofing the admin's address", async () => {
      for (let i = 0; i < 8; i++) {
        await request(h, '198.51.100.66', 'GET', '/api/messages', { 'x-forwarded-for': '198.51.100.1' });
      }
      const admin = await request(h, '198.51.100.1', 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY });
      expect(admin.statusCode).toBe(200);
    });

    it('answers 429 with Retry-After', async () => {
      for (let i = 0; i < 5; i++) await request(h, '198.51.100.20', 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY });
      const res = await request(h, '198.51.100.20', 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY });
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('with TRUST_PROXY as a hop count', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start({ worker: false, env: { ADMIN_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' } });
    });
    afterAll(() => h.close());

    it('keys on the address the proxy saw, whatever the client put in front of it', async () => {
      const via = (xff: string) =>
        request(h, '127.0.0.1', 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY, 'x-forwarded-for': xff });
      const a = [];
      // Client A rotates a spoofed first entry; the proxy appends A's real address last.
      for (let i = 0; i < 5; i++) a.push((await via(`10.9.9.${i}, 203.0.113.50`)).statusCode);
      expect(a).toEqual([200, 200, 200, 429, 429]);
      // A putting B's address in front is still A; B, behind the same proxy, has its own budget.
      expect((await via('203.0.113.51, 203.0.113.50')).statusCode).toBe(429);
      expect((await via('203.0.113.51')).statusCode).toBe(200);
    });
  });

  describe('with TRUST_PROXY as a list of proxy addresses', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start({
        worker: false,
        env: { ADMIN_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' },
      });
    });
    afterAll(() => h.close());

    it('trusts X-Forwarded-For only from the listed proxies', async () => {
      const chain = { 'x-api-key': ADMIN_KEY, 'x-forwarded-for': '203.0.113.80, 10.1.2.3' };
      const viaProxies = [];
      for (let i = 0; i < 3; i++)
        viaProxies.push((await request(h, '127.0.0.1', 'GET', '/api/messages', chain)).statusCode);
      expect(viaProxies).toEqual([200, 200, 429]);
      // Not a listed proxy: its X-Forwarded-For is ignored, so it is limited as itself, not as 203.0.113.80.
      const direct = [];
      for (let i = 0; i < 3; i++) {
        direct.push(
          (
            await request(h, '198.51.100.99', 'GET', '/api/messages', {
              'x-api-key': ADMIN_KEY,
              'x-forwarded-for': `203.0.113.${90 + i}`,
            })
          ).statusCode,
        );
      }
      expect(direct).toEqual([200, 200, 429]);
    });
  });

  describe('whatever the spelling of the path', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start({ worker: false, env: { ADMIN_RATE_LIMIT_PER_MINUTE: '3' } });
    });
    afterAll(() => h.close());

    it('limits the admin API however its path is written', async () => {
      const ip = '198.51.100.30';
      for (let i = 0; i < 3; i++) {
        expect((await request(h, ip, 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY })).statusCode).toBe(200);
      }
      // Spellings the router serves as /api/messages: refused by the limit.
      for (const spelling of [
        '/api/messages',
        '/%61pi/messages',
        '/%61%70%69/%6d%65ssages',
        '/api/%6Dessages',
        '/api/messages?limit=1',
      ]) {
        const res = await request(h, ip, 'GET', spelling, { 'x-api-key': ADMIN_KEY });
        expect({ spelling, status: res.statusCode }).toEqual({ spelling, status: 429 });
      }
      // Spellings it does not route (404): never served either way.
      for (const spelling of [
        '/%2561pi/messages',
        '//api/messages',
        '/api//messages',
        '/api/messages/',
        '/API/messages',
        '/Api/Messages',
        '/api/./messages',
        '/x/../api/messages',
      ]) {
        const res = await request(h, ip, 'GET', spelling, { 'x-api-key': ADMIN_KEY });
        expect({ spelling, served: res.statusCode < 400 }).toEqual({ spelling, served: false });
      }
    });

    it('never limits webhooks or the health check, however they are written', async () => {
      const ip = '198.51.100.31';
      for (let i = 0; i < 4; i++) await request(h, ip, 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY });
      expect((await request(h, ip, 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY })).statusCode).toBe(429);
      for (const path of ['/twilio/inbound', '/%74wilio/inbound', '/twilio/%69nbound']) {
        for (let i = 0; i < 5; i++) {
          const res = await webhookAt(h, ip, path);
          expect({ path, status: res.statusCode }).toEqual({ path, status: 200 });
        }
      }
      for (const path of ['/api/health', '/%61pi/health', '/api/%68ealth']) {
        for (let i = 0; i < 5; i++) {
          const res = await request(h, ip, 'GET', path);
          expect({ path, status: res.statusCode }).toEqual({ path, status: 200 });
        }
      }
    });
  });
});

describe('failed authentication locks the address out', () => {
  let h: Harness;
  const FAILURES = 5;

  beforeAll(async () => {
    h = await Harness.start({
      worker: false,
      env: {
        METRICS_TOKEN,
        AUTH_LOCKOUT_FAILURES: String(FAILURES),
        AUTH_LOCKOUT_SECONDS: '60',
      },
    });
  });
  afterAll(() => h.close());

  /** `count` failed attempts on one surface from `ip`; their statuses. */
  async function guess(surface: string, ip: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const wrong = `wrong-key-${surface}-${i}`;
      const res =
        surface === 'board-login'
          ? await boardLogin(h, ip, wrong)
          : surface === 'board-header'
            ? await request(h, ip, 'GET', '/admin/queues/api/queues', { 'x-api-key': wrong })
            : surface === 'metrics-bearer'
              ? await request(h, ip, 'GET', '/metrics', { authorization: `Bearer ${wrong}` })
              : surface === 'metrics-key'
                ? await request(h, ip, 'GET', '/metrics', { 'x-api-key': wrong })
                : await request(h, ip, 'GET', '/api/messages', { 'x-api-key': wrong });
      statuses.push(res.statusCode);
    }
    return statuses;
  }

  it.each([
    ['board-login', '198.51.100.101'],
    ['board-header', '198.51.100.102'],
    ['metrics-bearer', '198.51.100.103'],
    ['metrics-key', '198.51.100.104'],
    ['api-key', '198.51.100.105'],
  ])('%s (from %s): past the limit the address gets 429 with Retry-After, not another guess', async (surface, ip) => {
    const statuses = await guess(surface, ip, 40);
    expect(statuses.slice(0, FAILURES)).toEqual(Array(FAILURES).fill(401));
    expect(new Set(statuses.slice(FAILURES))).toEqual(new Set([429]));
    const res = await request(h, ip, 'GET', '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(50);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('gives a burst of concurrent guesses no more answers than the limit', async () => {
    const ip = '198.51.100.106';
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 2 ? boardLogin(h, ip, `burst-${i}`) : request(h, ip, 'GET', '/metrics', { authorization: `Bearer b-${i}` }),
      ).map(async (res) => (await res).statusCode),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - FAILURES);
  });

  it('refuses even the right key from a locked-out address, on every surface, before doing any work', async () => {
    const ip = '198.51.100.110';
    await guess('api-key', ip, FAILURES);
    const before = await h.prisma.message.count();
    const send = await h.api.inject({
      method: 'POST',
      url: '/api/messages',
      headers: { 'x-api-key': ADMIN_KEY },
      payload: { to: '+15557654321', body: 'from a locked-out address' },
      remoteAddress: ip,
    });
    expect(send.statusCode).toBe(429);
    expect(send.json()).toMatchObject({ statusCode: 429 });
    expect(await h.prisma.message.count()).toBe(before);
    expect((await boardLogin(h, ip, ADMIN_KEY)).statusCode).toBe(429);
    expect((await request(h, ip, 'GET', '/admin/queues', { 'x-api-key': ADMIN_KEY })).statusCode).toBe(429);
    expect((await request(h, ip, 'GET', '/metrics', { 'x-api-key': ADMIN_KEY })).statusCode).toBe(429);
    // Health and Twilio's webhooks are not behind the admin key, so not behind its lockout.
    expect((await request(h, ip, 'GET', '/api/health')).statusCode).toBe(200);
    expect((await webhookAt(h, ip, '/twilio/inbound')).statusCode).toBe(200);
  });

  it('locks out the guessing address only: the admin elsewhere, spoofed or not, is not locked out', async () => {
    const attacker = '198.51.100.120';
    const admin = '198.51.100.121';
    for (let i = 0; i < 3 * FAILURES; i++) {
      await request(h, attacker, 'GET', '/api/messages', { 'x-api-key': `guess-${i}`, 'x-forwarded-for': admin });
      await h.api.inject({
        method: 'POST',
        url: '/admin/queues/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': admin },
        payload: `key=guess-${i}`,
        remoteAddress: attacker,
      });
    }
    expect((await request(h, attacker, 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY })).statusCode).toBe(429);
    expect((await request(h, admin, 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY })).statusCode).toBe(200);
    expect((await boardLogin(h, admin, ADMIN_KEY)).statusCode).toBe(303);
  });

  it('does not count requests without a key, nor right keys', async () => {
    const ip = '198.51.100.130';
    for (let i = 0; i < 3 * FAILURES; i++) {
      expect((await request(h, ip, 'GET', '/api/messages')).statusCode).toBe(401);
      expect((await request(h, ip, 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY })).statusCode).toBe(200);
    }
    expect((await request(h, ip, 'GET', '/metrics')).statusCode).toBe(401);
  });

  it('holds across API instances sharing Redis', async () => {
    const ip = '198.51.100.140';
    await guess('board-login', ip, FAILURES);
    const other = await Harness.start({
      worker: false,
      env: { QUEUE_PREFIX: h.env.QUEUE_PREFIX, AUTH_LOCKOUT_FAILURES: String(FAILURES), METRICS_TOKEN },
    });
    try {
      expect((await request(other, ip, 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY })).statusCode).toBe(429);
      expect(
        (await request(other, '198.51.100.141', 'GET', '/api/messages', { 'x-api-key': ADMIN_KEY })).statusCode,
      ).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('the lockout backs off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { AUTH_LOCKOUT_FAILURES: '3', AUTH_LOCKOUT_SECONDS: '1' } });
  });
  afterAll(() => h.close());

  it('doubles each lockout of the same address', async () => {
    const ip = '198.51.100.150';
    const lockout = async () => {
      for (let i = 0; i < 3; i++) {
        expect((await boardLogin(h, ip, `nope-${i}`)).statusCode).toBe(401);
      }
      const locked = await boardLogin(h, ip, 'nope');
      expect(locked.statusCode).toBe(429);
      return Number(locked.headers['retry-after']);
    };
    expect(await lockout()).toBe(1);
    await sleep(1_100);
    expect(await lockout()).toBe(2);
    await sleep(2_100);
    expect(await lockout()).toBe(4);
    // Once it ends, the right key works again.
    await sleep(4_100);
    expect((await boardLogin(h, ip, ADMIN_KEY)).statusCode).toBe(303);
  }, 30_000);
});
