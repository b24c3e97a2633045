import { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { JobName, JobQueue, QueueName } from '@app/queue';
import { Harness, TestRedisCluster, waitFor } from './support';

/**
 * The API and two built workers on a real three-master Redis Cluster (REDIS_CLUSTER_NODES): an
 * inbound text is answered, a campaign whose worker is SIGKILLed mid-run texts each recipient
 * once, and a due reminder fires. The cluster is this file's own, so the suite's Redis helpers
 * (prefix cleanup, the DB 0 check) never see its keys; it is killed at the end.
 */
describe('on a Redis Cluster', () => {
  const cluster = new TestRedisCluster();
  let h: Harness;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    await cluster.start();
    h = await Harness.start({
      worker: false,
      env: {
        REDIS_CLUSTER_NODES: cluster.nodes,
        SEND_RATE_PER_SECOND: '0',
        JOB_LOCK_DURATION_MS: '2000',
        JOB_STALLED_INTERVAL_MS: '1000',
        SUBMITTING_TIMEOUT_MS: '3000',
        TWILIO_TIMEOUT_MS: '1000',
        MAINTENANCE_INTERVAL_MS: '300',
        CAMPAIGN_SWEEP_AFTER_MS: '3000',
        CAMPAIGN_CONCURRENCY: '16',
      },
    });
    await h.truncate();
    // A cold start on a busy machine can take longer than spawnWorker's usual wait.
    workers.push(...(await Promise.all([h.spawnWorker({}, [], 45_000), h.spawnWorker({}, [], 45_000)])));
  }, 90_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await h?.close();
    await cluster.stop();
  });

  it('keeps every queue in one hash slot, and the other keys spread over the masters', async () => {
    await waitFor(
      async () => (await h.admin('GET', '/api/health', undefined, null)).json().workers.length === 2,
      'two live workers',
    );
    const health = (await h.admin('GET', '/api/health', undefined, null)).json();
    expect(health).toMatchObject({ status: 'ok', redis: 'ok' });
    const queue = h.api.get(JobQueue).queueFor(JobName.ReplyToInbound);
    expect(queue.opts.prefix).toBe(`{${h.env.QUEUE_PREFIX}}`);
    // The BullMQ keys all live on the master of the prefix's slot.
    const owner = await cluster.portOf(`{${h.env.QUEUE_PREFIX}}`);
    expect(await cluster.command(owner, '--scan', '--pattern', `{${h.env.QUEUE_PREFIX}}:*`)).not.toBe('');
    for (const port of cluster.ports.filter((p) => p !== owner))
      expect(await cluster.command(port, '--scan', '--pattern', `{${h.env.QUEUE_PREFIX}}:*`)).toBe('');
  });

  it('answers an inbound text', async () => {
    const res = await h.inbound('+15553000001', 'hello');
    expect(res.statusCode).toBe(200);
    await waitFor(() => h.twilio.sent.some((m) => m.to === '+15553000001'), 'the reply at Twilio', 20_000);
    await h.settle(20_000);
    expect(h.twilio.sent.filter((m) => m.to === '+15553000001')).toHaveLength(1);
  });

  it('texts each campaign recipient once although a worker is killed mid-run', async () => {
    h.twilio.reset();
    h.twilio.latencyMs = 50; // a call takes a while, as Twilio's do: a kill lands mid-call
    const to = Array.from({ length: 300 }, (_, i) => `+1555${String(6_000_000 + i)}`);
    const { id } = (await h.admin('POST', '/api/campaigns', { name: 'Cluster', body: 'Sale', recipients: to })).json();
    await h.admin('POST', `/api/campaigns/${id}/launch`);

    await waitFor(() => h.twilio.sent.length >= 60, '60 sends before the kill', 30_000);
    workers.shift()!.kill('SIGKILL');
    const killedAt = h.twilio.sent.length;
    workers.push(await h.spawnWorker({}, [], 45_000));

    await waitFor(
      async () => (await h.admin('GET', `/api/campaigns/${id}`)).json().status === 'completed',
      'the campaign to complete',
      60_000,
    );
    const counts = new Map<string, number>();
    for (const m of h.twilio.sent) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    expect(killedAt).toBeLessThan(300);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(counts.size).toBe(300);
    expect((await h.admin('GET', `/api/campaigns/${id}`)).json().counters).toMatchObject({ total: 300, sent: 300 });
    h.twilio.latencyMs = 0;
  }, 120_000);

  it('fires a due reminder once', async () => {
    h.twilio.reset();
    const res = await h.admin('POST', '/api/reminders', { to: '+15557654321', body: 'Take it', intervalSeconds: 60 });
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    await h.prisma.$executeRaw`UPDATE reminders SET "nextRunAt" = now() - interval '1 second' WHERE id = ${id}::uuid`;
    await waitFor(() => h.twilio.sent.some((m) => m.body === 'Take it'), 'the reminder at Twilio', 20_000);
    await sleep(1_000);
    expect(h.twilio.sent.filter((m) => m.body === 'Take it')).toHaveLength(1);
    expect((await h.admin('GET', `/api/reminders/${id}`)).json()).toMatchObject({ sendCount: 1, lastError: null });
  });

  it('reads the workers’ counters in /metrics, from keys on more than one master', async () => {
    const metrics = await h.admin('GET', '/metrics');
    expect(metrics.statusCode).toBe(200);
    // The workers' sends, counted in Redis (less the killed worker's last half second: lossy by design).
    const accepted = /^switchboard_twilio_sends_total\{outcome="accepted"[^}]*\} (\d+)/m.exec(metrics.body);
    expect(Number(accepted?.[1])).toBeGreaterThan(100);
    const sizes = await Promise.all(cluster.ports.map(async (port) => Number(await cluster.command(port, 'dbsize'))));
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(1);
  });

  it('lists the queues in Bull Board and keeps the live events of the business', async () => {
    const board = await h.admin('GET', '/admin/queues/api/queues');
    expect(board.statusCode).toBe(200);
    const queues = board
      .json<{ queues: Array<{ name: string }> }>()
      .queues.map((q) => q.name)
      .sort();
    expect(queues).toEqual(Object.values(QueueName).sort());
    // Published by the API and the workers in pipelines split by slot: the default business's stream holds them.
    const stream = `${h.env.QUEUE_PREFIX}:events:${DEFAULT_BUSINESS_ID}`;
    expect(Number(await cluster.command(await cluster.portOf(stream), 'xlen', stream))).toBeGreaterThan(0);
  });
});
