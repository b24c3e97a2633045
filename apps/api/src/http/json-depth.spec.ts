import fc from 'fast-check';
import { nestsDeeperThan } from './json-depth';

const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object'
    ? 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf))
    : 0;

describe('nestsDeeperThan', () => {
  it('counts the nesting of any JSON value as JSON.parse sees it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 6 }), (value, max) => {
        const text = JSON.stringify(value);
        expect(nestsDeeperThan(text, max)).toBe(depthOf(value) > max);
        expect(nestsDeeperThan(Buffer.from(text), max)).toBe(depthOf(value) > max);
      }),
    );
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[{{{{\\"[[[[' }), 1)).toBe(false);
    expect(nestsDeeperThan('[[[]]]', 2)).toBe(true);
  });
});
