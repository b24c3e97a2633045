import { SlidingMax } from './sliding-max';

describe('SlidingMax', () => {
  const T = 1_796_000_000_000;

  it('keeps the largest value of the window per key', () => {
    const max = new SlidingMax(60);
    max.observe('a', 0.2, T);
    max.observe('a', 0.9, T + 500);
    max.observe('a', 0.1, T + 30_000);
    max.observe('b', 0.05, T + 1_000);
    expect(max.read(T + 31_000)).toEqual(
      new Map([
        ['a', 0.9],
        ['b', 0.05],
      ]),
    );
  });

  it('forgets what left the window, even when a slot is reused', () => {
    const max = new SlidingMax(60);
    max.observe('a', 5, T);
    max.observe('a', 1, T + 10_000);
    expect(max.read(T + 59_999).get('a')).toBe(5);
    expect(max.read(T + 60_000).get('a')).toBe(1);
    // The same slot a minute later starts afresh, however large the old value was.
    max.observe('a', 0.3, T + 60_000);
    expect(max.read(T + 60_500).get('a')).toBe(1);
    expect(max.read(T + 70_000).get('a')).toBe(0.3);
    expect(max.read(T + 200_000).has('a')).toBe(false);
  });
});
