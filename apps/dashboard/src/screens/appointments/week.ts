import { DateTime } from 'luxon';

/**
 * Week arithmetic on the business's clock (luxon: the browser's Date knows only its own zone and
 * UTC). A week runs Monday 00:00 to the next Monday 00:00 local time, so a DST week is 167 or 169 hours.
 */
export const mondayOf = (at: DateTime) => at.startOf('week').toISODate()!;

export const thisMonday = (zone: string) => mondayOf(DateTime.now().setZone(zone));

/** The Monday of the week an ISO time falls in, on the business's clock. */
export const mondayOfTime = (iso: string, zone: string) => mondayOf(DateTime.fromISO(iso, { zone }));

export function weekDays(monday: string, zone: string): DateTime[] {
  const start = DateTime.fromISO(monday, { zone });
  return Array.from({ length: 7 }, (_, i) => start.plus({ days: i }));
}

/** The instants the week starts and ends at, for GET /api/appointments?from=&to=. */
export function weekSpan(monday: string, zone: string): { from: string; to: string } {
  const start = DateTime.fromISO(monday, { zone });
  return { from: start.toUTC().toISO()!, to: start.plus({ weeks: 1 }).toUTC().toISO()! };
}

export const shiftWeek = (monday: string, weeks: number, zone: string) =>
  DateTime.fromISO(monday, { zone }).plus({ weeks }).toISODate()!;

/** The local date (YYYY-MM-DD) an ISO time falls on. */
export const localDate = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toISODate()!;

/** "09:00" on the business's clock. */
export const clock = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat('HH:mm');
