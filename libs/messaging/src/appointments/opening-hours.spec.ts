import { DateTime } from 'luxon';
import { AvailabilityRules, freeSlots, openingHoursProblem } from './opening-hours';

const NY = 'America/New_York';
const rules = (fields: Partial<AvailabilityRules> = {}): AvailabilityRules => ({
  weeklyHours: { mon: [{ start: '09:00', end: '12:00' }], tue: [{ start: '09:00', end: '12:00' }] },
  slotMinutes: 60,
  bufferMinutes: 0,
  maxPerDay: null,
  closedDates: [],
  timezone: NY,
  ...fields,
});
const at = (iso: string, zone = NY) => DateTime.fromISO(iso, { zone }).toJSDate();
const local = (d: Date, zone = NY) => DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd'T'HH:mm ZZ");
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

describe('freeSlots', () => {
  it('keeps wall-clock times on a day that starts at 01:00 (Santiago moves its clocks at midnight)', () => {
    const zone = 'America/Santiago';
    const sunday = rules({ timezone: zone, weeklyHours: { sun: [{ start: '09:00', end: '10:00' }] } });
    const window = { from: at('2026-09-06T01:00', zone), to: at('2026-09-07T00:00', zone), now: LONG_AGO };
    expect(freeSlots(sunday, [], window).map((s) => local(s.startsAt, zone))).toEqual(['2026-09-06T09:00 -03:00']);
  });

  it('lays out slots from each opening to its close, in the business time zone', () => {
    // Monday 2027-01-04 and Tuesday 2027-01-05, New York (UTC-5).
    const slots = freeSlots(rules(), [], { from: at('2027-01-04T00:00'), to: at('2027-01-06T00:00'), now: LONG_AGO });
    expect(slots.map((s) => local(s.startsAt))).toEqual([
      '2027-01-04T09:00 -05:00',
      '2027-01-04T10:00 -05:00',
      '2027-01-04T11:00 -05:00',
      '2027-01-05T09:00 -05:00',
      '2027-01-05T10:00 -05:00',
      '2027-01-05T11:00 -05:00',
    ]);
    expect(slots[0].endsAt.toISOString()).toBe('2027-01-04T15:00:00.000Z');
  });

  it('leaves out booked time and the buffer after it, past slots, closed dates and full days', () => {
    const booked = [{ startsAt: at('2027-01-04T09:00'), endsAt: at('2027-01-04T10:00') }];
    const window = { from: at('2027-01-04T00:00'), to: at('2027-01-06T00:00'), now: LONG_AGO };
    const withBuffer = freeSlots(rules({ slotMinutes: 45, bufferMinutes: 15 }), booked, window);
    // 09:00 is taken; 10:00 would start right after it, inside its 15-minute buffer.
    expect(withBuffer.map((s) => local(s.startsAt)).slice(0, 2)).toEqual([
      '2027-01-04T11:00 -05:00',
      '2027-01-05T09:00 -05:00',
    ]);
    const later = freeSlots(rules(), [], { ...window, now: at('2027-01-04T10:00') });
    expect(local(later[0].startsAt)).toBe('2027-01-04T11:00 -05:00');
    const closed = freeSlots(rules({ closedDates: ['2027-01-04'] }), [], window);
    expect(local(closed[0].startsAt)).toBe('2027-01-05T09:00 -05:00');
    const full = freeSlots(rules({ maxPerDay: 1 }), booked, window);
    expect(local(full[0].startsAt)).toBe('2027-01-05T09:00 -05:00');
  });

  it('offers no 2:30 am on the spring-forward day, and every slot time is the wall time it says', () => {
    // 2027-03-14: New York's clocks go from 02:00 EST straight to 03:00 EDT.
    const night = rules({ weeklyHours: { sun: [{ start: '00:00', end: '06:00' }] }, slotMinutes: 30 });
    const slots = freeSlots(night, [], { from: at('2027-03-14T00:00'), to: at('2027-03-15T00:00'), now: LONG_AGO });
    expect(slots.map((s) => local(s.startsAt))).toEqual([
      '2027-03-14T00:00 -05:00',
      '2027-03-14T00:30 -05:00',
      '2027-03-14T01:00 -05:00',
      '2027-03-14T01:30 -05:00',
      '2027-03-14T03:00 -04:00',
      '2027-03-14T03:30 -04:00',
      '2027-03-14T04:00 -04:00',
      '2027-03-14T04:30 -04:00',
      '2027-03-14T05:00 -04:00',
      '2027-03-14T05:30 -04:00',
    ]);
    // 01:30 EST lasts 30 real minutes: it ends at 03:00 EDT.
    expect(local(slots[3].endsAt)).toBe('2027-03-14T03:00 -04:00');
  });

  it('offers the repeated hour of the fall-back day once', () => {
    // 2027-11-07: 01:00–02:00 happens twice in New York (EDT, then EST).
    const night = rules({ weeklyHours: { sun: [{ start: '00:00', end: '03:00' }] }, slotMinutes: 30 });
    const slots = freeSlots(night, [], { from: at('2027-11-07T00:00'), to: at('2027-11-08T00:00'), now: LONG_AGO });
    const wallTimes = slots.map((s) => DateTime.fromJSDate(s.startsAt, { zone: NY }).toFormat('HH:mm'));
    expect(wallTimes).toEqual(['00:00', '00:30', '01:00', '01:30', '02:00', '02:30']);
    expect(new Set(slots.map((s) => s.startsAt.getTime())).size).toBe(slots.length);
  });

  it('stops at the limit', () => {
    const window = { from: at('2027-01-04T00:00'), to: at('2027-03-01T00:00'), now: LONG_AGO };
    expect(freeSlots(rules(), [], window, 3)).toHaveLength(3);
  });
});

describe('openingHoursProblem', () => {
  const hour = (iso: string) => ({
    startsAt: at(iso),
    endsAt: DateTime.fromJSDate(at(iso)).plus({ hours: 1 }).toJSDate(),
  });

  it('accepts a time inside an opening interval, slot-aligned or not', () => {
    expect(openingHoursProblem(rules(), hour('2027-01-04T09:00'))).toBeNull();
    expect(openingHoursProblem(rules(), hour('2027-01-04T10:15'))).toBeNull();
  });

  it('refuses one that runs past closing, a closed weekday and a closed date, saying the hours', () => {
    expect(openingHoursProblem(rules(), hour('2027-01-04T11:30'))).toBe(
      'startsAt must be within opening hours (mon 09:00–12:00 in America/New_York)',
    );
    expect(openingHoursProblem(rules(), hour('2027-01-06T09:00'))).toMatch(/2027-01-06 is closed/);
    expect(openingHoursProblem(rules({ closedDates: ['2027-01-04'] }), hour('2027-01-04T09:00'))).toMatch(
      /2027-01-04 is closed/,
    );
  });
});
