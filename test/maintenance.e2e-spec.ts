import { setTimeout as sleep } from 'node:timers/promises';
import { JobQueue, JobSchedulers, QueueName, RedisConnection, SCHEDULED_JOBS } from '@app/queue';
import { Harness, TestRedis, waitFor } from './support';

const NAMES = SCHEDULED_JOBS.map((job) => job.name).sort();

describe('maintenance job schedulers: ensure()', () => {
  let h: Harness;

  // No worker: nothing runs the jobs, so each scheduler's next run stays where ensure() left it.
  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { MAINTENANCE_INTERVAL_MS: '60000' } });
  });
  afterAll(() => h.close());

  const queue = () => h.api.get(JobQueue).queue(QueueName.Maintenance);
  const ensure = () => h.api.get(JobSchedulers).ensure();
  const nextRuns = async () =>
    Object.fromEntries((await queue().getJobSchedulers()).map((s) => [s.key, { next: s.next, every: s.every }]));

  it('creates one scheduler per maintenance job, then leaves healthy ones alone', async () => {
    expect((await ensure()).sort()).toEqual(NAMES);
    const before = await nextRuns();
    expect(Object.keys(before).sort()).toEqual(NAMES);
    expect(Object.values(before).every((s) => s.every === 60_000)).toBe(true);
    await sleep(20);
    expect(await ensure()).toEqual([]);
    expect(await nextRuns()).toEqual(before);
  });

  it('recreates a scheduler whose pending run is gone, and one whose interval changed', async () => {
    await ensure();
    // Lost without its scheduler (a Redis evicting keys under memory pressure): BullMQ itself refuses to remove it.
    const { next } = (await queue().getJobScheduler('reminder-tick'))!;
    const client = h.api.get(RedisConnection).client;
    await client.lrem(queue().keys.wait, 0, `repeat:reminder-tick:${next}`);
    await client.del(queue().toKey(`repeat:reminder-tick:${next}`));
    await queue().upsertJobScheduler('campaign-sweep', { every: 5_000 }, { name: 'campaign-sweep' });
    expect((await ensure()).sort()).toEqual(['campaign-sweep', 'reminder-tick']);
    expect(await ensure()).toEqual([]);
    expect((await queue().getJobScheduler('campaign-sweep'))!.every).toBe(60_000);
  });

  it('recreates them all after Redis lost them', async () => {
    await ensure();
    await queue().obliterate({ force: true });
    expect(await queue().getJobSchedulersCount()).toBe(0);
    expect((await ensure()).sort()).toEqual(NAMES);
  });
});

describe('maintenance with two worker processes and a Redis that loses everything', () => {
  const redis = new TestRedis();
  const INTERVAL = 200;
  let h: Harness;

  beforeAll(async () => {
    await redis.start();
    h = await Harness.start({
      worker: false,
      env: { REDIS_URL: redis.url, MAINTENANCE_INTERVAL_MS: String(INTERVAL) },
    });
    await Promise.all([h.spawnWorker(), h.spawnWorker()]);
  }, 40_000);
  afterAll(async () => {
    await h.close();
    await redis.kill();
  });

  const queue = () => h.api.get(JobQueue).queue(QueueName.Maintenance);
  /** Reminder ticks that finished since `since`, as BullMQ recorded them. */
  const ticksSince = async (since: number) =>
    (await queue().getJobs(['completed'], 0, -1)).filter((j) => j.name === 'reminder-tick' && j.finishedOn! >= since);

  it('runs each maintenance job once per interval for the whole cluster, not once per worker', async () => {
    await waitFor(async () => (await queue().getJobSchedulersCount()) === NAMES.length, 'the schedulers');
    await waitFor(async () => (await ticksSince(0)).length > 0, 'a first reminder tick');
    const from = Date.now();
    await sleep(3_000);
    const ticks = (await ticksSince(from)).length;
    // Per worker it would be about twice 3000 / 200; slots are 200 ms apart, one run each.
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(ticks).toBeLessThanOrEqual(3_000 / INTERVAL + 2);
  });

  it('gets its schedulers back by itself after Redis restarts empty, without a worker restart', async () => {
    await redis.kill();
    await redis.start(); // empty: no persistence, so the schedulers and their runs are gone
    const back = Date.now();
    await waitFor(async () => (await queue().getJobSchedulersCount()) === NAMES.length, 'the schedulers to return');
    await waitFor(async () => (await ticksSince(back)).length > 0, 'a reminder tick after the restart');
  }, 30_000);
});
