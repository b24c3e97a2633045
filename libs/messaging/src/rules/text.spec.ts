import fc from 'fast-check';
import { splitOnWords, truncateOnWord } from './text';

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

describe('splitOnWords', () => {
  const strip = (part: string) => part.replace(/^\(\d+\/\d+\) /, '');
  const squeeze = (text: string) => text.replace(/\s+/g, '');

  it('leaves text within the limit in one unnumbered part', () => {
    expect(splitOnWords('  short answer ', 160, 10)).toEqual(['short answer']);
  });

  it('numbers the parts and cuts them on words', () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    expect(splitOnWords(text, 30, 10)).toEqual([
      '(1/3) one two three four five',
      '(2/3) six seven eight nine ten',
      '(3/3) eleven twelve',
    ]);
  });

  it('cuts the last part when the text needs more than maxParts', () => {
    const parts = splitOnWords('word '.repeat(200), 40, 3);
    expect(parts).toHaveLength(3);
    expect(parts[2]).toMatch(/^\(3\/3\) .*…$/);
  });

  it('never splits an emoji between parts', () => {
    const parts = splitOnWords('😀'.repeat(40), 30, 10);
    for (const part of parts) expect(strip(part)).toMatch(/^(😀)+$/u);
    expect(parts.map(strip).join('')).toBe('😀'.repeat(40));
  });

  it('keeps every part within the limit, in order, losing nothing that fits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,30}$/), { maxLength: 300 }),
        fc.integer({ min: 60, max: 1600 }),
        (words, limit) => {
          const text = words.join(' ');
          const parts = splitOnWords(text, limit, 10);
          for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
          if (parts.length === 1 && text.length <= limit) return;
          parts.forEach((part, i) => expect(part.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true));
          const last = parts[parts.length - 1];
          if (!last.endsWith('…')) expect(squeeze(parts.map(strip).join(''))).toBe(squeeze(text));
        },
      ),
    );
  });

  it('cuts instead when the limit has no room for numbers', () => {
    expect(splitOnWords('the quick brown fox jumps', 16, 10)).toEqual(['the quick brown…']);
  });
});
