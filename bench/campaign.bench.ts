import { ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { cpuMsPerMessage, cpuSecondsByRole, Harness, waitFor } from '@app/testing';

/**
 * npm run bench:campaign — how fast campaigns go with the rate limit off:
 * accepting 10,000 recipients (POST /api/campaigns), and dispatch throughput
 * (messages/second reaching the fake Twilio) with 1 and 2 built worker processes,
 * and where the CPU went per message (workers, this process — the API and the
 * fake Twilio —, PostgreSQL, Redis): the steadier number on a shared machine.
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);

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

  async function createCampaign() {
    const base = 5_000_000 + batch++ * RECIPIENTS;
    const recipients = Array.from({ length: RECIPIENTS }, (_, i) => `+1555${String(base + i).padStart(7, '0')}`);
    const started = performance.now();
    const res = await h.admin('POST', '/api/campaigns', { name: 'Bench', body: 'Bench message', recipients });
    const acceptMs = performance.now() - started;
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
    return { id: res.json().id as string, acceptMs };
  }

  async function dispatch(workerCount: number) {
    while (workers.length < workerCount) {
      const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
      workers.push(await h.spawnWorker({ LOG_LEVEL: 'info' }, nodeArgs));
    }
    const { id } = await createCampaign();
    h.twilio.reset();
    const pids = workers.map((worker) => worker.pid!);
    const cpuBefore = cpuSecondsByRole(pids);
    const started = performance.now();
    await h.admin('POST', `/api/campaigns/${id}/launch`);
    await waitFor(() => h.twilio.sent.length >= RECIPIENTS, `${RECIPIENTS} sends`, 600_000);
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
      acceptMs: Math.round(accept.acceptMs),
      dispatch: [one, two],
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (process.env.BENCH_DUMP) process.stdout.write(h.outputs.map((o) => o().slice(-3000)).join('\n----\n'));
    expect(two.messagesPerSecond).toBeGreaterThan(0);
  }, 900_000);
});
