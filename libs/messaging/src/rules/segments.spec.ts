import fc from 'fast-check';
import { countSegments } from './segments';

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsmText = (max: number) =>
  fc.array(fc.constantFrom(...GSM_BASIC), { maxLength: max }).map((chars) => chars.join(''));

describe('countSegments', () => {
  it.each([
    ['hello', 'GSM-7', 1],
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    ['😀', 'UCS-2', 1],
    ['x'.repeat(70) + 'ł', 'UCS-2', 2],
    ['€'.repeat(80), 'GSM-7', 1], // € is in the GSM extension table: two characters' room each
    ['€'.repeat(81), 'GSM-7', 2],
  ] as const)('text %# is %s in %i segment(s)', (body, encoding, segments) => {
    expect(countSegments(body)).toMatchObject({ encoding, segments });
  });

  it('keeps GSM-7 text of up to 160 characters in one segment', () => {
    fc.assert(
      fc.property(
        gsmText(160).filter((t) => t.length > 0),
        (text) => {
          expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
        },
      ),
    );
  });

  it('never needs fewer segments for a longer text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ minLength: 1, maxLength: 50 }), (text, more) => {
        expect(countSegments(text + more).segments).toBeGreaterThanOrEqual(countSegments(text).segments);
      }),
    );
  });

  it('switches to UCS-2 when any character is outside GSM-7', () => {
    fc.assert(
      fc.property(gsmText(100), fc.constantFrom('😀', 'ł', '中', 'ж'), (text, foreign) => {
        expect(countSegments(text + foreign).encoding).toBe('UCS-2');
      }),
    );
  });
});
