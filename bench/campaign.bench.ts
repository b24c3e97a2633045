import { ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { cpuMsPerMessage, cpuSecondsByRole, cpuSecondsOf, Harness, waitFor } from '../test/support';

/**
 * npm run bench:campaign — how fast campaigns go with the rate limit off:
 * accepting 10,000 recipients (POST /api/campaigns), and dispatch throughput
 * (messages/second reaching the fake Twilio) with 1, 2 and 4 built worker processes,
 * BENCH_ROUNDS (3) runs each and their median, and where the CPU went per message
 * (each worker, this process — the API and the fake Twilio —, PostgreSQL, Redis):
 * the steadier number on a shared machine.
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
/**
 * Recipients sent (unmeasured) after new workers start, so V8 has compiled their hot
 * path before the clock runs: a deployed worker runs for hours, and otherwise the
 * 2-worker run would pay the second worker's JIT warm-up on two shared cores.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);
/** Worker processes to measure with, in order (each count adds workers to the ones running): BENCH_WORKERS=1,2,4. */
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? (process.env.BENCH_ONE_WORKER ? '1' : '1,2,4'))
  .split(',')
  .map(Number);
/** Measured dispatches per worker count; the median is the number to quote (runs move ±15 % here). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

describe('bench: campaign', () => {
  let h: Harness;
  const workers: ChildProcess[] = [];
  let batch = 0;

  beforeAll(async () => {
    h = await Harness.start({
      worker: false,
      env: { SEND_RATE_PER_SECOND: '0', LOG_LEVEL: 'silent', CAMPAIGN_FANOUT_CHUNK: '1000' },
    });
    await h.truncate();
  }, 30_000);
  afterAll(async () => {
    // SIGTERM, so a worker run with --cpu-prof (BENCH_WORKER_NODE_ARGS) writes its profile.
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve).kill('SIGTERM'))));
    await h.close();
  });

  async function createCampaign(count = RECIPIENTS) {
    const base = 5_000_000 + batch++ * RECIPIENTS;
    const recipients = Array.from({ length: count }, (_, i) => `+1555${String(base + i).padStart(7, '0')}`);
    const started = performance.now();
    const res = await h.admin('POST', '/api/campaigns', { name: 'Bench', body: 'Bench message', recipients });
    const acceptMs = performance.now() - started;
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
    return { id: res.json().id as string, acceptMs };
  }

  /** Sends one campaign of `count` recipients to the end (every message at the fake Twilio). */
  async function send(id: string, count: number) {
    h.twilio.reset();
    await h.admin('POST', `/api/campaigns/${id}/launch`);
    await waitFor(() => h.twilio.sent.length >= count, `${count} sends`, 600_000);
  }

  /** One measured dispatch of RECIPIENTS with `workerCount` workers (started and warmed up if new). */
  async function dispatch(workerCount: number) {
    const spawned = workers.length < workerCount;
    while (workers.length < workerCount) {
      const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
      workers.push(await h.spawnWorker({ LOG_LEVEL: 'info' }, nodeArgs));
    }
    if (spawned && WARMUP > 0) await send((await createCampaign(WARMUP)).id, WARMUP);
    const { id } = await createCampaign();
    const pids = workers.map((worker) => worker.pid!);
    const cpuBefore = cpuSecondsByRole(pids);
    const perWorkerBefore = cpuSecondsOf(pids);
    const started = performance.now();
    await send(id, RECIPIENTS);
    const seconds = (performance.now() - started) / 1000;
    const perWorker = cpuSecondsOf(pids).map(
      (after, i) => Math.round(((after - perWorkerBefore[i]) * 1_000_000) / RECIPIENTS) / 1000,
    );
    return {
      seconds: Math.round(seconds * 100) / 100,
      messagesPerSecond: Math.round(RECIPIENTS / seconds),
      cpuMsPerMessage: { ...cpuMsPerMessage(cpuBefore, cpuSecondsByRole(pids), RECIPIENTS), perWorker },
    };
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  it('measures', async () => {
    const accept = await createCampaign();
    const dispatches = [];
    for (const workerCount of WORKER_COUNTS) {
      const runs = [];
      for (let run = 0; run < ROUNDS; run++) runs.push(await dispatch(workerCount));
      dispatches.push({
        workers: workerCount,
        medianMessagesPerSecond: median(runs.map((r) => r.messagesPerSecond)),
        runs,
      });
    }
    const result = {
      bench: 'campaign',
      recipients: RECIPIENTS,
      warmup: WARMUP,
      acceptMs: Math.round(accept.acceptMs),
      dispatch: dispatches,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (process.env.BENCH_DUMP) process.stdout.write(h.outputs.map((o) => o().slice(-3000)).join('\n----\n'));
    expect(dispatches.every((d) => d.medianMessagesPerSecond > 0)).toBe(true);
  }, 900_000);
});
