import { DateTime } from 'luxon';
import { quietUntil, type QuietWindow } from '@app/common';

/**
 * A reminder pulled forward by quiet hours is due this long before the window starts, so a
 * tick or two of delay (a worker restarting) still gets it out before the window, not inside it.
 */
export const QUIET_MARGIN_MS = 10 * 60_000;

/** A reminder found due more than this after its moment is late: it was missed (booked late, no worker ran). */
export const LATE_AFTER_MS = 10 * 60_000;

/** A late reminder with less notice than this left is no use to anyone: it is skipped. */
export const MIN_NOTICE_MS = 60 * 60_000;

/** Where an appointment's reminder is kept to: its business's quiet hours, in its business's zone. */
export interface ReminderRules {
  /** businesses.reminderHours: how long before the appointment the reminder goes. */
  hours: number;
  quietHours: QuietWindow | null;
  timezone: string;
}

export type ReminderDecision = { kind: 'wait' } | { kind: 'send' } | { kind: 'skip'; reason: string };

/**
 * When an appointment's reminder is due. `hours` before the start counted on the business's
 * clock: whole days are calendar days (a 24-hour reminder of a 9:00 appointment goes at 9:00
 * the day before, also across a DST change, which makes it 23 or 25 real hours), the rest are
 * real hours. A moment inside quiet hours, or just before them, is pulled forward to
 * QUIET_MARGIN_MS before the window starts: earlier, never later (pushed past the window it
 * would come too close to the appointment, or after it).
 */
export function reminderDueAt(startsAt: Date, rules: ReminderRules): Date {
  const ideal = DateTime.fromJSDate(startsAt, { zone: rules.timezone })
    .minus({ days: Math.floor(rules.hours / 24) })
    .minus({ hours: rules.hours % 24 })
    .toJSDate();
  if (!rules.quietHours) return ideal;
  const windowStart =
    quietWindowStart(ideal, rules.quietHours, rules.timezone) ??
    quietWindowStart(new Date(ideal.getTime() + QUIET_MARGIN_MS), rules.quietHours, rules.timezone);
  if (!windowStart) return ideal;
  return new Date(Math.min(ideal.getTime(), windowStart.getTime() - QUIET_MARGIN_MS));
}

/**
 * What to do with an appointment's reminder at `now`. Before it is due: wait. Once due it goes,
 * unless it is late (LATE_AFTER_MS past its moment: booked less than `hours` ahead, or no worker
 * ran) with less than MIN_NOTICE_MS left, or `now` is inside quiet hours (only possible when
 * late): then it waits for the window's end if that still leaves MIN_NOTICE_MS, else it is skipped.
 */
export function decideReminder(startsAt: Date, now: Date, rules: ReminderRules): ReminderDecision {
  const due = reminderDueAt(startsAt, rules);
  if (now < due) return { kind: 'wait' };
  const late = now.getTime() - due.getTime() > LATE_AFTER_MS;
  if (late && startsAt.getTime() - now.getTime() < MIN_NOTICE_MS)
    return { kind: 'skip', reason: 'less than an hour before the appointment' };
  const quietEnds = rules.quietHours ? quietUntil(now, rules.quietHours, rules.timezone) : null;
  if (!quietEnds) return { kind: 'send' };
  if (startsAt.getTime() - quietEnds.getTime() >= MIN_NOTICE_MS) return { kind: 'wait' };
  return { kind: 'skip', reason: 'quiet hours last until less than an hour before the appointment' };
}

/**
 * The latest "`hours` before" moment whose reminder can be due at `now`: later ones are not due
 * yet. A moment inside a quiet window is due from shortly before the window starts, so once
 * `now` is that close to (or inside) a window, everything up to its end can be due. The
 * database reads appointments starting up to this + their business's hours + 1 h (calendar
 * days differ from 24 real hours by a DST shift): a superset of the due ones, never fewer.
 */
export function reminderHorizon(now: Date, quietHours: QuietWindow | null, timezone: string): Date {
  const soon = new Date(now.getTime() + QUIET_MARGIN_MS);
  return (quietHours && quietUntil(soon, quietHours, timezone)) || soon;
}

/** The start of the quiet window `at` falls in, or null when it falls outside quiet hours. */
function quietWindowStart(at: Date, window: QuietWindow, timezone: string): Date | null {
  const end = quietUntil(at, window, timezone);
  if (!end) return null;
  const [hour, minute] = window.start.split(':').map(Number);
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const sameDay = local.set({ hour, minute, second: 0, millisecond: 0 });
  // A window spanning midnight (21:00-08:00) began the evening before for a moment after midnight.
  return (sameDay <= local ? sameDay : sameDay.minus({ days: 1 })).toJSDate();
}
