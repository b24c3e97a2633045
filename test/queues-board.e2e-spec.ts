import { ADMIN_KEY, Harness } from './support';

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
    ).toEqual(['campaign', 'inbound', 'maintenance', 'outbound']);
  });

  it('logs in with the form: a cookie holding a hash of the key, never the key', async () => {
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
});
