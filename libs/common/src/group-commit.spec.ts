import fc from 'fast-check';
import { GroupCommit } from './group-commit';
import { setTimeout as sleep } from 'node:timers/promises';

/** A write we finish by hand, recording every batch it was given. */
function controlledWrite() {
  const batches: number[][] = [];
  const finishers: Array<() => void> = [];
  const write = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      batches.push(items);
      finishers.push(() => (items.includes(-1) ? reject(new Error('bad item')) : resolve(items.map((i) => i * 10))));
    });
  const finishAll = async () => {
    while (finishers.length) {
      finishers.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, write, finishAll };
}

describe('GroupCommit', () => {
  it('writes an item alone and at once when nothing else is running', async () => {
    const { batches, write, finishAll } = controlledWrite();
    const commit = new GroupCommit(write, { maxBatch: 10, maxInFlight: 1 });
    const result = commit.submit(1);
    expect(batches).toEqual([[1]]);
    await finishAll();
    await expect(result).resolves.toBe(10);
  });

  it('groups the items that arrive while a write runs, in arrival order, up to maxBatch', async () => {
    const { batches, write, finishAll } = controlledWrite();
    const commit = new GroupCommit(write, { maxBatch: 3, maxInFlight: 1 });
    const results = [1, 2, 3, 4, 5, 6].map((i) => commit.submit(i));
    expect(batches).toEqual([[1]]);
    await finishAll();
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('fails only the bad item of a batch: the others are retried alone and succeed', async () => {
    const { batches, write, finishAll } = controlledWrite();
    const commit = new GroupCommit(write, { maxBatch: 10, maxInFlight: 1 });
    const results = [1, 2, -1, 3].map((i) =>
      commit.submit(i).then(
        (v) => ({ ok: v }),
        (e: Error) => ({ error: e.message }),
      ),
    );
    await finishAll();
    await expect(Promise.all(results)).resolves.toEqual([{ ok: 10 }, { ok: 20 }, { error: 'bad item' }, { ok: 30 }]);
    expect(batches).toContainEqual([2, -1, 3]);
  });

  it('fails the whole batch without retries when the error is not about one item', async () => {
    let calls = 0;
    const commit = new GroupCommit(
      async () => {
        calls++;
        await sleep(5);
        throw new Error('database down');
      },
      { maxBatch: 10, maxInFlight: 1, retryAlone: () => false },
    );
    const results = await Promise.allSettled([1, 2, 3].map((i) => commit.submit(i)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(calls).toBe(2); // [1], then [2, 3]
  });

  it('starts the next batch beside a statement that got stuck', async () => {
    const { batches, write, finishAll } = controlledWrite();
    const commit = new GroupCommit(write, { maxBatch: 10, maxInFlight: 1, stalledAfterMs: 20 });
    const stuck = commit.submit(1);
    const next = commit.submit(2);
    expect(batches).toEqual([[1]]);
    await sleep(40);
    expect(batches).toEqual([[1], [2]]);
    await finishAll();
    await expect(Promise.all([stuck, next])).resolves.toEqual([10, 20]);
  });

  it('answers every caller with its own result, however the calls interleave', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        async (delays, maxBatch, maxInFlight) => {
          let running = 0;
          let mostRunning = 0;
          const commit = new GroupCommit(
            async (items: number[]) => {
              running++;
              mostRunning = Math.max(mostRunning, running);
              expect(items.length).toBeLessThanOrEqual(maxBatch);
              await sleep(items.length % 3);
              running--;
              return items.map((i) => -i);
            },
            { maxBatch, maxInFlight },
          );
          const results = await Promise.all(
            delays.map(async (delay, i) => {
              await sleep(delay);
              return commit.submit(i);
            }),
          );
          expect(results).toEqual(delays.map((_, i) => -i));
          expect(mostRunning).toBeLessThanOrEqual(maxInFlight);
        },
      ),
      { numRuns: 40 },
    );
  });
});
