import { isDayParam, localDay } from './owner-day';
import { dueDay } from './owner-summary-scheduler';

const NY = 'America/New_York';
const hours = (day: { start: Date; end: Date }) => (day.end.getTime() - day.start.getTime()) / 3_600_000;

describe('isDayParam', () => {
  it.each(['today', 'tomorrow', '2026-12-03', '2028-02-29', '1970-01-01', '9999-12-31'])('takes %s', (value) => {
    expect(isDayParam(value)).toBe(true);
  });

  it.each([
    'yesterday',
    'Today',
    '',
    '2026-02-30',
    '2027-02-29',
    '2026-13-01',
    '2026-12-3',
    '2026-12-03T00:00:00Z',
    '0000-01-01',
    '1969-12-31',
    ' 2026-12-03',
  ])('refuses %j', (value) => {
    expect(isDayParam(value)).toBe(false);
  });
});

describe('localDay', () => {
  it('reads today and tomorrow in the business’s zone, not the server’s', () => {
    // 02:00 UTC on 3 December is still 2 December in New York.
    const now = new Date('2026-12-03T02:00:00Z');
    expect(localDay('today', now, NY)).toMatchObject({ date: '2026-12-02', fromToday: 0 });
    expect(localDay('tomorrow', now, NY)).toMatchObject({ date: '2026-12-03', fromToday: 1 });
    expect(localDay('today', now, 'UTC')).toMatchObject({ date: '2026-12-03', fromToday: 0 });
    expect(localDay('2026-12-01', now, NY)).toMatchObject({ fromToday: -1 });
  });

  it('runs from local midnight to local midnight: 25 hours when the clocks go back, 23 when they go forward', () => {
    const fallBack = localDay('tomorrow', new Date('2026-10-31T16:00:00Z'), NY)!;
    expect(fallBack).toMatchObject({
      date: '2026-11-01',
      start: new Date('2026-11-01T04:00:00Z'),
      end: new Date('2026-11-02T05:00:00Z'),
    });
    expect(hours(fallBack)).toBe(25);
    const springForward = localDay('2026-03-08', new Date('2026-03-07T16:00:00Z'), NY)!;
    expect(springForward).toMatchObject({
      start: new Date('2026-03-08T05:00:00Z'),
      end: new Date('2026-03-09T04:00:00Z'),
      fromToday: 1,
    });
    expect(hours(springForward)).toBe(23);
  });

  it('is null for what names no day', () => {
    expect(localDay('2026-02-30', new Date(), NY)).toBeNull();
    expect(localDay('next week', new Date(), NY)).toBeNull();
  });
});

describe('dueDay (the daily summary)', () => {
  const recipient = (ownerSummaryTime: string, lastDay: string | null = null) => ({
    businessId: 'b',
    name: 'Acme',
    ownerPhone: '+15557770000',
    ownerSummaryTime,
    lastDay,
  });

  it('is due from the summary time on, in the business’s zone, until that day is claimed', () => {
    // 22:59 and 23:00 UTC are 17:59 and 18:00 in New York.
    expect(dueDay(recipient('18:00'), new Date('2026-12-02T22:59:59Z'), NY)).toBeNull();
    expect(dueDay(recipient('18:00'), new Date('2026-12-02T23:00:00Z'), NY)).toBe('2026-12-02');
    expect(dueDay(recipient('18:00'), new Date('2026-12-03T04:59:00Z'), NY)).toBe('2026-12-02');
    expect(dueDay(recipient('18:00', '2026-12-02'), new Date('2026-12-03T01:00:00Z'), NY)).toBeNull();
    expect(dueDay(recipient('18:00', '2026-12-01'), new Date('2026-12-03T01:00:00Z'), NY)).toBe('2026-12-02');
    // The next local day, before its time: nothing (the day before is not sent late the next day).
    expect(dueDay(recipient('18:00', '2026-12-01'), new Date('2026-12-03T06:00:00Z'), NY)).toBeNull();
  });

  it('reaches a time the spring-forward skips at the first minute after the gap', () => {
    // 8 March 2026 in New York: 2:00 am becomes 3:00 am.
    expect(dueDay(recipient('02:30'), new Date('2026-03-08T06:59:00Z'), NY)).toBeNull();
    expect(dueDay(recipient('02:30'), new Date('2026-03-08T07:00:00Z'), NY)).toBe('2026-03-08');
  });
});
