import { CronExpressionParser } from 'cron-parser';
import { isSaneDate } from '@app/common';

export const MIN_INTERVAL_SECONDS = 60;
/** Ten years. The ceiling also keeps 1e308 (an integer, to JavaScript) out of an Int column. */
export const MAX_INTERVAL_SECONDS = 315_360_000;
export const INTERVAL_RANGE = `intervalSeconds must be an integer from ${MIN_INTERVAL_SECONDS} to ${MAX_INTERVAL_SECONDS} (ten years)`;

export interface Schedule {
  intervalSeconds?: number | null;
  cron?: string | null;
  timezone?: string | null;
  startAt?: Date | null;
  endAt?: Date | null;
}

/** Why a schedule is unusable (field named), or null. */
export function scheduleProblem(s: Schedule): string | null {
  if ((s.intervalSeconds == null) === (s.cron == null)) return 'exactly one of intervalSeconds and cron is required';
  const interval = s.intervalSeconds;
  if (
    interval != null &&
    (!Number.isInteger(interval) || interval < MIN_INTERVAL_SECONDS || interval > MAX_INTERVAL_SECONDS)
  )
    return INTERVAL_RANGE;
  if (s.cron != null) {
    try {
      CronExpressionParser.parse(s.cron, { tz: s.timezone ?? 'UTC' });
    } catch (error) {
      return `cron is not a valid cron expression (${(error as Error).message})`;
    }
    // cron-parser also reads a sixth, seconds field: `* * * * * *` would text every second.
    const cron = s.cron.trim();
    if (!cron.startsWith('@') && cron.split(/\s+/).length !== 5) {
      return 'cron must have five fields (minute hour day-of-month month day-of-week); seconds are not supported';
    }
  }
  if (s.startAt && s.endAt && s.endAt <= s.startAt) return 'endAt must be after startAt';
  return null;
}

const cronAfter = (s: Schedule, after: Date) =>
  CronExpressionParser.parse(s.cron!, { currentDate: after, tz: s.timezone ?? 'UTC' })
    .next()
    .toDate();

const ended = (s: Schedule, at: Date | null) => (at && s.endAt && at > s.endAt ? null : at);

/** The first occurrence of a new (or rescheduled) reminder: at startAt, or the first one after `now`. */
export function firstRun(s: Schedule, now: Date): Date | null {
  if (s.startAt && s.startAt > now)
    return ended(s, s.cron != null ? cronAfter(s, new Date(s.startAt.getTime() - 1)) : s.startAt);
  if (s.cron != null) return ended(s, cronAfter(s, now));
  const step = s.intervalSeconds! * 1000;
  // An interval started in the past stays on its grid.
  const base = s.startAt ?? now;
  return ended(s, new Date(base.getTime() + (Math.floor((now.getTime() - base.getTime()) / step) + 1) * step));
}

/**
 * Up to `count` occurrences from `first` (itself included) in order, none after endAt: what a
 * schedule will do, for the dashboard to show before and after saving. `first` is the reminder's
 * nextRunAt, or firstRun() of a schedule not saved yet; null (ended, or never runs) gives none.
 * Runs past the year 9999 are left out: no API date goes there (ISO 8601 would need a sixth digit).
 */
export function upcomingRuns(s: Schedule, first: Date | null, count: number): Date[] {
  const runs: Date[] = [];
  let at = ended(s, first);
  const cron =
    s.cron != null ? CronExpressionParser.parse(s.cron, { currentDate: first ?? 0, tz: s.timezone ?? 'UTC' }) : null;
  while (at && isSaneDate(at.getTime()) && runs.length < count) {
    runs.push(at);
    at = ended(s, cron ? cron.next().toDate() : new Date(at.getTime() + s.intervalSeconds! * 1000));
  }
  return runs;
}

/** Missed cron occurrences counted one by one (a firing transaction handles up to 200 reminders); past this many, the rest are estimated. */
const MAX_WALKED_OCCURRENCES = 100;

/**
 * After firing the occurrence that was due at `due` (possibly long ago), the next
 * one strictly after `now`, and how many occurrences in between were missed.
 */
export function afterFiring(
  s: Schedule,
  due: Date,
  now: Date,
): { next: Date | null; missed: number; estimated?: true } {
  if (s.cron != null) {
    const it = CronExpressionParser.parse(s.cron, { currentDate: due, tz: s.timezone ?? 'UTC' });
    let missed = 0;
    let next = it.next().toDate();
    while (next <= now && missed < MAX_WALKED_OCCURRENCES) {
      missed++;
      next = it.next().toDate();
    }
    if (next <= now) {
      // Too long a gap to walk (each step costs ~0.1 ms, inside the firing transaction):
      // count the rest at the pace walked so far, and jump to the first occurrence after now.
      const perMs = missed / (next.getTime() - due.getTime());
      missed += 1 + Math.round(perMs * (now.getTime() - next.getTime()));
      return { next: ended(s, cronAfter(s, now)), missed, estimated: true };
    }
    return { next: ended(s, next), missed };
  }
  const step = s.intervalSeconds! * 1000;
  const k = Math.floor((now.getTime() - due.getTime()) / step) + 1; // first grid point after now
  return { next: ended(s, new Date(due.getTime() + k * step)), missed: k - 1 };
}
