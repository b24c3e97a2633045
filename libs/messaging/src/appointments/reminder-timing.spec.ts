import { decideReminder, reminderDueAt, reminderHorizon, type ReminderRules } from './reminder-timing';

const at = (iso: string) => new Date(iso);
const NY = 'America/New_York';
const NIGHT = { start: '21:00', end: '08:00' };
const rules = (fields: Partial<ReminderRules> = {}): ReminderRules => ({
  hours: 24,
  quietHours: null,
  timezone: 'UTC',
  ...fields,
});

describe('when an appointment reminder is due', () => {
  it('is reminderHours before the start', () => {
    expect(reminderDueAt(at('2026-12-02T09:00:00Z'), rules())).toEqual(at('2026-12-01T09:00:00Z'));
    expect(reminderDueAt(at('2026-12-02T09:00:00Z'), rules({ hours: 2 }))).toEqual(at('2026-12-02T07:00:00Z'));
    expect(reminderDueAt(at('2026-12-02T09:00:00Z'), rules({ hours: 168 }))).toEqual(at('2026-11-25T09:00:00Z'));
  });

  it('counts whole days on the business clock across DST: same local time the day before (23 or 25 real hours)', () => {
    // New York springs forward on Sun 8 Mar 2026: 9:00 EDT Sunday is 13:00Z; 9:00 EST Saturday is 14:00Z.
    expect(reminderDueAt(at('2026-03-08T13:00:00Z'), rules({ timezone: NY }))).toEqual(at('2026-03-07T14:00:00Z'));
    // It falls back on Sun 1 Nov 2026: 9:00 EST is 14:00Z; 9:00 EDT Saturday is 13:00Z.
    expect(reminderDueAt(at('2026-11-01T14:00:00Z'), rules({ timezone: NY }))).toEqual(at('2026-10-31T13:00:00Z'));
    // Warsaw, two days ahead over its change on Sun 29 Mar: 10:00 CEST (08:00Z) → Fri 10:00 CET (09:00Z).
    expect(reminderDueAt(at('2026-03-29T08:00:00Z'), rules({ timezone: 'Europe/Warsaw', hours: 48 }))).toEqual(
      at('2026-03-27T09:00:00Z'),
    );
    // The hours past whole days are real hours: 26 = Saturday 9:00 EST, then 2 hours earlier.
    expect(reminderDueAt(at('2026-03-08T13:00:00Z'), rules({ timezone: NY, hours: 26 }))).toEqual(
      at('2026-03-07T12:00:00Z'),
    );
    // No DST change in between: the same as 24 real hours.
    expect(reminderDueAt(at('2026-03-10T13:00:00Z'), rules({ timezone: NY }))).toEqual(at('2026-03-09T13:00:00Z'));
  });

  it('lands on a real moment when the day before has no such local time (the skipped DST hour)', () => {
    // 2:30 on Mon 9 Mar (06:30Z EDT); 2:30 on Sun 8 Mar never happened in New York: 3:30 EDT instead.
    const due = reminderDueAt(at('2026-03-09T06:30:00Z'), rules({ timezone: NY }));
    expect(due).toEqual(at('2026-03-08T07:30:00Z'));
    expect(due < at('2026-03-09T06:30:00Z')).toBe(true);
  });

  it('pulls a moment inside quiet hours forward to ten minutes before the window, never later', () => {
    const night = rules({ timezone: NY, quietHours: NIGHT });
    // Wed 2 Dec 2026, 9:00 EST = 14:00Z. Twelve hours before is 21:00, the window's first minute: 20:50.
    expect(reminderDueAt(at('2026-12-02T14:00:00Z'), { ...night, hours: 12 })).toEqual(at('2026-12-02T01:50:00Z'));
    // Three hours before is 6:00, in the window that began at 21:00 the evening before.
    expect(reminderDueAt(at('2026-12-02T14:00:00Z'), { ...night, hours: 3 })).toEqual(at('2026-12-02T01:50:00Z'));
    // 20:55 is outside the window but within ten minutes of it: 20:50 as well.
    expect(reminderDueAt(at('2026-12-02T13:55:00Z'), { ...night, hours: 12 })).toEqual(at('2026-12-02T01:50:00Z'));
    // 20:40 is clear of it, and 8:00 (the window's end) is allowed: unchanged.
    expect(reminderDueAt(at('2026-12-02T13:40:00Z'), { ...night, hours: 12 })).toEqual(at('2026-12-02T01:40:00Z'));
    expect(reminderDueAt(at('2026-12-02T14:00:00Z'), { ...night, hours: 1 })).toEqual(at('2026-12-02T13:00:00Z'));
    // 7:59 is the window's last minute: the evening before all the same.
    expect(reminderDueAt(at('2026-12-02T13:59:00Z'), { ...night, hours: 1 })).toEqual(at('2026-12-02T01:50:00Z'));
  });

  it('keeps a window that does not span midnight, and windows on DST nights, in local time', () => {
    const lunch = rules({ hours: 2, quietHours: { start: '12:00', end: '13:00' }, timezone: 'Europe/Warsaw' });
    // 14:30 CET (13:30Z) − 2 h = 12:30 → 11:50 CET (10:50Z).
    expect(reminderDueAt(at('2026-12-02T13:30:00Z'), lunch)).toEqual(at('2026-12-02T10:50:00Z'));
    // Mon 9 Mar 6:00 EDT (10:00Z): 6:00 Sunday falls in the window begun Sat 21:00 EST (Sun 02:00Z) → 20:50 EST.
    expect(reminderDueAt(at('2026-03-09T10:00:00Z'), rules({ timezone: NY, quietHours: NIGHT }))).toEqual(
      at('2026-03-08T01:50:00Z'),
    );
    // Sun 1 Nov 7:00 EST (12:00Z): 7:00 Saturday EDT, in the window begun Fri 21:00 EDT (Sat 01:00Z) → 00:50Z.
    expect(reminderDueAt(at('2026-11-01T12:00:00Z'), rules({ timezone: NY, quietHours: NIGHT }))).toEqual(
      at('2026-10-31T00:50:00Z'),
    );
  });
});

describe('what to do with an appointment reminder now', () => {
  const starts = at('2026-12-02T14:00:00Z'); // Wed 9:00 in New York
  const ny = rules({ timezone: NY, quietHours: NIGHT });

  it('waits until due, then sends', () => {
    expect(decideReminder(starts, at('2026-12-01T13:59:59Z'), ny)).toEqual({ kind: 'wait' });
    expect(decideReminder(starts, at('2026-12-01T14:00:00Z'), ny)).toEqual({ kind: 'send' });
    expect(decideReminder(starts, at('2026-12-01T14:09:00Z'), ny)).toEqual({ kind: 'send' });
  });

  it('sends a late one at once while an hour is left, else skips it', () => {
    // Booked on Wed at 10:30 (15:30Z) for 13:00 the same day, 24 hours ahead wanted.
    const soon = at('2026-12-02T18:00:00Z');
    expect(decideReminder(soon, at('2026-12-02T15:30:00Z'), ny)).toEqual({ kind: 'send' });
    expect(decideReminder(soon, at('2026-12-02T17:00:00Z'), ny)).toEqual({ kind: 'send' });
    expect(decideReminder(soon, at('2026-12-02T17:00:01Z'), ny)).toEqual({
      kind: 'skip',
      reason: 'less than an hour before the appointment',
    });
  });

  it('sends a one-hour reminder on time although it leaves less than an hour once the tick sees it', () => {
    const oneHour = { ...ny, hours: 1 };
    expect(decideReminder(starts, at('2026-12-02T13:00:02Z'), oneHour)).toEqual({ kind: 'send' });
    expect(decideReminder(starts, at('2026-12-02T13:15:00Z'), oneHour)).toEqual({
      kind: 'skip',
      reason: 'less than an hour before the appointment',
    });
  });

  it('holds a late one found inside quiet hours to their end if that leaves an hour, else skips it', () => {
    // Booked at 23:00 (04:00Z) for 9:00: quiet until 8:00, an hour before it.
    expect(decideReminder(starts, at('2026-12-02T04:00:00Z'), ny)).toEqual({ kind: 'wait' });
    expect(decideReminder(starts, at('2026-12-02T13:00:00Z'), ny)).toEqual({ kind: 'send' });
    // For 8:30: quiet hours end half an hour before it.
    expect(decideReminder(at('2026-12-02T13:30:00Z'), at('2026-12-02T04:00:00Z'), ny)).toEqual({
      kind: 'skip',
      reason: 'quiet hours last until less than an hour before the appointment',
    });
  });

  it('sends a reminder pulled out of quiet hours in the minutes before the window', () => {
    const twelve = { ...ny, hours: 12 };
    expect(decideReminder(starts, at('2026-12-02T01:49:00Z'), twelve)).toEqual({ kind: 'wait' });
    expect(decideReminder(starts, at('2026-12-02T01:50:00Z'), twelve)).toEqual({ kind: 'send' });
    expect(decideReminder(starts, at('2026-12-02T01:59:59Z'), twelve)).toEqual({ kind: 'send' });
  });
});

describe('the horizon the database reads up to', () => {
  it('is ten minutes ahead, or the end of the quiet window that reaches', () => {
    // Noon in New York (17:00Z).
    expect(reminderHorizon(at('2026-12-01T17:00:00Z'), NIGHT, NY)).toEqual(at('2026-12-01T17:10:00Z'));
    expect(reminderHorizon(at('2026-12-01T17:00:00Z'), null, NY)).toEqual(at('2026-12-01T17:10:00Z'));
    // 7:00 in New York: inside the window, so up to its end at 8:00.
    expect(reminderHorizon(at('2026-12-01T12:00:00Z'), NIGHT, NY)).toEqual(at('2026-12-01T13:00:00Z'));
    // 20:55 in New York: within ten minutes of the window, so up to its end at 8:00.
    expect(reminderHorizon(at('2026-12-02T01:55:00Z'), NIGHT, NY)).toEqual(at('2026-12-02T13:00:00Z'));
  });

  it('reaches an hour past reminderHours for a 25-hour day', () => {
    // Sun 1 Nov 9:00 EST (14:00Z) is due Sat 9:00 EDT (13:00Z), 25 real hours before.
    const startsAt = at('2026-11-01T14:00:00Z');
    const now = at('2026-10-31T13:00:00Z');
    expect(decideReminder(startsAt, now, rules({ timezone: NY }))).toEqual({ kind: 'send' });
    const withoutTheHour = reminderHorizon(now, null, NY).getTime() + 24 * 3_600_000;
    expect(startsAt.getTime()).toBeGreaterThan(withoutTheHour);
    expect(startsAt.getTime()).toBeLessThanOrEqual(withoutTheHour + 3_600_000);
  });

  it('covers every appointment whose reminder can be due (randomized over zones, hours and windows)', () => {
    // A small deterministic generator: the same cases every run, so a failure can be replayed.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const zones = ['UTC', NY, 'Europe/Warsaw', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago'];
    const windows = [null, NIGHT, { start: '12:00', end: '13:00' }, { start: '00:00', end: '06:30' }];
    const base = at('2026-01-01T00:00:00Z').getTime();
    const missed: object[] = [];
    let checked = 0;
    for (let i = 0; i < 3_000; i++) {
      const timezone = zones[Math.floor(next() * zones.length)];
      const quietHours = windows[Math.floor(next() * windows.length)];
      const hours = 1 + Math.floor(next() * 168);
      const startsAt = new Date(base + Math.floor(next() * 365 * 24 * 60) * 60_000);
      // Mostly the first minutes after the moment it is due, where the margin is thinnest.
      const due = reminderDueAt(startsAt, { hours, quietHours, timezone }).getTime();
      const now = new Date(due + Math.floor(next() * (next() < 0.8 ? 60 : (hours + 2) * 60)) * 60_000);
      if (now >= startsAt) continue;
      if (decideReminder(startsAt, now, { hours, quietHours, timezone }).kind === 'wait') continue;
      checked++;
      const bound = reminderHorizon(now, quietHours, timezone).getTime() + (hours + 1) * 3_600_000;
      if (startsAt.getTime() > bound) missed.push({ startsAt, now, hours, timezone, quietHours });
    }
    expect(checked).toBeGreaterThan(1_500);
    expect(missed).toEqual([]);
  });
});
