import { ChildProcess } from 'node:child_process';
import { Harness, waitFor } from './support';

/**
 * Two built worker processes share a campaign (rate limit off). One is SIGKILLed mid-run and
 * replaced, or frozen (SIGSTOP) past the point where it counts as dead and then let go. Every
 * recipient must be texted exactly once, and a dead worker's interrupted sends must be settled
 * by asking Twilio within RECONCILE_SETTLE_MS of its death, not after SUBMITTING_TIMEOUT_MS.
 * SUBMITTING_TIMEOUT_MS (60 s), TWILIO_TIMEOUT_MS, WORKER_DEAD_AFTER_MS (5 s) and
 * RECONCILE_SETTLE_MS (10 s) are the defaults.
 */
describe('campaign crash safety', () => {
  let h: Harness;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    h = await Harness.start({
      worker: false,
      env: {
        SEND_RATE_PER_SECOND: '0',
        // The killed worker's jobs that had not claimed their recipient yet come back through BullMQ's
        // stalled check, which its defaults (a 30 s lock) would make the slowest part of the recovery.
        JOB_LOCK_DURATION_MS: '2000',
        JOB_STALLED_INTERVAL_MS: '1000',
        MAINTENANCE_INTERVAL_MS: '300',
        CAMPAIGN_SWEEP_AFTER_MS: '3000',
        WORKER_CONCURRENCY: '16',
        // Few enough sends in flight that both workers always hold some: the kill must interrupt sends.
        CAMPAIGN_CONCURRENCY: '24',
        // Small batches (6 per worker at once, staggered), so a kill always finds claimed sends waiting on
        // Twilio: with one 24-member batch per worker it can land between batches, with nothing to reconcile.
        CAMPAIGN_SEND_BATCH: '4',
      },
    });
    await h.truncate();
    h.twilio.latencyMs = 50; // a call takes a while, as Twilio's do: a kill lands mid-call
  }, 30_000);

  beforeEach(async () => {
    for (const worker of workers.splice(0)) worker.kill('SIGKILL');
    await h.truncate();
    h.twilio.reset();
    h.twilio.latencyMs = 50;
    workers.push(...(await Promise.all([h.spawnWorker(), h.spawnWorker()])));
  }, 30_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await h.close();
  });

  const launch = async (recipients: number, offset: number): Promise<string> => {
    const to = Array.from({ length: recipients }, (_, i) => `+1555${String(offset + i)}`);
    const created = await h.admin('POST', '/api/campaigns', { name: 'Crash', body: 'Flash sale', recipients: to });
    const { id } = created.json();
    await h.admin('POST', `/api/campaigns/${id}/launch`);
    return id;
  };
  const completed = (id: string, timeoutMs: number) =>
    waitFor(
      async () => (await h.admin('GET', `/api/campaigns/${id}`)).json().status === 'completed',
      'the campaign to complete',
      timeoutMs,
    );
  const listCalls = () =>
    h.twilio.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json')).length;
  const expectEachOnce = async (id: string, recipients: number) => {
    const counts = new Map<string, number>();
    for (const m of h.twilio.sent) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(counts.size).toBe(recipients);
    expect(h.twilio.sent).toHaveLength(recipients);
    expect((await h.admin('GET', `/api/campaigns/${id}`)).json().counters).toMatchObject({
      total: recipients,
      sent: recipients,
    });
  };

  /**
   * Waits until this worker holds claimed sends that Twilio has not answered (status `submitting`,
   * its name in `claimedBy`): a kill or freeze right then must leave something to reconcile. Between
   * its batches a worker can hold none, and a kill landing there tests only BullMQ's stalled retry.
   */
  const holdingClaims = (worker: ChildProcess) =>
    waitFor(
      async () =>
        (await h.prisma.message.count({
          where: { status: 'submitting', claimedBy: { contains: `-${worker.pid}-` } },
        })) > 0,
      `worker ${worker.pid} to hold claimed sends`,
      30_000,
    );

  it('sends each of 1,000 recipients once although a worker is killed mid-run, and recovers in under 20 s', async () => {
    const id = await launch(1000, 5_000_000);
    await waitFor(() => h.twilio.sent.length >= 300, '300 sends before the kill', 30_000);
    await holdingClaims(workers[0]);
    workers.shift()!.kill('SIGKILL');
    const killedAt = Date.now();
    const sentAtKill = h.twilio.sent.length;
    workers.push(await h.spawnWorker());

    await completed(id, 45_000);
    const recoveryMs = Date.now() - killedAt;
    expect(sentAtKill).toBeLessThan(1000); // the kill really landed mid-run
    // The killed worker's claimed sends were settled by asking Twilio (list by recipient), not blindly re-sent,
    // and as soon as its death and the settle delay allowed: far sooner than the 60 s submitting timeout.
    expect(listCalls()).toBeGreaterThan(0);
    // Exactly once first: a slow recovery on a starved machine must still say whether anything went twice.
    await expectEachOnce(id, 1000);
    expect(recoveryMs).toBeLessThan(20_000);
  }, 90_000);

  it('never sends twice for a worker frozen past its death and then let go: its claims were settled without it', async () => {
    const id = await launch(600, 6_000_000);
    await waitFor(() => h.twilio.sent.length >= 150, '150 sends before the freeze', 30_000);
    // An event loop stalled for good (CPU starvation, a swap storm, a debugger) looks like this: no beat,
    // no lock renewal, and its claims and requests frozen wherever they were.
    const frozen = workers[0];
    await holdingClaims(frozen);
    frozen.kill('SIGSTOP');
    try {
      await completed(id, 45_000);
      expect(listCalls()).toBeGreaterThan(0);
    } finally {
      frozen.kill('SIGCONT');
    }
    // Let go, it resumes mid-send with claims that are no longer its own: the fence must stop every one.
    const sentBefore = h.twilio.sent.length;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(h.twilio.sent.length).toBe(sentBefore);
    await expectEachOnce(id, 600);
  }, 90_000);

  it('leaves a live worker’s unanswered sends alone until the submitting timeout', async () => {
    // Twilio takes its time answering, longer than the settle delay (within the workers' Twilio timeout):
    // the worker is alive and waiting, so its claims are not Twilio's to be asked about yet.
    for (const worker of workers.splice(0)) worker.kill('SIGKILL');
    workers.push(await h.spawnWorker({ TWILIO_TIMEOUT_MS: '20000' }));
    h.twilio.latencyMs = 12_000;
    const id = await launch(2, 7_000_000);
    await waitFor(() => h.twilio.requests.filter((r) => r.method === 'POST').length >= 2, 'both sends to reach Twilio');
    const postedAt = Date.now();
    // Well past the dead-owner path's delay (5 s + 10 s), but its owner beats: no one asks Twilio, nothing is re-sent.
    await waitFor(() => Date.now() - postedAt > 11_000, 'the settle delay to pass', 15_000);
    expect(listCalls()).toBe(0);
    await completed(id, 20_000);
    expect(listCalls()).toBe(0);
    await expectEachOnce(id, 2);
  }, 60_000);
});
