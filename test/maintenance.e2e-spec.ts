import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { ConversationStatesRepository } from '@app/database';
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

describe('maintenance: expired conversation states', () => {
  let h: Harness;

  // No worker: the appointment-reminder-tick that runs this cleanup never runs, so each call's count is its own.
  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { MAINTENANCE_INTERVAL_MS: '60000' } });
    await h.truncate();
  });
  afterAll(() => h.close());

  it('deletes states expired before the cutoff, oldest first and at most a batch per statement', async () => {
    const DAY = 86_400_000;
    const now = Date.now();
    const expired = (participant: string, ago: number) => ({
      businessId: DEFAULT_BUSINESS_ID,
      participant,
      state: 'offered',
      data: { slots: [], rescheduling: null },
      expiresAt: new Date(now - ago),
    });
    await h.prisma.conversationState.createMany({
      data: [
        expired('+15557000005', 5 * DAY),
        expired('+15557000004', 4 * DAY),
        expired('+15557000003', 3 * DAY),
        expired('+15557000002', 2 * DAY),
        // Expired, but recently enough that an answer to it is still told so.
        expired('+15557000001', DAY / 2),
        expired('+15557000000', -3_600_000),
      ],
    });
    const states = h.api.get(ConversationStatesRepository);
    const cutoff = new Date(now - DAY);
    const left = async () =>
      (await h.prisma.conversationState.findMany({ orderBy: { participant: 'asc' } })).map((s) => s.participant);

    expect(await states.deleteExpired(cutoff, 3)).toBe(3);
    expect(await left()).toEqual(['+15557000000', '+15557000001', '+15557000002']);
    expect(await states.deleteExpired(cutoff, 3)).toBe(1);
    expect(await states.deleteExpired(cutoff, 3)).toBe(0);
    expect(await left()).toEqual(['+15557000000', '+15557000001']);
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
  /** The slot a scheduler's run was made for: its id is `repeat:<scheduler>:<millis>`. */
  const slotOf = (id: string | undefined) => Number(id!.split(':').pop());

  it('runs each maintenance job once per interval for the whole cluster, not once per worker', async () => {
    await waitFor(async () => (await queue().getJobSchedulersCount()) === NAMES.length, 'the schedulers');
    await waitFor(async () => (await ticksSince(0)).length > 0, 'a first reminder tick');
    const from = Date.now();
    await sleep(3_000);
    await sleep(1_000); // runs of the window's last slots may still be finishing on a busy machine
    // Counted by the slot each run was made for, not by when it finished: a run delayed by load
    // finishes late, next to the following one, without being a second run of its slot.
    const slots = (await ticksSince(from - 1_000))
      .map((j) => slotOf(j.id))
      .filter((t) => t >= from && t < from + 3_000);
    expect(new Set(slots).size).toBe(slots.length); // no slot ran twice (two workers, one run each)
    // Per worker it would be about twice 3000 / 200; slots are 200 ms apart.
    expect(slots.length).toBeGreaterThanOrEqual(3);
    expect(slots.length).toBeLessThanOrEqual(3_000 / INTERVAL + 1);
  });

  it('gets its schedulers back by itself after Redis restarts empty, without a worker restart', async () => {
    await redis.kill();
    await redis.start(); // empty: no persistence, so the schedulers and their runs are gone
    const back = Date.now();
    await waitFor(async () => (await queue().getJobSchedulersCount()) === NAMES.length, 'the schedulers to return');
    await waitFor(async () => (await ticksSince(back)).length > 0, 'a reminder tick after the restart');
  }, 30_000);
});
