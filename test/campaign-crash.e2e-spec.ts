import { ChildProcess } from 'node:child_process';
import { Harness, waitFor } from './support';

/**
 * Two built worker processes share a 1,000-recipient campaign (rate limit off);
 * one is SIGKILLed mid-run and replaced. Every recipient must be texted exactly once.
 */
describe('campaign crash safety', () => {
  let h: Harness;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    h = await Harness.start({
      worker: false,
      env: {
        SEND_RATE_PER_SECOND: '0',
        JOB_LOCK_DURATION_MS: '2000',
        JOB_STALLED_INTERVAL_MS: '1000',
        SUBMITTING_TIMEOUT_MS: '3000',
        TWILIO_TIMEOUT_MS: '1000',
        MAINTENANCE_INTERVAL_MS: '300',
        CAMPAIGN_SWEEP_AFTER_MS: '3000',
        WORKER_CONCURRENCY: '16',
        // Few enough sends in flight that both workers always hold some: the kill must interrupt sends.
        CAMPAIGN_CONCURRENCY: '24',
      },
    });
    await h.truncate();
    h.twilio.latencyMs = 50; // a call takes a while, as Twilio's do: a kill lands mid-call
    workers.push(...(await Promise.all([h.spawnWorker(), h.spawnWorker()])));
  }, 30_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await h.close();
  });

  it('sends each of 1,000 recipients once although a worker is killed mid-run', async () => {
    const to = Array.from({ length: 1000 }, (_, i) => `+1555${String(5_000_000 + i)}`);
    const created = await h.admin('POST', '/api/campaigns', { name: 'Crash', body: 'Flash sale', recipients: to });
    const { id } = created.json();
    await h.admin('POST', `/api/campaigns/${id}/launch`);

    await waitFor(() => h.twilio.sent.length >= 300, '300 sends before the kill', 30_000);
    workers.shift()!.kill('SIGKILL');
    const killedAt = h.twilio.sent.length;
    workers.push(await h.spawnWorker());

    await waitFor(
      async () => (await h.admin('GET', `/api/campaigns/${id}`)).json().status === 'completed',
      'the campaign to complete',
      45_000,
    );
    const counts = new Map<string, number>();
    for (const m of h.twilio.sent) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    expect(killedAt).toBeLessThan(1000); // the kill really landed mid-run
    // The killed worker's claimed sends were settled by asking Twilio (list by recipient), not blindly re-sent.
    const listCalls = h.twilio.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json')).length;
    expect(listCalls).toBeGreaterThan(0);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(counts.size).toBe(1000);
    expect(h.twilio.sent).toHaveLength(1000);
    expect((await h.admin('GET', `/api/campaigns/${id}`)).json().counters).toMatchObject({ total: 1000, sent: 1000 });
  }, 90_000);
});
