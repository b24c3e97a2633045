import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import Redis from 'ioredis';
import { Pool } from 'pg';
import twilio from 'twilio';
import {
  BuiltProcess,
  FakeTwilio,
  freePort,
  settleDatabase,
  spawnBuilt,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  testKeyPrefix,
  waitFor,
} from '../test/support';

/**
 * npm run bench:ingestion — signed webhooks against the built API over real HTTP
 * (autocannon), next to a baseline: a bare Fastify route doing one INSERT and one
 * LPUSH, on the same machine. Prints one JSON line per scenario.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
type Summary = ReturnType<typeof summary>;
/** The run with the median throughput. */
const median = (runs: Summary[]) =>
  [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];
const summary = (r: autocannon.Result) => ({
  requestsPerSecond: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

/** Enough distinct requests that none repeats at up to 5,000 req/s. */
const POOL_SIZE = DURATION * 5_000;

interface Prebuilt {
  headers: Record<string, string>;
  body: string;
}

function prebuilt(
  sign: (params: Record<string, string>) => Record<string, string>,
  form: (sid: string) => Record<string, string>,
): Prebuilt[] {
  return Array.from({ length: POOL_SIZE }, () => {
    const params = form(`SM${randomBytes(16).toString('hex')}`);
    return {
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(params) },
      body: new URLSearchParams(params).toString(),
    };
  });
}

function load(target: string, pool: Prebuilt[], rate?: number, seconds = DURATION) {
  let next = 0;
  return autocannon({
    url: target,
    connections: 50,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, ...pool[next++ % pool.length] }) }],
  });
}

describe('bench: webhook and status-callback ingestion', () => {
  const fakeTwilio = new FakeTwilio();
  let api: BuiltProcess;
  let url: string;

  beforeAll(async () => {
    await fakeTwilio.start();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = await spawnBuilt(
      'api',
      {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        // info, as deployed: one JSON line per request, read from the pipe by this process.
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
        PORT: String(port),
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: testKeyPrefix('bench'),
        ADMIN_API_KEY: 'bench',
        PUBLIC_BASE_URL: url,
        TWILIO_ACCOUNT_SID: fakeTwilio.accountSid,
        TWILIO_AUTH_TOKEN: fakeTwilio.authToken,
        TWILIO_API_BASE_URL: fakeTwilio.url,
      },
      // Readiness from /api/health below: at LOG_LEVEL=warn the API prints nothing.
      null,
      20_000,
      // e.g. BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the API under load.
      process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
    );
    await waitFor(
      async () => (await fetch(`${url}/api/health`).catch(() => undefined))?.ok,
      'the API to answer /api/health',
      20_000,
    );
  }, 30_000);
  afterAll(async () => {
    // SIGTERM lets an API run with --cpu-prof write its profile.
    api?.child.kill('SIGTERM');
    await new Promise((resolve) => api?.child.once('exit', resolve));
    await fakeTwilio.close();
  });

  /**
   * autocannon with a fresh MessageSid and a valid signature on every request.
   * The requests are built and signed before the clock starts, as for the
   * baseline, so the load generator costs both sides the same CPU.
   */
  function signedLoad(path: string, form: (sid: string) => Record<string, string>, rate?: number, seconds?: number) {
    const sign = (params: Record<string, string>) => ({
      'x-twilio-signature': twilio.getExpectedTwilioSignature(fakeTwilio.authToken, `${url}${path}`, params),
    });
    return load(`${url}${path}`, prebuilt(sign, form), rate, seconds);
  }

  const inbound = (sid: string) => ({
    MessageSid: sid,
    AccountSid: fakeTwilio.accountSid,
    From: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    To: '+15550001111',
    Body: 'benchmark message',
    NumMedia: '0',
  });
  const status = (sid: string) => ({
    MessageSid: sid,
    AccountSid: fakeTwilio.accountSid,
    MessageStatus: 'delivered',
    To: '+15557654321',
    From: '+15550001111',
  });

  async function baseline() {
    const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 20 });
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_baseline (sid text PRIMARY KEY, body text, created_at timestamptz DEFAULT now())',
    );
    const redis = new Redis(TEST_REDIS_URL);
    // Under the run's prefix like every test key, so the global teardown finds it if this one is skipped.
    const baselineKey = `${testKeyPrefix('bench')}:baseline`;
    const app = Fastify();
    await app.register(formbody);
    app.post('/baseline', async (request) => {
      const body = request.body as Record<string, string>;
      await pool.query('INSERT INTO bench_baseline (sid, body) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        body.MessageSid,
        body.Body,
      ]);
      await redis.lpush(baselineKey, body.MessageSid);
      return '<Response/>';
    });
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    // Warm-up for every round: each round's server and pool are new.
    await load(
      `http://127.0.0.1:${port}/baseline`,
      prebuilt(() => ({}), inbound),
      undefined,
      2,
    );
    const result = await load(
      `http://127.0.0.1:${port}/baseline`,
      prebuilt(() => ({}), inbound),
    );
    await app.close();
    await redis.del(baselineKey);
    redis.disconnect();
    await pool.query('DROP TABLE bench_baseline');
    await pool.end();
    return summary(result);
  }

  it('measures', async () => {
    const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version };
    await settleDatabase();
    // Warm-up, not measured: JIT, the connection pools filling, prepared statements.
    await signedLoad('/twilio/inbound', inbound, undefined, 3);
    // Baseline and ours take turns, ROUNDS times each, and the median counts: the
    // machine's background work (autovacuum, other processes) then bills both alike.
    const baseRuns: Summary[] = [];
    const ourRuns: Summary[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      baseRuns.push(await baseline());
      ourRuns.push(summary(await signedLoad('/twilio/inbound', inbound)));
    }
    const base = median(baseRuns);
    const oursMax = median(ourRuns);
    const ours500 = summary(await signedLoad('/twilio/inbound', inbound, 500));
    const statusMax = summary(await signedLoad('/twilio/status', status));
    for (const line of [
      {
        bench: 'webhook-baseline',
        ...base,
        roundsRequestsPerSecond: baseRuns.map((r) => r.requestsPerSecond),
        machine,
      },
      {
        bench: 'webhook',
        ...oursMax,
        roundsRequestsPerSecond: ourRuns.map((r) => r.requestsPerSecond),
        ratioToBaseline: Math.round((oursMax.requestsPerSecond / base.requestsPerSecond) * 100) / 100,
        machine,
      },
      { bench: 'webhook-at-500rps', ...ours500, machine },
      { bench: 'status-callbacks', ...statusMax, machine },
    ]) {
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
    expect(oursMax.requestsPerSecond).toBeGreaterThan(0);
  }, 300_000);
});
