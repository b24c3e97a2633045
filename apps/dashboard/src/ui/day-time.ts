/** "Mon 7 Dec, 09:30" in `timeZone`: a time a few days away, read at a glance (the weekday matters for schedules). */
export function dayTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
