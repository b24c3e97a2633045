import { DateTime } from 'luxon';

/**
 * The reminder's text, its date and time on the business's clock (where the appointment is):
 * "Reminder: your appointment with Acme Plumbing is tomorrow, Wed 2 Dec at 9:00 AM. Reply C to
 * confirm, R to reschedule, STOP to opt out." Today and tomorrow are named as such, seen from
 * `now` in that zone. It offers only replies that are handled (BookingConversation): C always,
 * R only where the business books by text.
 */
export function appointmentReminderText(input: {
  businessName: string;
  startsAt: Date;
  timezone: string;
  now: Date;
  /** The business books by text, so R (reschedule) is answered. */
  canReschedule: boolean;
}): string {
  const start = DateTime.fromJSDate(input.startsAt, { zone: input.timezone }).setLocale('en-US');
  const today = DateTime.fromJSDate(input.now, { zone: input.timezone }).startOf('day');
  // Calendar days, rounded: a day with a DST change is 23 or 25 hours long.
  const days = Math.round(start.startOf('day').diff(today, 'days').days);
  const date = start.toFormat("ccc d LLL 'at' h:mm a");
  const when = days === 0 ? `today, ${date}` : days === 1 ? `tomorrow, ${date}` : `on ${date}`;
  const replies = input.canReschedule
    ? 'C to confirm, R to reschedule, STOP to opt out'
    : 'C to confirm, STOP to opt out';
  return `Reminder: your appointment with ${input.businessName.trim()} is ${when}. Reply ${replies}.`;
}
