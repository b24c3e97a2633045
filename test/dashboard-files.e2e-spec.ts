import { ADMIN_KEY, Harness } from './support';

/**
 * The API serves the built dashboard (dist/apps/dashboard, `npm run build`): index.html at `/` and
 * at each of the dashboard's own addresses, never cached; the hashed assets cached for a year and
 * sent compressed; everything else (the API, webhooks, docs) as before.
 */
describe('the dashboard, served by the API', () => {
  let h: Harness;
  let script: string;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    const index = await h.api.inject({ method: 'GET', url: '/' });
    script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)">/.exec(index.body)?.[1] ?? '';
  });
  afterAll(() => h.close());

  it('answers index.html at / and at every screen address, revalidated on each load, with the security headers', async () => {
    expect(script).toMatch(/^\/assets\/index-[\w-]+\.js$/);
    const home = await h.api.inject({ method: 'GET', url: '/' });
    for (const url of ['/', '/sign-in', '/conversations', '/conversations/%2B15557654321', '/health', '/settings']) {
      const res = await h.api.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).toBe(home.body);
    }
    // The same file for everyone: nothing about this deployment, and a key changes nothing.
    expect(home.body).toContain('<div id="root"></div>');
    const withKey = await h.api.inject({ method: 'GET', url: '/conversations', headers: { 'x-api-key': ADMIN_KEY } });
    expect(withKey.body).toBe(home.body);
    expect(home.body).not.toContain(ADMIN_KEY);
  });

  it('caches the hashed assets for a year and sends them compressed when the browser accepts it', async () => {
    const plain = await h.api.inject({ method: 'GET', url: script });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const brotli = await h.api.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'br, gzip' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotli.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gzip = await h.api.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
  });

  it('leaves every other address as it was', async () => {
    const missingAsset = await h.api.inject({ method: 'GET', url: '/assets/index-nothere.js' });
    expect(missingAsset.statusCode).toBe(404);
    expect(missingAsset.headers['content-type']).toMatch(/^application\/json/);
    // No listing of the folder (send's 403 for a directory).
    expect((await h.api.inject({ method: 'GET', url: '/assets/' })).statusCode).toBe(403);
    const unknown = await h.api.inject({
      method: 'GET',
      url: '/api/nothing-here',
      headers: { 'x-api-key': ADMIN_KEY },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
    expect((await h.api.inject({ method: 'GET', url: '/not-a-screen' })).statusCode).toBe(404);
    expect((await h.api.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ db: 'ok' });
    expect((await h.api.inject({ method: 'GET', url: '/docs' })).body).toContain('swagger');
    expect((await h.api.inject({ method: 'GET', url: '/widget/embed.js' })).statusCode).toBe(200);
    expect((await h.api.inject({ method: 'POST', url: '/', payload: {} })).statusCode).toBe(404);
  });
});
