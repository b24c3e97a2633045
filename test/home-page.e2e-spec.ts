import { ADMIN_KEY, Harness } from './support';

/** GET / was a JSON 404; now a small page that leads on, public, cheap, and saying nothing about this deployment. */
describe('GET /', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });
  afterAll(() => h.close());

  it('answers a page with the way on, without a key, with the security headers', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toContain('href="/docs"');
    expect(res.body).toContain('href="/admin/queues"');
    // The same page for everyone: no key, no number, no mode.
    expect(res.body).not.toContain(ADMIN_KEY);
    expect(res.body).not.toMatch(/sandbox|\+1\d{10}/i);
    const withKey = await h.api.inject({ method: 'GET', url: '/', headers: { 'x-api-key': ADMIN_KEY } });
    expect(withKey.body).toBe(res.body);
  });

  it('takes nothing else', async () => {
    expect((await h.api.inject({ method: 'POST', url: '/', payload: {} })).statusCode).toBe(404);
  });
});
