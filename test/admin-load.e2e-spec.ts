import { Harness } from './support';

/**
 * Admin load cannot starve Twilio's webhooks: the webhooks have database connections
 * of their own, and admin requests beyond a cap are turned away at once (429 with
 * Retry-After), never left waiting for a pool until a false "database unavailable".
 * (`npm run bench:admin-load` measures the same under 2,000 concurrent lists.)
 */
describe('Admin load and webhooks', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({
      worker: false,
      env: { DATABASE_POOL_SIZE: '2', WEBHOOK_POOL_SIZE: '2', ADMIN_MAX_CONCURRENT_REQUESTS: '4' },
    });
    await h.truncate();
  });
  afterAll(() => h.close());

  it('answers a webhook at once while every connection of the main pool is busy', async () => {
    const busy = Promise.all([
      h.prisma.$queryRaw`SELECT pg_sleep(2)::text`,
      h.prisma.$queryRaw`SELECT pg_sleep(2)::text`,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200)); // both sleeps hold their connection now
    const started = performance.now();
    const res = await h.inbound('+15557654321', 'hello while the admin API is busy');
    const took = performance.now() - started;
    expect(res.statusCode).toBe(200);
    expect(took).toBeLessThan(1_000); // the sleeps end at 2 s: a shared pool would have waited for them
    await busy;
    expect(await h.prisma.message.count({ where: { direction: 'inbound' } })).toBe(1);
  });

  it('turns admin requests beyond the cap away with 429 and Retry-After, never a 5xx, while webhooks flow', async () => {
    const lists = Array.from({ length: 200 }, () => h.admin('GET', '/api/conversations'));
    const webhooks = Array.from({ length: 20 }, (_, i) =>
      h.inbound(`+1555765${String(4000 + i)}`, `message ${i} during the flood`),
    );
    const [listed, received] = await Promise.all([Promise.all(lists), Promise.all(webhooks)]);
    const statuses = listed.map((res) => res.statusCode);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    const refused = listed.filter((res) => res.statusCode === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].headers['retry-after']).toBe('1');
    expect(received.map((res) => res.statusCode)).toEqual(received.map(() => 200));
    // Once the flood is over, the admin API answers again.
    expect((await h.admin('GET', '/api/conversations')).statusCode).toBe(200);
  });

  it('does not count health checks as admin requests', async () => {
    const all = await Promise.all(
      Array.from({ length: 20 }, () => h.api.inject({ method: 'GET', url: '/api/health' })),
    );
    expect(all.map((res) => res.statusCode).filter((s) => s === 429)).toEqual([]);
  });
});
