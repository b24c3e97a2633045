import fc from 'fast-check';
import { PLAIN_GSM_TEXT } from '@app/database';
import { countSegments } from '@app/messaging';

/**
 * Usage counts the segments of a plain text (PLAIN_GSM_TEXT) from its length alone, which
 * BusinessesRepository.usage gets from PostgreSQL instead of the body: it must count exactly what
 * Twilio's calculator counts for the body itself.
 */
describe('usage segments of plain texts', () => {
  const plain = new RegExp(PLAIN_GSM_TEXT);
  const alphabet = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz \n\r!"#$%&\'()*+,./:;<=>?@_-'];

  it('takes every character of its alphabet, and none that costs more or switches to UCS-2', () => {
    expect(plain.test(alphabet.join(''))).toBe(true);
    expect(plain.test('')).toBe(true);
    for (const char of ['{', '}', '[', ']', '~', '\\', '^', '|', '€', '`', 'é', 'ñ', '✓', '😀', '\t', '\u00a0']) {
      expect({ char, plain: plain.test(`a${char}b`) }).toEqual({ char, plain: false });
    }
  });

  it('counts a plain text’s segments as its length alone does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 1200 }), (chars) => {
        const text = chars.join('');
        expect(plain.test(text)).toBe(true);
        expect(countSegments(text)).toEqual(countSegments('a'.repeat(text.length)));
      }),
      { numRuns: 500 },
    );
  });
});
