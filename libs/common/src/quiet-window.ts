import { DateTime } from 'luxon';

export interface QuietWindow {
  /** "HH:MM", local time. */
  start: string;
  end: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isHhMm(value: string): boolean {
  return HHMM.test(value);
}

/**
 * "21:00-08:00" → { start, end }; null for an empty value. Throws on a malformed one, with a
 * message that follows the name of what it read (QUIET_HOURS, a campaign's quietHours).
 */
export function parseQuietWindow(value: string | undefined): QuietWindow | null {
  if (!value?.trim()) return null;
  const parts = value.split('-').map((s) => s.trim());
  const [start, end] = parts;
  // Two times exactly: "21:00-08:00-09:00" was read as 21:00-08:00, its tail ignored.
  if (parts.length !== 2 || !isHhMm(start) || !isHhMm(end) || start === end) {
    throw new Error('must look like 21:00-08:00 (start and end differ)');
  }
  return { start, end };
}

/**
 * An IANA zone name (any case). Luxon alone would also take "local", "system" and "UTC+3":
 * the server's own zone or a fixed offset, which cron-parser and Intl read differently.
 */
export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  return DateTime.now().setZone(zone).isValid;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the quiet window that `now` falls in ends, in `timezone`; null when `now`
 * is outside it. A window whose end is before its start spans midnight
 * (21:00-08:00). Local wall-clock times, so DST shifts are honoured.
 */
export function quietUntil(now: Date, window: QuietWindow, timezone: string): Date | null {
  const local = DateTime.fromJSDate(now).setZone(timezone);
  const at = local.hour * 60 + local.minute;
  const start = minutes(window.start);
  const end = minutes(window.end);
  // An empty window (start = end) holds nothing back; read as a wrap-around it would hold back everything, forever.
  if (start === end) return null;
  const inside = start < end ? at >= start && at < end : at >= start || at < end;
  if (!inside) return null;
  let endAt = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (endAt <= local) endAt = endAt.plus({ days: 1 });
  return endAt.toJSDate();
}
