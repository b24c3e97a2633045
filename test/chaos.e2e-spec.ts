import { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Harness, inboundForm, TcpProxy, TestRedis, testDatabaseUrlVia, waitFor } from './support';

/**
 * Faults injected under load, end to end: the API (in process), two built worker
 * processes, the fake Twilio; Redis, the workers and PostgreSQL fail in turn.
 * Every accepted message must get exactly one reply. `npm run chaos` runs it with
 * 500 messages per phase (CHAOS_MESSAGES) and prints the JSON summary.
 */
const PER_PHASE = Number(process.env.CHAOS_MESSAGES ?? 120);

describe(`chaos: ${PER_PHASE} messages per fault`, () => {
  const redis = new TestRedis();
  let proxy: TcpProxy;
  let h: Harness;
  const workers: ChildProcess[] = [];
  const accepted = new Set<string>();
  let requests = 0;
  let unavailable = 0;
  let nextNumber = 0;

  beforeAll(async () => {
    await redis.start();
    proxy = await new TcpProxy('127.0.0.1', 5432).start();
    h = await Harness.start({
      worker: false,
      env: {
        REDIS_URL: redis.url,
        DATABASE_URL: testDatabaseUrlVia(proxy.port),
        JOB_LOCK_DURATION_MS: '2000',
        JOB_STALLED_INTERVAL_MS: '1000',
        SUBMITTING_TIMEOUT_MS: '3000',
        TWILIO_TIMEOUT_MS: '2000',
        OUTBOX_RELAY_AFTER_MS: '1500',
        MAINTENANCE_INTERVAL_MS: '300',
        WORKER_CONCURRENCY: '8',
      },
    });
    await h.truncate();
    // Slow enough that kills and outages land while work is in flight.
    h.twilio.latencyMs = 50;
    workers.push(await h.spawnWorker(), await h.spawnWorker());
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await h?.close();
    await proxy?.stop();
    await redis.kill();
  });

  /** Sends `n` messages from new numbers, `concurrency` at a time, retrying 503s later as Twilio's fallback would. */
  async function burst(n: number, paceMs: number, during?: (sent: number) => Promise<void> | void) {
    const numbers = Array.from({ length: n }, () => `+1555${String(2_000_000 + nextNumber++).padStart(7, '0')}`);
    const retry: Array<Record<string, string>> = [];
    let sent = 0;
    const queue = [...numbers];
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        for (let from = queue.shift(); from; from = queue.shift()) {
          const form = inboundForm(h.twilio.accountSid, from, 'chaos');
          const res = await h.webhook('/twilio/inbound', form);
          requests++;
          if (res.statusCode === 200) accepted.add(from);
          else if (res.statusCode === 503) {
            unavailable++;
            retry.push(form);
          } else throw new Error(`unexpected ${res.statusCode}: ${res.body}`);
          await during?.(++sent);
          await sleep(paceMs);
        }
      }),
    );
    return retry;
  }

  async function settleReplies(timeoutMs = 45_000) {
    await waitFor(
      () => new Set(h.twilio.sent.map((m) => m.to)).size >= accepted.size,
      'every accepted message to be answered',
      timeoutMs,
    );
    await sleep(1_500); // room for a duplicate to show itself
  }

  it('Redis dies during a burst and comes back', async () => {
    let killed = false;
    let restarted = false;
    await burst(PER_PHASE, 10, async (sent) => {
      if (!killed && sent >= PER_PHASE / 3) {
        killed = true;
        await redis.kill();
      } else if (killed && !restarted && sent >= (2 * PER_PHASE) / 3) {
        restarted = true;
        await redis.start();
      }
    });
    await settleReplies();
  });

  it('workers are SIGKILLed repeatedly during a burst', async () => {
    const respawns: Array<Promise<unknown>> = [];
    const killAt = new Set([0.2, 0.4, 0.6, 0.8].map((f) => Math.round(f * PER_PHASE)));
    await burst(PER_PHASE, 60, (sent) => {
      if (!killAt.has(sent) || workers.length === 0) return;
      // Kill one mid-work, with no warning; a replacement starts in the background.
      workers.shift()!.kill('SIGKILL');
      respawns.push(h.spawnWorker().then((child) => workers.push(child)));
    });
    await Promise.all(respawns);
    expect(respawns.length).toBeGreaterThanOrEqual(2);
    await settleReplies();
  });

  it('PostgreSQL goes away: 503s, then recovery without restarts', async () => {
    let cut = false;
    const retry = await burst(PER_PHASE, 60, (sent) => {
      if (!cut && sent >= PER_PHASE / 3) {
        cut = true;
        proxy.cut();
        setTimeout(() => proxy.restore(), 1_500);
      }
    });
    expect(unavailable).toBeGreaterThan(0);
    // Twilio retries what got 503 (fallback URL / redelivery) until it goes through.
    while (retry.length) {
      const form = retry.shift()!;
      const res = await h.webhook('/twilio/inbound', form);
      requests++;
      if (res.statusCode === 200) accepted.add(form.From);
      else {
        retry.push(form);
        await sleep(200);
      }
    }
    await settleReplies();
  });

  it('summary: no duplicates, nothing lost', () => {
    const counts = new Map<string, number>();
    for (const m of h.twilio.sent) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    const summary = {
      requests,
      accepted: accepted.size,
      unavailable503: unavailable,
      replies: h.twilio.sent.length,
      duplicates: [...counts.values()].filter((n) => n > 1).length,
      lost: [...accepted].filter((from) => !counts.has(from)).length,
    };
    process.stdout.write(`${JSON.stringify({ chaos: summary })}\n`);
    expect(summary.duplicates).toBe(0);
    expect(summary.lost).toBe(0);
    expect(summary.accepted).toBe(3 * PER_PHASE);
  });
});
