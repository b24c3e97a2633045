import { JobName, JobQueue } from '@app/queue';
import { Harness, waitFor } from './support';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Two worker processes (the built apps/worker, as deployed) share one burst of
 * 200 inbound messages: every message must be answered exactly once.
 */
describe('two worker processes, one burst', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.truncate();
    await Promise.all([h.spawnWorker({ WORKER_CONCURRENCY: '8' }), h.spawnWorker({ WORKER_CONCURRENCY: '8' })]);
  }, 30_000);
  afterAll(() => h.close());

  it('lists both worker processes as live in /api/health', async () => {
    await waitFor(
      async () => (await h.admin('GET', '/api/health', undefined, null)).json().workers.length === 2,
      'two live workers',
    );
  });

  it('answers each of 200 inbound messages exactly once', async () => {
    const customers = Array.from({ length: 200 }, (_, i) => `+1555300${String(i).padStart(4, '0')}`);
    // Twilio retries some webhooks: a third of them arrive twice.
    const deliveries = [...customers, ...customers.filter((_, i) => i % 3 === 0)];
    for (let i = 0; i < deliveries.length; i += 25) {
      const batch = deliveries.slice(i, i + 25);
      const results = await Promise.all(batch.map((from) => h.inbound(from, 'hello', { MessageSid: sidFor(from) })));
      expect(results.every((r) => r.statusCode === 200)).toBe(true);
    }
    await waitFor(() => h.twilio.sent.length >= 200, '200 replies at Twilio', 60_000);
    await h.settle(30_000);
    await sleep(500);

    const recipients = h.twilio.sent.map((m) => m.to);
    expect(recipients).toHaveLength(200);
    expect(new Set(recipients).size).toBe(200);
    expect(new Set(recipients)).toEqual(new Set(customers));
    expect(await h.prisma.message.count({ where: { direction: 'inbound' } })).toBe(200);
    const replies = await h.prisma.message.findMany({ where: { direction: 'outbound' } });
    expect(replies).toHaveLength(200);
    expect(replies.every((r) => r.sid && r.status === 'queued' && r.attempts === 1)).toBe(true);
    // Both processes took part.
    const done = await h.api.get(JobQueue).queueFor(JobName.ReplyToInbound).getJobs(['completed'], 0, 1000);
    expect(new Set(done.map((job) => job.processedBy)).size).toBe(2);
  }, 90_000);
});

/** A stable MessageSid per customer, so the retried webhooks carry the same SID as Twilio's do. */
function sidFor(from: string): string {
  return `SM${Buffer.from(from).toString('hex').padEnd(32, '0').slice(0, 32)}`;
}
