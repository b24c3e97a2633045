import { afterFiring, firstRun, scheduleProblem, upcomingRuns } from './schedule';

const at = (iso: string) => new Date(iso);

describe('reminder schedules', () => {
  it('validates: one of interval or cron, interval ≥ 60 s, a real cron, end after start', () => {
    expect(scheduleProblem({ intervalSeconds: 60 })).toBeNull();
    expect(scheduleProblem({ cron: '0 9 * * 1-5', timezone: 'Europe/Warsaw' })).toBeNull();
    expect(scheduleProblem({})).toMatch(/exactly one/);
    expect(scheduleProblem({ intervalSeconds: 60, cron: '* * * * *' })).toMatch(/exactly one/);
    expect(scheduleProblem({ intervalSeconds: 59 })).toMatch(/intervalSeconds must be an integer from 60 to/);
    expect(scheduleProblem({ intervalSeconds: 315_360_000 })).toBeNull();
    expect(scheduleProblem({ intervalSeconds: 315_360_001 })).toMatch(/intervalSeconds must be an integer from 60 to/);
    expect(scheduleProblem({ intervalSeconds: 1e308 })).toMatch(/intervalSeconds must be an integer from 60 to/);
    expect(scheduleProblem({ cron: 'every day' })).toMatch(/cron is not a valid cron expression/);
    // A seconds field would text every second, past the 60 s minimum of intervals.
    for (const cron of ['* * * * * *', '*/10 * * * * *', '0 * * * * * 2026']) {
      expect(scheduleProblem({ cron })).toMatch(/cron (must have five fields|is not a valid)/);
    }
    expect(scheduleProblem({ cron: '@hourly' })).toBeNull();
    expect(scheduleProblem({ cron: '  */5  *  * * *  ' })).toBeNull();
    expect(
      scheduleProblem({ intervalSeconds: 60, startAt: at('2026-01-02T00:00:00Z'), endAt: at('2026-01-01T00:00:00Z') }),
    ).toMatch(/endAt/);
  });

  it('starts an interval one step from now, or at startAt', () => {
    const now = at('2026-01-01T10:00:00Z');
    expect(firstRun({ intervalSeconds: 3600 }, now)).toEqual(at('2026-01-01T11:00:00Z'));
    expect(firstRun({ intervalSeconds: 3600, startAt: at('2026-01-02T08:00:00Z') }, now)).toEqual(
      at('2026-01-02T08:00:00Z'),
    );
    expect(firstRun({ intervalSeconds: 3600, startAt: at('2026-01-01T08:30:00Z') }, now)).toEqual(
      at('2026-01-01T10:30:00Z'),
    );
  });

  it('runs cron in its time zone', () => {
    // 09:00 in Warsaw (UTC+1 in January) is 08:00 UTC.
    expect(firstRun({ cron: '0 9 * * *', timezone: 'Europe/Warsaw' }, at('2026-01-01T10:00:00Z'))).toEqual(
      at('2026-01-02T08:00:00Z'),
    );
  });

  it('after an hour without workers: one catch-up send, 59 missed, the next on the grid', () => {
    const due = at('2026-01-01T10:00:00Z');
    const now = at('2026-01-01T10:59:30Z');
    expect(afterFiring({ intervalSeconds: 60 }, due, now)).toEqual({ next: at('2026-01-01T11:00:00Z'), missed: 59 });
    expect(afterFiring({ cron: '* * * * *' }, due, now)).toEqual({ next: at('2026-01-01T11:00:00Z'), missed: 59 }); // walked: exact
  });

  it('after a year without workers, jumps to the next occurrence and estimates the missed ones', () => {
    // 525,600 minutes: walking them one by one would outlast the firing transaction.
    const due = at('2025-01-01T10:00:00Z');
    const now = at('2026-01-01T10:00:30Z');
    const { next, missed, estimated } = afterFiring({ cron: '* * * * *', timezone: 'Europe/Warsaw' }, due, now);
    expect(next).toEqual(at('2026-01-01T10:01:00Z'));
    expect(estimated).toBe(true);
    expect(Math.abs(missed - 525_600)).toBeLessThan(525_600 * 0.01);
    const weekdays = afterFiring({ cron: '0 9 * * 1-5' }, at('2016-01-01T09:00:00Z'), now);
    expect(weekdays.next).toEqual(at('2026-01-02T09:00:00Z'));
    expect(Math.abs(weekdays.missed - 2_609)).toBeLessThan(2_609 * 0.03); // exact: 2,609 weekdays
  });

  it('fires on time with nothing missed, and stops after endAt', () => {
    const due = at('2026-01-01T10:00:00Z');
    expect(afterFiring({ intervalSeconds: 60 }, due, at('2026-01-01T10:00:01Z'))).toEqual({
      next: at('2026-01-01T10:01:00Z'),
      missed: 0,
    });
    expect(afterFiring({ intervalSeconds: 60, endAt: at('2026-01-01T10:00:30Z') }, due, due).next).toBeNull();
  });

  it('lists the upcoming runs from the first one: on the interval grid, on cron in its zone, none after endAt', () => {
    const first = at('2026-01-01T11:00:00Z');
    expect(upcomingRuns({ intervalSeconds: 3600 }, first, 3)).toEqual([
      at('2026-01-01T11:00:00Z'),
      at('2026-01-01T12:00:00Z'),
      at('2026-01-01T13:00:00Z'),
    ]);
    // Weekdays at 09:00 Warsaw (08:00 UTC in winter), from a Friday: the weekend is skipped.
    const weekdays = { cron: '0 9 * * 1-5', timezone: 'Europe/Warsaw' };
    expect(upcomingRuns(weekdays, at('2026-01-02T08:00:00Z'), 3)).toEqual([
      at('2026-01-02T08:00:00Z'),
      at('2026-01-05T08:00:00Z'),
      at('2026-01-06T08:00:00Z'),
    ]);
    // The clocks go forward on 29 March: 09:00 Warsaw is then 07:00 UTC.
    expect(upcomingRuns({ cron: '0 9 * * *', timezone: 'Europe/Warsaw' }, at('2026-03-28T08:00:00Z'), 2)).toEqual([
      at('2026-03-28T08:00:00Z'),
      at('2026-03-29T07:00:00Z'),
    ]);
    expect(upcomingRuns({ intervalSeconds: 3600, endAt: at('2026-01-01T12:30:00Z') }, first, 5)).toHaveLength(2);
    expect(upcomingRuns({ intervalSeconds: 3600, endAt: at('2026-01-01T10:00:00Z') }, first, 5)).toEqual([]);
    expect(upcomingRuns({ intervalSeconds: 3600 }, null, 5)).toEqual([]);
    expect(upcomingRuns({ intervalSeconds: 3600 }, at('9999-12-31T22:30:00Z'), 5)).toHaveLength(2);
  });
});
