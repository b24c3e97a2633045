import fc from 'fast-check';
import { maskPhone, normalizePhone, parseAddress } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['+15551234567', '+15551234567'],
    ['(555) 123-4567', '+15551234567'],
    ['555.123.4567', '+15551234567'],
    ['1 555 123 4567', '+15551234567'],
    ['whatsapp:+447700900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['+48 601 234 567', '+48601234567'],
  ])('%p → %p', (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it('reads national numbers in the default country', () => {
    expect(normalizePhone('601 234 567', 'PL')).toBe('+48601234567');
    expect(normalizePhone('07700 900123', 'GB')).toBe('+447700900123');
  });

  it.each(['', 'abc', '12', '+1', 'call me', '+1555123456789012345', '555-CALL-NOW'])('%p is not a number', (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });

  it('is idempotent and always yields E.164 or null', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (raw) => {
        const once = normalizePhone(raw);
        if (once === null) return;
        expect(once).toMatch(/^\+[1-9]\d{6,14}$/);
        expect(normalizePhone(once)).toBe(once);
      }),
    );
  });

  it('ignores formatting characters anywhere in a number', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(' ', '-', '.', '(', ')'), { maxLength: 10 }), fc.nat(), (noise, seed) => {
        const digits = [...'5551234567'];
        noise.forEach((c, i) => digits.splice((seed + i) % (digits.length + 1), 0, c));
        expect(normalizePhone(`+1${digits.join('')}`)).toBe('+15551234567');
      }),
    );
  });
});

describe('parseAddress', () => {
  it('splits the whatsapp: prefix into the channel', () => {
    expect(parseAddress('whatsapp:+15551234567')).toEqual({ channel: 'whatsapp', number: '+15551234567' });
    expect(parseAddress('+15551234567')).toEqual({ channel: 'sms', number: '+15551234567' });
  });

  it('keeps E.164 addresses exactly as Twilio sent them', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{6,14}$/), fc.boolean(), (e164, whatsapp) => {
        expect(parseAddress(`${whatsapp ? 'whatsapp:' : ''}${e164}`)).toEqual({
          channel: whatsapp ? 'whatsapp' : 'sms',
          number: e164,
        });
      }),
    );
  });

  it('normalizes addresses that are not E.164 yet', () => {
    expect(parseAddress('whatsapp:+1 (555) 123-4567')).toEqual({ channel: 'whatsapp', number: '+15551234567' });
    expect(parseAddress('0044 7700 900123')).toEqual({ channel: 'sms', number: '+447700900123' });
  });

  it('keeps short codes and alphanumeric senders as they are', () => {
    expect(parseAddress('12345')).toEqual({ channel: 'sms', number: '12345' });
    expect(parseAddress('MyShop')).toEqual({ channel: 'sms', number: 'MyShop' });
  });
});

describe('maskPhone', () => {
  it('masks the middle digits', () => {
    expect(maskPhone('+15551234567')).toBe('+1555***4567');
    expect(maskPhone('to +447700900123 and +15551234567')).toBe('to +4477***0123 and +1555***4567');
  });

  it('leaves digits inside a word alone: hashed asset names, SIDs', () => {
    const asset = '/admin/queues/static/js/main.f10757109b.js';
    expect(maskPhone(asset)).toBe(asset);
    expect(maskPhone('SM1234567890abcdef1234567890abcdef')).toBe('SM1234567890abcdef1234567890abcdef');
    expect(maskPhone(`GET /api/conversations/+15551234567 then ${asset}`)).toBe(
      `GET /api/conversations/+1555***4567 then ${asset}`,
    );
    // Punctuation around a number is not a word: it is still masked.
    expect(maskPhone('to=+15551234567&x, (whatsapp:+15551234567).')).toBe(
      'to=+1555***4567&x, (whatsapp:+1555***4567).',
    );
  });

  it('never changes a hex token that starts and ends with a letter', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-f][0-9a-f]{6,30}[a-f]$/), (token) => {
        expect(maskPhone(`main.${token}.js`)).toBe(`main.${token}.js`);
      }),
    );
  });

  it('never leaves a full number in the text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{9,13}$/), fc.string({ maxLength: 20 }), (number, text) => {
        expect(maskPhone(`${text} ${number} ${text}`)).not.toContain(number);
      }),
    );
  });
});
