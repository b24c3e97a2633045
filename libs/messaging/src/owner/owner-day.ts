import { DateTime } from 'luxon';
import { isSaneDate } from '@app/common';

/** What `date` may be: a word, or a calendar date. */
export const DAY_PARAM = /^(today|tomorrow|\d{4}-\d{2}-\d{2})$/;
export const DAY_PARAM_PROBLEM = 'date must be today, tomorrow or a real date like 2026-12-03';

/** One calendar day in a business's time zone. */
export interface LocalDay {
  /** YYYY-MM-DD. */
  date: string;
  timezone: string;
  /** Its first moment, and the first moment of the next day: 23 or 25 hours apart on a DST day. */
  start: Date;
  end: Date;
  /** Days after today (0 today, 1 tomorrow, -1 yesterday), for how the day is spoken of. */
  fromToday: number;
}

/** `today`, `tomorrow` or a YYYY-MM-DD that is a real date in 1970–9999. */
export function isDayParam(value: string): boolean {
  if (!DAY_PARAM.test(value)) return false;
  if (value === 'today' || value === 'tomorrow') return true;
  const date = DateTime.fromFormat(value, 'yyyy-MM-dd', { zone: 'utc' });
  return date.isValid && isSaneDate(date.toMillis());
}

/**
 * The day `param` names, as the business lives it: today and tomorrow are read in `timezone` at
 * `now`, and the day runs from its local midnight to the next (luxon's calendar arithmetic, so a
 * DST day is as long as it really is, not 24 hours from a fixed offset). Null for a `param` that
 * names no day.
 */
export function localDay(param: string, now: Date, timezone: string): LocalDay | null {
  if (!isDayParam(param)) return null;
  const today = DateTime.fromJSDate(now).setZone(timezone).startOf('day');
  if (!today.isValid) return null;
  const start =
    param === 'today'
      ? today
      : param === 'tomorrow'
        ? today.plus({ days: 1 }).startOf('day')
        : DateTime.fromFormat(param, 'yyyy-MM-dd', { zone: timezone }).startOf('day');
  const date = start.toISODate()!;
  // Whole calendar days between the two dates, read as UTC dates so no DST hour gets in the way.
  const fromToday = DateTime.fromISO(date, { zone: 'utc' }).diff(
    DateTime.fromISO(today.toISODate(), { zone: 'utc' }),
    'days',
  ).days;
  return {
    date,
    timezone,
    start: start.toJSDate(),
    end: start.plus({ days: 1 }).startOf('day').toJSDate(),
    fromToday: Math.round(fromToday),
  };
}
