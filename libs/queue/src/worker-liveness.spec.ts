import { loadConfig } from '@app/config';
import type { WorkerHeartbeat } from './worker-heartbeat';
import { WorkerLiveness } from './worker-liveness';

/** WORKER_DEAD_AFTER_MS 5000 (the default): sends stop once the last acknowledged beat was sent 4 s ago. */
function setUp() {
  let now = 0;
  let answer: () => Promise<void> = () => Promise.resolve();
  const heartbeat = { beat: jest.fn(() => answer()) };
  const liveness = new WorkerLiveness(loadConfig({}), heartbeat as unknown as WorkerHeartbeat);
  liveness.monotonicNow = () => now;
  return {
    liveness,
    heartbeat,
    advance: (ms: number) => (now += ms),
    answerWith: (next: () => Promise<void>) => (answer = next),
  };
}

describe('WorkerLiveness', () => {
  it('gives no ticket before its first beat is acknowledged: nothing is claimed by a worker Redis has not heard of', async () => {
    const { liveness, heartbeat } = setUp();
    expect(liveness.ticket()).toBeNull();
    await liveness.beat();
    expect(heartbeat.beat).toHaveBeenCalledWith(liveness.owner);
    expect(liveness.ticket()).not.toBeNull();
  });

  it('counts a beat from when it was sent, not from its (late) acknowledgement', async () => {
    const { liveness, advance, answerWith } = setUp();
    await liveness.beat();
    advance(1_000);
    // Redis answers 2.5 s late: the score it wrote may be as old as the moment the beat was sent.
    answerWith(() => {
      advance(2_500);
      return Promise.resolve();
    });
    await liveness.beat();
    const ticket = liveness.ticket()!;
    advance(500); // 3 s after the second beat was sent
    expect(liveness.maySend(ticket)).toBe(true);
    advance(1_001); // 4.001 s after it was sent: the fence is closed, however recent the acknowledgement
    expect(liveness.maySend(ticket)).toBe(false);
    expect(liveness.guard(ticket)).toThrow(/heartbeat lapsed/);
  });

  it('voids the tickets of before a lapse even when beats come back in time for the check', async () => {
    const { liveness, advance } = setUp();
    await liveness.beat();
    const before = liveness.ticket()!;
    advance(4_500);
    await liveness.beat();
    expect(liveness.fenced()).toBe(false);
    expect(liveness.maySend(before)).toBe(false);
    expect(liveness.maySend(liveness.ticket()!)).toBe(true);
  });

  it('keeps tickets valid across beats that hold', async () => {
    const { liveness, advance } = setUp();
    await liveness.beat();
    const ticket = liveness.ticket()!;
    for (let i = 0; i < 10; i++) {
      advance(3_900);
      await liveness.beat();
    }
    expect(liveness.maySend(ticket)).toBe(true);
  });
});
