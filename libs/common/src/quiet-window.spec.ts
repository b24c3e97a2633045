import { isValidTimezone, parseQuietWindow, quietUntil } from './quiet-window';

describe('quiet hours', () => {
  const night = { start: '21:00', end: '08:00' };

  it('parses "21:00-08:00" and rejects junk', () => {
    expect(parseQuietWindow('21:00-08:00')).toEqual(night);
    expect(parseQuietWindow('')).toBeNull();
    expect(() => parseQuietWindow('9pm-8am')).toThrow();
    expect(() => parseQuietWindow('10:00-10:00')).toThrow();
    expect(parseQuietWindow(' 21:00 - 08:00 ')).toEqual(night);
    expect(() => parseQuietWindow('21:00-08:00-09:00')).toThrow('must look like 21:00-08:00');
    expect(() => parseQuietWindow('21:00')).toThrow();
  });

  it('takes IANA zone names only, not the server-relative names Luxon also reads', () => {
    for (const zone of ['UTC', 'America/New_York', 'europe/warsaw', 'Etc/GMT-14', 'Asia/Kathmandu'])
      expect(isValidTimezone(zone)).toBe(true);
    for (const zone of ['', 'local', 'system', 'default', 'UTC+3', 'Etc/GMT+14', 'Mars/Olympus', '__proto__'])
      expect(isValidTimezone(zone)).toBe(false);
  });

  it('delays a send at 23:30 in New York to 08:00 the next morning there', () => {
    const until = quietUntil(new Date('2026-06-10T03:30:00Z'), night, 'America/New_York'); // 23:30 EDT
    expect(until?.toISOString()).toBe('2026-06-10T12:00:00.000Z');
  });

  it('delays a send at 06:00 to 08:00 the same day', () => {
    expect(quietUntil(new Date('2026-06-10T06:00:00Z'), night, 'UTC')?.toISOString()).toBe('2026-06-10T08:00:00.000Z');
  });

  it('lets daytime sends through, and honours the recipient’s own zone', () => {
    expect(quietUntil(new Date('2026-06-10T15:00:00Z'), night, 'UTC')).toBeNull();
    // 15:00 UTC is 00:00 in Tokyo: quiet there.
    expect(quietUntil(new Date('2026-06-10T15:00:00Z'), night, 'Asia/Tokyo')?.toISOString()).toBe(
      '2026-06-10T23:00:00.000Z',
    );
  });

  it('holds nothing back with an empty window (start = end)', () => {
    expect(quietUntil(new Date('2026-01-15T09:00:00Z'), { start: '09:00', end: '09:00' }, 'UTC')).toBeNull();
    expect(quietUntil(new Date('2026-01-15T23:00:00Z'), { start: '09:00', end: '09:00' }, 'UTC')).toBeNull();
  });

  it('handles windows that do not cross midnight', () => {
    const lunch = { start: '12:00', end: '13:00' };
    expect(quietUntil(new Date('2026-06-10T12:30:00Z'), lunch, 'UTC')?.toISOString()).toBe('2026-06-10T13:00:00.000Z');
    expect(quietUntil(new Date('2026-06-10T13:00:00Z'), lunch, 'UTC')).toBeNull();
  });
});
