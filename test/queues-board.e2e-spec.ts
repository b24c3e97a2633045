import { setTimeout as sleep } from 'node:timers/promises';
import { secretDigest } from '@app/config';
import { ADMIN_KEY, Harness } from './support';

const LONG_KEY = 'a-production-admin-key-of-at-least-32-characters';

/** Logs in with the board's form; the answer and the cookie it set (`name=value`). */
async function login(h: Harness, key = ADMIN_KEY, headers: Record<string, string> = {}) {
  const res = await h.api.inject({
    method: 'POST',
    url: '/admin/queues/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: `key=${encodeURIComponent(key)}`,
  });
  const setCookie = String(res.headers['set-cookie'] ?? '');
  return { res, setCookie, cookie: setCookie.split(';')[0], value: setCookie.split(';')[0].split('=')[1] };
}

const board = (h: Harness, cookie: string) =>
  h.api.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie } });

describe('Bull Board at /admin/queues', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });
  afterAll(() => h.close());

  it('asks for the key (401 with a login form) without it', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/admin/queues' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('<form method="post" action="/admin/queues/login"');
    expect((await h.api.inject({ method: 'GET', url: '/admin/queues/api/queues' })).statusCode).toBe(401);
  });

  it('lists every queue for the X-API-Key header', async () => {
    const page = await h.api.inject({ method: 'GET', url: '/admin/queues', headers: { 'x-api-key': ADMIN_KEY } });
    expect(page.statusCode).toBe(200);
    const api = await h.api.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { 'x-api-key': ADMIN_KEY },
    });
    expect(api.statusCode).toBe(200);
    expect(
      api
        .json()
        .queues.map((q: { name: string }) => q.name)
        .sort(),
    ).toEqual(['calendar', 'campaign', 'campaign-batch', 'inbound', 'maintenance', 'outbound']);
  });

  it('reads at most 4 KiB of login form (a key is 32–128 characters), before any key is compared', async () => {
    const res = await h.api.inject({
      method: 'POST',
      url: '/admin/queues/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `key=${'k'.repeat(5_000)}`,
    });
    expect(res.statusCode).toBe(413);
  });

  it('logs in with the form: a session cookie, never the key', async () => {
    const wrong = await h.api.inject({
      method: 'POST',
      url: '/admin/queues/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'key=nope',
    });
    expect(wrong.statusCode).toBe(401);
    const login = await h.api.inject({
      method: 'POST',
      url: '/admin/queues/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `key=${ADMIN_KEY}`,
    });
    expect(login.statusCode).toBe(303);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).not.toContain(ADMIN_KEY);
    const cookie = setCookie.split(';')[0];
    const api = await h.api.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie } });
    expect(api.statusCode).toBe(200);
  });

  it('gives each login its own random session id, never derived from the key', async () => {
    const first = await login(h);
    const second = await login(h);
    expect(first.res.statusCode).toBe(303);
    expect(first.value).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(second.value).not.toBe(first.value);
    for (const { value } of [first, second]) {
      expect(value).not.toBe(secretDigest(ADMIN_KEY));
      expect(value).not.toContain(ADMIN_KEY);
    }
    expect((await board(h, first.cookie)).statusCode).toBe(200);
    expect((await board(h, second.cookie)).statusCode).toBe(200);
    // A cookie made from the key, as the board used to set, opens nothing.
    expect((await board(h, `switchboard_board=${secretDigest(ADMIN_KEY)}`)).statusCode).toBe(401);
  });

  it('sets a cookie that expires, for the board only, HttpOnly and SameSite=Strict', async () => {
    const { setCookie } = await login(h);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toMatch(/; Path=\/admin\/queues(;|$)/);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(setCookie)?.[1]);
    expect(maxAge).toBe(12 * 3600);
    // Plain http outside production: a Secure cookie would never come back.
    expect(setCookie).not.toMatch(/; Secure/i);
  });

  it('revokes the session on logout', async () => {
    const { cookie } = await login(h);
    expect((await board(h, cookie)).statusCode).toBe(200);
    const logout = await h.api.inject({ method: 'POST', url: '/admin/queues/logout', headers: { cookie } });
    expect(logout.statusCode).toBe(303);
    expect(logout.headers.location).toBe('/admin/queues');
    expect(String(logout.headers['set-cookie'])).toMatch(/switchboard_board=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    // The browser drops the cookie; a copy of it (from a log, say) is refused too.
    expect((await board(h, cookie)).statusCode).toBe(401);
    // Logging out without a session is harmless.
    expect((await h.api.inject({ method: 'POST', url: '/admin/queues/logout' })).statusCode).toBe(303);
  });

  it('refuses a session made with another ADMIN_API_KEY, and keeps one made with the same key', async () => {
    const { cookie } = await login(h);
    const sameKey = await Harness.start({ worker: false, env: { QUEUE_PREFIX: h.env.QUEUE_PREFIX } });
    try {
      expect((await board(sameKey, cookie)).statusCode).toBe(200);
    } finally {
      await sameKey.close();
    }
    const newKey = await Harness.start({
      worker: false,
      env: { QUEUE_PREFIX: h.env.QUEUE_PREFIX, ADMIN_API_KEY: 'the-rotated-admin-key' },
    });
    try {
      expect((await board(newKey, cookie)).statusCode).toBe(401);
      expect((await board(newKey, (await login(newKey, 'the-rotated-admin-key')).cookie)).statusCode).toBe(200);
    } finally {
      await newKey.close();
    }
    // Back on the first key, the session stays revoked.
    expect((await board(h, cookie)).statusCode).toBe(401);
  });
});

describe('board sessions expire', () => {
  it('refuses a session once its time is up', async () => {
    const h = await Harness.start({ worker: false, env: { ADMIN_SESSION_TTL_SECONDS: '1' } });
    try {
      const { cookie, setCookie } = await login(h);
      expect(setCookie).toMatch(/Max-Age=1(;|$)/);
      expect((await board(h, cookie)).statusCode).toBe(200);
      await sleep(1_200);
      expect((await board(h, cookie)).statusCode).toBe(401);
    } finally {
      await h.close();
    }
  });
});

describe('a Secure board cookie', () => {
  it('over https as the trusted proxy reports it', async () => {
    const h = await Harness.start({ worker: false, env: { TRUST_PROXY: '1' } });
    try {
      expect((await login(h, ADMIN_KEY, { 'x-forwarded-proto': 'https' })).setCookie).toMatch(/; Secure/i);
      expect((await login(h, ADMIN_KEY, { 'x-forwarded-proto': 'http' })).setCookie).not.toMatch(/; Secure/i);
    } finally {
      await h.close();
    }
  });

  it('not when an untrusted client claims https', async () => {
    const h = await Harness.start({ worker: false });
    try {
      expect((await login(h, ADMIN_KEY, { 'x-forwarded-proto': 'https' })).setCookie).not.toMatch(/; Secure/i);
    } finally {
      await h.close();
    }
  });

  it('always in production', async () => {
    const h = await Harness.start({ worker: false, env: { NODE_ENV: 'production', ADMIN_API_KEY: LONG_KEY } });
    try {
      const { res, setCookie } = await login(h, LONG_KEY);
      expect(res.statusCode).toBe(303);
      expect(setCookie).toMatch(/; Secure/i);
    } finally {
      await h.close();
    }
  });
});
