import fc from 'fast-check';
import { truncateOnWord } from './text';

describe('truncateOnWord', () => {
  it('leaves short text alone (trimmed)', () => {
    expect(truncateOnWord('  hello world ', 1600)).toBe('hello world');
  });

  it('cuts on a word boundary and marks the cut', () => {
    expect(truncateOnWord('the quick brown fox jumps', 16)).toBe('the quick brown…');
  });

  it('cuts inside a word only when there is no boundary in the second half', () => {
    expect(truncateOnWord('a'.repeat(30), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('never exceeds the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.integer({ min: 2, max: 2000 }), (text, limit) => {
        expect(truncateOnWord(text, limit).length).toBeLessThanOrEqual(limit);
      }),
    );
  });
});
