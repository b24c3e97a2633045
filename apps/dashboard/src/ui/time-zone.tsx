import { createContext, useContext } from 'react';
import { $api } from '../api/client';

/** The business's IANA time zone: every time on screen is shown on its clock, not the browser's. */
export const TimeZoneContext = createContext('UTC');

export const useTimeZone = () => useContext(TimeZoneContext);

/**
 * The business's time zone, as the API resolves it (its own, else DEFAULT_TIMEZONE). The owner's
 * summary is the one route every key can read that names it; it changes rarely, so it is read once
 * per sign-in.
 */
export function useBusinessTimeZone() {
  return $api.useQuery('get', '/api/owner/summary', {}, { staleTime: Infinity, select: (day) => day.timezone });
}

const sameDay = (a: Date, b: Date, timeZone: string) => {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return day.format(a) === day.format(b);
};

/** "14:05" today, "3 Dec, 14:05" another day; in `timeZone`. */
export function shortTime(iso: string, timeZone: string, now = new Date()): string {
  const at = new Date(iso);
  const options: Intl.DateTimeFormatOptions = sameDay(at, now, timeZone)
    ? { timeZone, hour: '2-digit', minute: '2-digit' }
    : { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(undefined, options).format(at);
}

/** A time as a <time> element: short on screen, the full date and zone for screen readers and on hover. */
export function Time({ iso }: { iso: string }) {
  const timeZone = useTimeZone();
  const full = new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: 'full', timeStyle: 'long' }).format(
    new Date(iso),
  );
  return (
    <time dateTime={iso} title={full}>
      {shortTime(iso, timeZone)}
    </time>
  );
}
