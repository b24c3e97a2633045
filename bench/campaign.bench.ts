import { ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { cpuMsPerMessage, cpuSecondsByRole, Harness, waitFor } from '../test/support';

/**
 * npm run bench:campaign — how fast campaigns go with the rate limit off:
 * accepting 10,000 recipients (POST /api/campaigns), and dispatch throughput
 * (messages/second reaching the fake Twilio) with 1 and 2 built worker processes,
 * and where the CPU went per message (workers, this process — the API and the
 * fake Twilio —, PostgreSQL, Redis): the steadier number on a shared machine.
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
/**
 * Recipients sent (unmeasured) after new workers start, so V8 has compiled their hot
 * path before the clock runs: a deployed worker runs for hours, and otherwise the
 * 2-worker run would pay the second worker's JIT warm-up on two shared cores.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);

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
    const started = performance.now();
    await send(id, RECIPIENTS);
    const seconds = (performance.now() - started) / 1000;
    return {
      workers: workerCount,
      seconds: Math.round(seconds * 100) / 100,
      messagesPerSecond: Math.round(RECIPIENTS / seconds),
      cpuMsPerMessage: cpuMsPerMessage(cpuBefore, cpuSecondsByRole(pids), RECIPIENTS),
    };
  }

  it('measures', async () => {
    const accept = await createCampaign();
    const one = await dispatch(1);
    const two = process.env.BENCH_ONE_WORKER ? one : await dispatch(2);
    const result = {
      bench: 'campaign',
      recipients: RECIPIENTS,
      warmup: WARMUP,
      acceptMs: Math.round(accept.acceptMs),
      dispatch: [one, two],
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (process.env.BENCH_DUMP) process.stdout.write(h.outputs.map((o) => o().slice(-3000)).join('\n----\n'));
    expect(two.messagesPerSecond).toBeGreaterThan(0);
  }, 900_000);
});
