import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUSINESS_LOOKUP_TTL_MS } from '@app/database';
import { ADMIN_KEY, Harness, PUBLIC_BASE_URL, builtAppEnv, freePort, spawnBuilt, waitFor } from './support';

/** What app.inject sends as Host: the server's own origin for these requests. */
const OWN_ORIGIN = 'http://localhost';

/** A business made through the platform's routes, with one API key of its own. */
async function businessWithKey(h: Harness, slug: string, number: string) {
  const created = await h.admin('POST', '/api/businesses', {
    name: `Biz ${slug}`,
    slug,
    numbers: [{ address: number }],
  });
  expect(created.statusCode).toBe(201);
  const issued = await h.admin('POST', `/api/businesses/${slug}/api-keys`, { name: 'dashboard' });
  expect(issued.statusCode).toBe(201);
  const { id: keyId, key } = issued.json<{ id: string; key: string }>();
  return { id: created.json<{ id: string }>().id, slug, keyId, key };
}

async function signIn(h: Harness, apiKey: unknown, headers: Record<string, string> = {}, remoteAddress?: string) {
  const res = await h.api.inject({
    method: 'POST',
    url: '/api/session',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ apiKey }),
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  const setCookie = String(res.headers['set-cookie'] ?? '');
  return { res, setCookie, cookie: setCookie.split(';')[0] };
}

const withCookie = (h: Harness, method: 'GET' | 'POST', url: string, cookie: string, extra: object = {}) =>
  h.api.inject({ method, url, headers: { cookie, ...(extra as Record<string, string>) } });

/**
 * Issue 18 (the dashboard's sign-in): a key exchanged for an HttpOnly, SameSite=Strict session
 * cookie that every /api route accepts in place of X-API-Key, ended by logout, expiry, a revoked
 * key or a suspended business, and never usable from another site's page for a change.
 */
describe('dashboard sessions: /api/session', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    // Once: without a worker, the sends these tests store stay queued (each test has its own business).
    await h.truncate();
  });
  afterAll(() => h.close());

  it('signs in with the platform key: 200, who it is, and a session cookie holding neither the key nor its hash', async () => {
    const before = Date.now();
    const { res, setCookie, cookie } = await signIn(h, ADMIN_KEY);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ platform: true, business: null, expiresAt: expect.any(String) });
    const expiresAt = Date.parse(body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 12 * 3600_000 - 1_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3600_000 + 1_000);
    expect(setCookie).toMatch(/^sb_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; Max-Age=43200(;|$)/);
    expect(setCookie).toMatch(/; Path=\/(;|$)/);
    expect(setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(setCookie).toMatch(/; SameSite=Strict(;|$)/);
    // Plain http outside production: a Secure cookie would never come back.
    expect(setCookie).not.toMatch(/Secure/i);
    expect(JSON.stringify(res.headers) + res.body).not.toContain(ADMIN_KEY);

    const current = await withCookie(h, 'GET', '/api/session', cookie);
    expect(current.statusCode).toBe(200);
    expect(current.json()).toEqual({ platform: true, business: null, expiresAt: body.expiresAt });
    // The cookie opens the existing routes, the platform's own included.
    expect((await withCookie(h, 'GET', '/api/messages', cookie)).statusCode).toBe(200);
    expect((await withCookie(h, 'GET', '/api/businesses', cookie)).statusCode).toBe(200);
    // A second sign-in replaces the session the browser had.
    const again = await signIn(h, ADMIN_KEY, { cookie });
    expect(again.cookie).not.toBe(cookie);
    expect((await withCookie(h, 'GET', '/api/session', cookie)).statusCode).toBe(401);
    expect((await withCookie(h, 'GET', '/api/session', again.cookie)).statusCode).toBe(200);
  });

  it('answers GET /api/session for X-API-Key too, without an expiry', async () => {
    const res = await h.admin('GET', '/api/session');
    expect(res.json()).toEqual({ platform: true, business: null, expiresAt: null });
    expect((await h.api.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
  });

  it("signs in with a business key: that business only, X-Business-Id of another refused, another's records 404", async () => {
    const acme = await businessWithKey(h, 'acme', '+15005550141');
    const slug = acme.slug;
    const { res, cookie } = await signIn(h, acme.key);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      platform: false,
      business: { id: acme.id, slug, name: `Biz ${slug}` },
      expiresAt: expect.any(String),
    });
    expect(res.body + JSON.stringify(res.headers)).not.toContain(acme.key);
    expect((await withCookie(h, 'GET', '/api/session', cookie)).json().business.slug).toBe(slug);
    // The platform's routes are not a business's.
    expect((await withCookie(h, 'GET', '/api/businesses', cookie)).statusCode).toBe(403);
    expect((await withCookie(h, 'GET', '/api/messages', cookie, { 'x-business-id': 'default' })).statusCode).toBe(403);
    // The default business's message is not acme's to read.
    const theirs = (await h.admin('POST', '/api/messages', { to: '+15557650002', body: 'not yours' })).json();
    expect((await withCookie(h, 'GET', `/api/messages/${theirs.id}`, cookie)).statusCode).toBe(404);
    const list = await withCookie(h, 'GET', '/api/messages', cookie);
    expect(list.json().items).toEqual([]);
  });

  it('refuses a wrong key with 401 without echoing it, and a missing or malformed field with 400 naming it', async () => {
    const wrong = `sbk_${randomBytes(32).toString('base64url')}`;
    for (const key of ['nope', wrong]) {
      const { res, setCookie } = await signIn(h, key);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ statusCode: 401, message: 'Invalid API key' });
      expect(res.body).not.toContain(key);
      expect(setCookie).toBe('');
    }
    const missing = await h.api.inject({ method: 'POST', url: '/api/session', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toEqual([expect.stringMatching(/^apiKey /)]);
    const none = await h.api.inject({ method: 'POST', url: '/api/session' });
    expect(none.statusCode).toBe(400);
    expect(none.json().message[0]).toMatch(/^apiKey /);
    const number = await signIn(h, 12345);
    expect(number.res.statusCode).toBe(400);
    expect(number.res.json().message).toEqual(['apiKey must be a string']);
    const misspelt = await h.api.inject({ method: 'POST', url: '/api/session', payload: { apikey: ADMIN_KEY } });
    expect(misspelt.statusCode).toBe(400);
    expect(misspelt.body).not.toContain(ADMIN_KEY);
  });

  it('ends the session on logout: 204, the cookie cleared, the old cookie refused', async () => {
    const { cookie } = await signIn(h, ADMIN_KEY);
    const logout = await h.api.inject({
      method: 'POST',
      url: '/api/session/logout',
      headers: { cookie, origin: OWN_ORIGIN },
    });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(
      /^sb_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970).*; Path=\//i,
    );
    const after = await withCookie(h, 'GET', '/api/session', cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toBe('Session expired or ended: sign in again');
    expect((await withCookie(h, 'GET', '/api/messages', cookie)).statusCode).toBe(401);
    // Without a session there is nothing to end: 204 all the same.
    expect((await h.api.inject({ method: 'POST', url: '/api/session/logout' })).statusCode).toBe(204);
    // Another site's page cannot end it either.
    const kept = await signIn(h, ADMIN_KEY);
    const foreign = await h.api.inject({
      method: 'POST',
      url: '/api/session/logout',
      headers: { cookie: kept.cookie, origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    expect((await withCookie(h, 'GET', '/api/session', kept.cookie)).statusCode).toBe(200);
  });

  it('refuses a business session once its key is revoked, and while its business is suspended', async () => {
    const acme = await businessWithKey(h, 'bravo', '+15005550142');
    const { cookie } = await signIn(h, acme.key);
    expect((await withCookie(h, 'GET', '/api/messages', cookie)).statusCode).toBe(200);

    expect((await h.admin('POST', '/api/businesses/bravo/suspend')).statusCode).toBe(200);
    const suspended = await withCookie(h, 'GET', '/api/messages', cookie);
    expect(suspended.statusCode).toBe(403);
    expect(suspended.json().message).toBe('business suspended');
    // Its key cannot start a session meanwhile either.
    expect((await signIn(h, acme.key)).res.statusCode).toBe(403);
    expect((await h.admin('POST', '/api/businesses/bravo/resume')).statusCode).toBe(200);
    expect((await withCookie(h, 'GET', '/api/messages', cookie)).statusCode).toBe(200);

    expect((await h.admin('DELETE', `/api/businesses/bravo/api-keys/${acme.keyId}`)).statusCode).toBe(204);
    // The instance that revoked it may trust its 5 s cache a little longer, like any instance.
    const revokedAt = Date.now();
    await waitFor(
      async () => (await withCookie(h, 'GET', '/api/messages', cookie)).statusCode === 401,
      'the revoked key’s session to be refused',
      BUSINESS_LOOKUP_TTL_MS + 2_000,
    );
    expect(Date.now() - revokedAt).toBeLessThan(BUSINESS_LOOKUP_TTL_MS + 2_000);
    const refused = await withCookie(h, 'GET', '/api/session', cookie);
    expect(refused.statusCode).toBe(401);
    // Ended for good: the session is gone from Redis, not only refused.
    expect(refused.json().message).toBe('Session expired or ended: sign in again');
  }, 20_000);

  it('refuses a change made on the cookie without this site’s Origin (403), but not one with X-API-Key', async () => {
    const { cookie } = await signIn(h, ADMIN_KEY);
    const send = (headers: Record<string, string>) =>
      h.api.inject({
        method: 'POST',
        url: '/api/messages',
        headers: { 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ to: '+15557650003', body: 'hello' }),
      });
    const sent = () => h.prisma.message.count({ where: { to: '+15557650003' } });
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'null', undefined]) {
      const res = await send({ cookie, ...(origin ? { origin } : {}) });
      expect({ origin, status: res.statusCode }).toEqual({ origin, status: 403 });
      expect(res.json().message).toBe('cross-origin request refused');
    }
    expect(await sent()).toBe(0);
    // This site's own pages: the request's origin, or PUBLIC_BASE_URL's.
    expect((await send({ cookie, origin: OWN_ORIGIN })).statusCode).toBe(201);
    expect((await send({ cookie, origin: PUBLIC_BASE_URL })).statusCode).toBe(201);
    // Reads need no Origin.
    expect((await withCookie(h, 'GET', '/api/messages', cookie)).statusCode).toBe(200);
    // Scripts: X-API-Key and no Origin, as before (and the key wins over a cookie).
    expect((await send({ 'x-api-key': ADMIN_KEY })).statusCode).toBe(201);
    expect((await send({ 'x-api-key': ADMIN_KEY, cookie, origin: 'https://evil.example' })).statusCode).toBe(201);
    // Signing in from another site's page is refused too; a script sends no Origin.
    expect((await signIn(h, ADMIN_KEY, { origin: 'https://evil.example' })).res.statusCode).toBe(403);
    expect((await signIn(h, ADMIN_KEY, { origin: OWN_ORIGIN })).res.statusCode).toBe(200);
  });

  it('keeps the board’s login and the dashboard’s apart: neither cookie opens the other', async () => {
    const board = await h.api.inject({
      method: 'POST',
      url: '/admin/queues/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `key=${ADMIN_KEY}`,
    });
    expect(board.statusCode).toBe(303);
    const boardCookie = String(board.headers['set-cookie']).split(';')[0];
    const queues = await h.api.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { cookie: boardCookie },
    });
    expect(queues.statusCode).toBe(200);
    const boardId = boardCookie.split('=')[1];
    expect((await withCookie(h, 'GET', '/api/session', `sb_session=${boardId}`)).statusCode).toBe(401);

    const { cookie } = await signIn(h, ADMIN_KEY);
    const dashboardId = cookie.split('=')[1];
    const crossed = await h.api.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { cookie: `switchboard_board=${dashboardId}` },
    });
    expect(crossed.statusCode).toBe(401);
  });
});

describe('dashboard sessions: expiry, the lockout, https', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({
      worker: false,
      env: { ADMIN_SESSION_TTL_SECONDS: '1', AUTH_LOCKOUT_FAILURES: '3', TRUST_PROXY: 'loopback' },
    });
  });
  afterAll(() => h.close());

  it('ends a session when its time is up', async () => {
    const { res, setCookie, cookie } = await signIn(h, ADMIN_KEY);
    expect(setCookie).toMatch(/; Max-Age=1(;|$)/);
    expect(Date.parse(res.json().expiresAt) - Date.now()).toBeLessThanOrEqual(1_000);
    expect((await withCookie(h, 'GET', '/api/session', cookie)).statusCode).toBe(200);
    await sleep(1_300);
    expect((await withCookie(h, 'GET', '/api/session', cookie)).statusCode).toBe(401);
    expect((await withCookie(h, 'GET', '/api/messages', cookie)).statusCode).toBe(401);
  });

  it('counts wrong keys toward the lockout like a wrong X-API-Key: then even the right key gets 429', async () => {
    const address = '203.0.113.77';
    expect((await signIn(h, 'wrong-1', {}, address)).res.statusCode).toBe(401);
    // A wrong X-API-Key and a wrong sign-in count together.
    const viaHeader = await h.api.inject({
      method: 'GET',
      url: '/api/messages',
      headers: { 'x-api-key': 'wrong-2' },
      remoteAddress: address,
    });
    expect(viaHeader.statusCode).toBe(401);
    expect((await signIn(h, 'wrong-3', {}, address)).res.statusCode).toBe(401);
    const locked = await signIn(h, ADMIN_KEY, {}, address);
    expect(locked.res.statusCode).toBe(429);
    expect(Number(locked.res.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.setCookie).toBe('');
    // Another address is not affected.
    expect((await signIn(h, ADMIN_KEY, {}, '203.0.113.78')).res.statusCode).toBe(200);
  });

  it('marks the cookie Secure when the request came over https (through a trusted proxy)', async () => {
    const { setCookie } = await signIn(h, ADMIN_KEY, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'dash.example',
    });
    expect(setCookie).toMatch(/; Secure(;|$)/);
    const cookie = setCookie.split(';')[0];
    // Behind the proxy, the site's origin is the one the browser sees.
    const res = await h.api.inject({
      method: 'POST',
      url: '/api/conversations/%2B15557650004/read',
      headers: {
        cookie,
        origin: 'https://dash.example',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'dash.example',
      },
    });
    expect(res.statusCode).toBe(200);
  });
});

/** The built API at LOG_LEVEL=debug: nothing it writes while people sign in and out holds a key or a session id. */
describe('dashboard sessions in the logs of the built API', () => {
  const ADMIN_API_KEY = `session-log-admin-key-${randomBytes(8).toString('hex')}`;

  it('never logs a key, a wrong key or a session id', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = await spawnBuilt(
      'api',
      builtAppEnv('session-log', {
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        PORT: String(port),
        HOST: '127.0.0.1',
        ADMIN_API_KEY,
      }),
      'Nest application successfully started',
    );
    try {
      const post = (path: string, body: object | null, headers: Record<string, string> = {}) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      const wrong = `wrong-${randomBytes(8).toString('hex')}`;
      expect((await post('/api/session', { apiKey: wrong })).status).toBe(401);
      expect((await post('/api/session', { apiKey: ADMIN_API_KEY, extra: ADMIN_API_KEY })).status).toBe(400);
      const signedIn = await post('/api/session', { apiKey: ADMIN_API_KEY });
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.headers.getSetCookie()[0].split(';')[0];
      const session = cookie.split('=')[1];
      expect((await fetch(`${base}/api/session`, { headers: { cookie } })).status).toBe(200);
      expect((await post('/api/session/logout', null, { cookie, origin: base })).status).toBe(204);
      await waitFor(() => api.output().includes('/api/session/logout'), 'the access log line of the logout');
      const output = api.output();
      expect(output).toContain('"msg":"request completed"');
      for (const secret of [ADMIN_API_KEY, wrong, session]) expect(output).not.toContain(secret);
    } finally {
      const exited = new Promise((resolve) => api.child.once('exit', resolve));
      api.child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
