import fc from 'fast-check';
import { optOutChange, parseKeyword } from './keywords';

describe('parseKeyword', () => {
  it.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['  Stop  ', 'stop'],
    ['Stop.', 'stop'],
    ['STOP!', 'stop'],
    ['stopall', 'stop'],
    ['Unsubscribe', 'stop'],
    ['cancel', 'stop'],
    ['END', 'stop'],
    ['quit', 'stop'],
    ['START', 'start'],
    ['yes', 'start'],
    ['Unstop', 'start'],
    ['HELP', 'help'],
    ['info', 'help'],
    ['\tHELP\n', 'help'],
  ])('%p is %p', (body, keyword) => {
    expect(parseKeyword(body)).toBe(keyword);
  });

  it.each(['stop it', 'please stop', 'STOPPED', 'helpful', '', '   ', 'yes please', 'hello'])(
    '%p is not a keyword',
    (body) => {
      expect(parseKeyword(body)).toBeNull();
    },
  );

  it('ignores case and surrounding whitespace for every keyword', () => {
    const words = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'START', 'YES', 'UNSTOP', 'HELP', 'INFO'];
    fc.assert(
      fc.property(
        fc.constantFrom(...words),
        fc.array(fc.boolean(), { minLength: 0, maxLength: 12 }),
        fc.stringMatching(/^[ \t\n]{0,4}$/),
        fc.stringMatching(/^[ \t\n]{0,4}$/),
        (word, upper, before, after) => {
          const mixed = [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
          expect(parseKeyword(`${before}${mixed}${after}`)).toBe(parseKeyword(word));
        },
      ),
    );
  });

  it('never throws and answers only the three kinds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (body) => {
        expect([null, 'stop', 'start', 'help']).toContain(parseKeyword(body));
      }),
    );
  });

  it('maps keywords to opt-out changes', () => {
    expect(optOutChange('stop')).toBe(true);
    expect(optOutChange('start')).toBe(false);
    expect(optOutChange('help')).toBeUndefined();
    expect(optOutChange(null)).toBeUndefined();
  });
});
