import { DateTime } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening interval of a day, local wall-clock "HH:MM" (end after start, same day). */
export interface OpeningInterval {
  start: string;
  end: string;
}

/** When a business takes appointments, in its own time zone. */
export interface AvailabilityRules {
  weeklyHours: Partial<Record<Weekday, OpeningInterval[]>>;
  slotMinutes: number;
  bufferMinutes: number;
  maxPerDay: number | null;
  /** "YYYY-MM-DD" local dates it is closed. */
  closedDates: string[];
  timezone: string;
}

/** A span of time in UTC instants: a slot, or an appointment already booked. */
export interface Span {
  startsAt: Date;
  endsAt: Date;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (total: number) =>
  `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
const weekdayOf = (day: DateTime): Weekday => WEEKDAYS[day.weekday - 1];

/**
 * A local wall-clock time on a local date as an instant, or null when that time does not
 * exist there (the hour skipped when clocks spring forward: Luxon would silently move it on,
 * and a customer would be offered 3:30 as "2:30"). In the hour repeated when clocks fall back
 * the earlier instant is taken, so a wall time is offered once.
 */
export function localInstant(date: DateTime, time: string): DateTime | null {
  const at = date.set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)), second: 0, millisecond: 0 });
  return at.isValid && at.toFormat('HH:mm') === time ? at : null;
}

/**
 * The free slots from `from` to `to` (each starting after `now`), in time order, at most
 * `limit`: laid out from each opening interval's start every slot + buffer minutes of wall-clock
 * time, a slot only when it ends within the interval, and never within `bufferMinutes` of a
 * booked appointment. Closed dates and days already holding `maxPerDay` bookings offer none.
 */
export function freeSlots(
  rules: AvailabilityRules,
  booked: Span[],
  window: { from: Date; to: Date; now: Date },
  limit = 500,
): Span[] {
  const zone = rules.timezone;
  const earliest = Math.max(window.from.getTime(), window.now.getTime());
  // A slot may start at `from` itself, but not at `now`: that moment has gone.
  const startsTooEarly = (at: number) => at < window.from.getTime() || at <= window.now.getTime();
  const bookedPerDay = countPerLocalDay(booked, zone);
  const slots: Span[] = [];
  let day = DateTime.fromJSDate(new Date(earliest), { zone }).startOf('day');
  const lastDay = DateTime.fromJSDate(window.to, { zone }).startOf('day');
  for (; day <= lastDay && slots.length < limit; day = day.plus({ days: 1 }).startOf('day')) {
    const date = day.toISODate()!;
    // On a day whose UTC offset does not change (all but the DST days), a wall-clock minute is the
    // day's start plus those minutes: plain arithmetic instead of building a zoned time per slot,
    // which made an offer late in a busy day cost milliseconds (~0.1 ms a slot, before `now` and
    // booked ones included). The DST days take the zoned path, which knows the gap and the repeat.
    // (A zone that moves its clocks at midnight starts such a day at 01:00: not steady either.)
    const steady = day.hour === 0 && day.minute === 0 && day.offset === day.endOf('day').offset;
    if (rules.closedDates.includes(date)) continue;
    if (rules.maxPerDay !== null && (bookedPerDay.get(date) ?? 0) >= rules.maxPerDay) continue;
    for (const interval of rules.weeklyHours[weekdayOf(day)] ?? []) {
      const close = minutes(interval.end);
      const step = rules.slotMinutes + rules.bufferMinutes;
      for (let at = minutes(interval.start); at + rules.slotMinutes <= close; at += step) {
        const startMs = steady ? day.toMillis() + at * 60_000 : localInstant(day, hhmm(at))?.toMillis();
        if (startMs === undefined) continue;
        const slot = { startsAt: new Date(startMs), endsAt: new Date(startMs + rules.slotMinutes * 60_000) };
        if (startsTooEarly(slot.startsAt.getTime()) || slot.startsAt >= window.to) continue;
        if (booked.some((b) => overlaps(b, slot, rules.bufferMinutes))) continue;
        slots.push(slot);
        if (slots.length >= limit) break;
      }
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/**
 * Why a booking at this time is not within the business's hours, or null when it is: its
 * local day is open (not a closed date), and it starts and ends inside one opening interval.
 */
export function openingHoursProblem(rules: AvailabilityRules, span: Span): string | null {
  const start = DateTime.fromJSDate(span.startsAt, { zone: rules.timezone });
  const end = DateTime.fromJSDate(span.endsAt, { zone: rules.timezone });
  const date = start.toISODate()!;
  const hours = rules.weeklyHours[weekdayOf(start)] ?? [];
  if (rules.closedDates.includes(date) || hours.length === 0)
    return `startsAt must be on a day the business is open (${date} is closed in ${rules.timezone})`;
  const from = start.hour * 60 + start.minute;
  const to = from + Math.round((span.endsAt.getTime() - span.startsAt.getTime()) / 60_000);
  const inside = end.toISODate() === date && hours.some((h) => minutes(h.start) <= from && to <= minutes(h.end));
  if (inside) return null;
  const open = hours.map((h) => `${h.start}–${h.end}`).join(', ');
  return `startsAt must be within opening hours (${weekdayOf(start)} ${open} in ${rules.timezone})`;
}

/** Booked appointments per local date of their start, for the max-per-day rule. */
export function countPerLocalDay(booked: Span[], zone: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of booked) {
    const date = DateTime.fromJSDate(b.startsAt, { zone }).toISODate()!;
    counts.set(date, (counts.get(date) ?? 0) + 1);
  }
  return counts;
}

/** Whether a booked appointment and a slot come closer than the buffer (touching is fine without one). */
function overlaps(booked: Span, slot: Span, bufferMinutes: number): boolean {
  const buffer = bufferMinutes * 60_000;
  return (
    slot.startsAt.getTime() < booked.endsAt.getTime() + buffer &&
    booked.startsAt.getTime() < slot.endsAt.getTime() + buffer
  );
}
