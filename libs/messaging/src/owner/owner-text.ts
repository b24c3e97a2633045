import { DateTime } from 'luxon';
import type { DayCounts, ScheduledJob } from '@app/database';
import type { LocalDay } from './owner-day';

/**
 * The owner's views as a person would say them, for a voice assistant to read out or an SMS:
 * times as "9 am", "11:30 am", "noon", never an ISO string; counts with their words ("1 job",
 * "no cancellations"). Pure: what is said depends only on what is given.
 */

/** A moment as said aloud in `timezone`: "9 am", "11:30 am", "noon", "12:15 pm", "midnight". */
export function spokenTime(at: Date, timezone: string): string {
  const local = DateTime.fromJSDate(at).setZone(timezone);
  const { hour, minute } = local;
  if (minute === 0 && hour === 12) return 'noon';
  if (minute === 0 && hour === 0) return 'midnight';
  const suffix = hour < 12 ? 'am' : 'pm';
  const h = hour % 12 || 12;
  return minute === 0 ? `${h} ${suffix}` : `${h}:${String(minute).padStart(2, '0')} ${suffix}`;
}

/** "today", "tomorrow", "yesterday", else "on Friday, December 4" (with the year when it is not this year's). */
export function spokenDay(day: LocalDay): string {
  if (day.fromToday === 0) return 'today';
  if (day.fromToday === 1) return 'tomorrow';
  if (day.fromToday === -1) return 'yesterday';
  const date = DateTime.fromISO(day.date, { zone: 'utc' }).setLocale('en-US');
  const thisYear = DateTime.fromISO(day.date, { zone: 'utc' }).minus({ days: day.fromToday }).year;
  return `on ${date.toFormat(date.year === thisYear ? 'cccc, LLLL d' : 'cccc, LLLL d, yyyy')}`;
}

/** "no jobs", "1 job", "3 jobs". */
export function counted(n: number, one: string, many: string): string {
  return n === 0 ? `no ${many}` : `${n} ${n === 1 ? one : many}`;
}

/**
 * "Tomorrow you have 3 jobs. 9 am: burst pipe for Ann Lee at 12 Oak Street, emergency. 11:30 am: …"
 * or "Today you have no jobs." A past day is told in the past ("Yesterday you had 2 jobs.").
 */
export function scheduleText(day: LocalDay, jobs: ScheduledJob[]): string {
  const verb = day.fromToday < 0 ? 'had' : 'have';
  const opening = `${capitalized(spokenDay(day))} you ${verb} ${counted(jobs.length, 'job', 'jobs')}.`;
  return [opening, ...jobs.map((job) => jobText(job, day.timezone))].join(' ');
}

/** "9 am: burst pipe for Ann Lee at 12 Oak Street, emergency." */
function jobText(job: ScheduledJob, timezone: string): string {
  const what = clean(job.service) ?? 'a job';
  const name = clean(job.contact.name);
  const address = clean(job.address);
  const notes = [job.isEmergency ? 'emergency' : null, job.status === 'completed' ? 'done' : null].filter(Boolean);
  return (
    `${capitalized(spokenTime(job.startsAt, timezone))}: ${what}` +
    (name ? ` for ${name}` : '') +
    (address ? ` at ${address}` : '') +
    notes.map((note) => `, ${note}`).join('') +
    '.'
  );
}

/**
 * "Today: 2 new bookings, 1 cancellation and no emergencies. 14 messages came in; 3 conversations are
 * waiting for a reply." Every count is said, a zero as "no", so a quiet day reads as one.
 */
export function summaryText(day: LocalDay, counts: DayCounts): string {
  const bookings = [
    counted(counts.newBookings, 'new booking', 'new bookings'),
    counted(counts.cancellations, 'cancellation', 'cancellations'),
    counted(counts.emergencies, 'emergency', 'emergencies'),
  ];
  const opening = `${capitalized(spokenDay(day))}: ${bookings.slice(0, -1).join(', ')} and ${bookings.at(-1)}.`;
  const { inboundMessages: inbound, unansweredConversations: waiting } = counts;
  if (inbound === 0 && waiting === 0) return `${opening} No messages came in.`;
  const messages = `${capitalized(counted(inbound, 'message', 'messages'))} came in`;
  if (waiting === 0) return `${opening} ${messages}, all answered.`;
  const conversations = waiting === 1 ? '1 conversation is' : `${waiting} conversations are`;
  return `${opening} ${messages}; ${conversations} waiting for a reply.`;
}

/** A customer's or operator's words, made to sit in a sentence: one line, no trailing stop. Null when empty. */
function clean(text: string | null): string | null {
  const one = text
    ?.replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!]+$/, '');
  return one ? one : null;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
