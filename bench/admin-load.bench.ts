import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { settleDatabase, TEST_DATABASE_URL } from '../test/support';
import { BenchApi, byStatus, machine, webhookSummary } from './built-api';

/**
 * npm run bench:admin-load — can admin load starve Twilio's webhooks? Bursts of 2,000
 * concurrent list requests (GET /api/messages, 20,000 stored), one burst a second, while
 * signed webhooks arrive at 50 a second on connections opened before the flood, both over real HTTP against the built
 * API. Target: no webhook error and webhook p99 < 250 ms; admin requests beyond
 * ADMIN_MAX_CONCURRENT_REQUESTS are answered 429, never 5xx. BENCH_ADMIN_MAX_CONCURRENT sets that
 * cap, BENCH_ADMIN_CONNECTIONS the burst, BENCH_API_NODE_ARGS the API's node flags (e.g. --cpu-prof).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ADMIN_CONNECTIONS = Number(process.env.BENCH_ADMIN_CONNECTIONS ?? 2_000);
const KEY = 'bench-admin-key';

describe('bench: admin load next to webhooks', () => {
  let api: BenchApi;

  beforeAll(async () => {
    api = await BenchApi.start({
      ADMIN_API_KEY: KEY,
      ADMIN_RATE_LIMIT_PER_MINUTE: '100000000',
      ...(process.env.BENCH_ADMIN_MAX_CONCURRENT && {
        ADMIN_MAX_CONCURRENT_REQUESTS: process.env.BENCH_ADMIN_MAX_CONCURRENT,
      }),
    });
    // Something to list: 20,000 messages from 2,000 numbers.
    const pool = new Pool({ connectionString: TEST_DATABASE_URL });
    await pool.query(`
      INSERT INTO messages (direction, "from", "to", participant, body, status, source)
      SELECT 'inbound', p, '+15550001111', p, 'seed', 'received', 'inbound'
      FROM (SELECT '+1555' || lpad((i % 2000)::text, 7, '0') AS p FROM generate_series(1, 20000) i) s`);
    await pool.end();
    await settleDatabase();
  }, 60_000);
  afterAll(() => api?.stop());

  it('measures', async () => {
    const forms = api.signedInbound(SECONDS * 60, 'a webhook under admin load');
    let next = 0;
    const webhooks = autocannon({
      url: `${api.url}/twilio/inbound`,
      connections: 10,
      // Connected before the flood, as Twilio's keep-alive connections would be; it outlasts the flood.
      duration: SECONDS + 2,
      overallRate: 50,
      requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, ...forms[next++ % forms.length] }) }],
    });
    await sleep(1_000);
    // 2,000 list requests at a time, once a second: each connection asks again a second after
    // it last asked (answered or not), as a dashboard refreshing or a client retrying would.
    const admin = autocannon({
      url: `${api.url}/api/messages?limit=50`,
      connections: ADMIN_CONNECTIONS,
      overallRate: ADMIN_CONNECTIONS,
      duration: SECONDS,
      headers: { 'x-api-key': KEY },
    });
    const [adminResult, webhookResult] = await Promise.all([admin, webhooks]);
    console.log(
      JSON.stringify({
        bench: 'admin-load',
        adminConnections: ADMIN_CONNECTIONS,
        seconds: SECONDS,
        webhooks: webhookSummary(webhookResult),
        admin: {
          answered:
            adminResult['1xx'] + adminResult['2xx'] + adminResult['3xx'] + adminResult['4xx'] + adminResult['5xx'],
          byStatus: byStatus(adminResult),
          errors: adminResult.errors,
          p99: adminResult.latency.p99,
        },
        machine: machine(),
      }),
    );
    expect(webhookResult['2xx']).toBeGreaterThan(0);
  }, 120_000);
});
