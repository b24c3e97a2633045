import { estimateCost, estimateFinish, scheduleTurns } from './campaign-estimate';

describe('estimateFinish', () => {
  const t0 = new Date('2026-06-10T12:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('gives the last slot: n sends at r a second take (n - 1) / r seconds', () => {
    expect(estimateFinish([{ at: t0, count: 1 }], 1)).toEqual(t0);
    expect(estimateFinish([{ at: t0, count: 60_000 }], 1)).toEqual(at(59_999_000));
    expect(estimateFinish([{ at: t0, count: 11 }], 5)).toEqual(at(2_000));
  });

  it('starts sends held by quiet hours at the hold’s end, or when the slots before them run out', () => {
    // 10 now at 1/s end at +9 s; 5 freed at +1 h go from +1 h.
    expect(
      estimateFinish(
        [
          { at: at(3_600_000), count: 5 },
          { at: t0, count: 10 },
        ],
        1,
      ),
    ).toEqual(at(3_604_000));
    // 100 now still sending when 5 are freed at +10 s: those queue behind them.
    expect(
      estimateFinish(
        [
          { at: t0, count: 100 },
          { at: at(10_000), count: 5 },
        ],
        1,
      ),
    ).toEqual(at(104_000));
  });

  it('without a limit (0), the latest moment anything is due; null when nothing goes', () => {
    expect(
      estimateFinish(
        [
          { at: t0, count: 500 },
          { at: at(60_000), count: 1 },
        ],
        0,
      ),
    ).toEqual(at(60_000));
    expect(estimateFinish([], 1)).toBeNull();
    expect(estimateFinish([{ at: t0, count: 0 }], 1)).toBeNull();
  });
});

describe('scheduleTurns', () => {
  const t0 = new Date('2026-06-10T12:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it("gives each moment's first turn: its own, or the end of the turns before it", () => {
    const turns = scheduleTurns(
      [
        { at: t0, count: 100 },
        { at: at(10_000), count: 5 },
        { at: at(3_600_000), count: 2 },
        { at: t0, count: 50 }, // another zone due at the same moment: one queue
      ],
      2,
    );
    expect(turns.turnMs).toBe(500);
    expect(turns.firstTurn(t0)).toEqual(t0);
    expect(turns.firstTurn(at(10_000))).toEqual(at(75_000)); // after the 150 due at t0
    expect(turns.firstTurn(at(3_600_000))).toEqual(at(3_600_000));
    expect(turns.finish).toEqual(at(3_600_500));
  });

  it('without a limit, each at its own moment', () => {
    const turns = scheduleTurns(
      [
        { at: t0, count: 100 },
        { at: at(10), count: 5 },
      ],
      0,
    );
    expect([turns.turnMs, turns.firstTurn(at(10)), turns.finish]).toEqual([0, at(10), at(10)]);
  });
});

describe('estimateCost', () => {
  it.each([
    ['0.0079', 60_000, 474],
    ['0.0079', 3, 0.0237],
    ['0.0079', 0, 0],
    ['1', 7, 7],
    ['0.1', 3, 0.3], // 0.1 * 3 is 0.30000000000000004 in floating point
    ['12.5', 2, 25],
    ['0.0000000001', 1, 1e-10],
  ])('%s × %i = %d', (price, segments, cost) => {
    expect(estimateCost(price, segments)).toBe(cost);
  });
});
