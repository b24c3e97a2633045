import type { DayCounts, ScheduledJob } from '@app/database';
import { localDay, type LocalDay } from './owner-day';
import { scheduleText, spokenDay, spokenTime, summaryText } from './owner-text';

const NY = 'America/New_York';
/** "Now" for these tests: Saturday 31 October 2026, 4 pm in New York (EDT, the day before the clocks go back). */
const NOW = new Date('2026-10-31T20:00:00Z');
const day = (param: string, zone = NY): LocalDay => localDay(param, NOW, zone)!;

let seq = 0;
function job(startsAt: string, fields: Partial<ScheduledJob> & { name?: string | null } = {}): ScheduledJob {
  const { name = null, ...rest } = fields;
  const start = new Date(startsAt);
  return {
    id: `job-${++seq}`,
    startsAt: start,
    endsAt: new Date(start.getTime() + 3_600_000),
    status: 'booked',
    isEmergency: false,
    service: null,
    notes: null,
    address: null,
    contact: { name, phone: '+15557654321' },
    ...rest,
  };
}

describe('spokenTime', () => {
  it.each([
    ['2026-12-03T14:00:00Z', '9 am'],
    ['2026-12-03T16:30:00Z', '11:30 am'],
    ['2026-12-03T17:00:00Z', 'noon'],
    ['2026-12-03T17:15:00Z', '12:15 pm'],
    ['2026-12-03T05:00:00Z', 'midnight'],
    ['2026-12-03T05:05:00Z', '12:05 am'],
    ['2026-12-03T23:45:00Z', '6:45 pm'],
    ['2026-12-04T04:59:00Z', '11:59 pm'],
  ])('says %s as "%s" in New York', (at, said) => {
    expect(spokenTime(new Date(at), NY)).toBe(said);
  });

  it('reads the hour in the zone of the day, on either side of a DST change', () => {
    // 1 November 2026: 1:30 am happens twice in New York, once in EDT and once in EST.
    expect(spokenTime(new Date('2026-11-01T05:30:00Z'), NY)).toBe('1:30 am');
    expect(spokenTime(new Date('2026-11-01T06:30:00Z'), NY)).toBe('1:30 am');
    expect(spokenTime(new Date('2026-11-01T14:00:00Z'), NY)).toBe('9 am');
    expect(spokenTime(new Date('2026-11-01T14:00:00Z'), 'Asia/Kathmandu')).toBe('7:45 pm');
  });
});

describe('spokenDay', () => {
  it('names the days next to today, and any other by weekday and date', () => {
    expect(spokenDay(day('today'))).toBe('today');
    expect(spokenDay(day('tomorrow'))).toBe('tomorrow');
    expect(spokenDay(day('2026-10-30'))).toBe('yesterday');
    expect(spokenDay(day('2026-12-04'))).toBe('on Friday, December 4');
    expect(spokenDay(day('2027-01-08'))).toBe('on Friday, January 8, 2027');
  });
});

describe('scheduleText', () => {
  it('says a day without jobs in one sentence', () => {
    expect(scheduleText(day('today'), [])).toBe('Today you have no jobs.');
    expect(scheduleText(day('2026-10-29'), [])).toBe('On Thursday, October 29 you had no jobs.');
  });

  it('says each job with its time, what it is, who for, where, and whether it is an emergency', () => {
    const jobs = [
      job('2026-11-01T14:00:00Z', { service: 'burst pipe', address: '12 Oak Street', isEmergency: true }),
      job('2026-11-01T16:30:00Z', { service: '  boiler\n service. ', name: 'Ann Lee' }),
      job('2026-11-01T17:00:00Z', { address: '3 Elm Road', status: 'completed' }),
    ];
    expect(scheduleText(day('tomorrow'), jobs)).toBe(
      'Tomorrow you have 3 jobs. 9 am: burst pipe at 12 Oak Street, emergency. ' +
        '11:30 am: boiler service for Ann Lee. Noon: a job at 3 Elm Road, done.',
    );
  });

  it('says one job in the singular, and a past day in the past', () => {
    const one = [job('2026-10-30T12:00:00Z', { service: 'leak check' })];
    expect(scheduleText(day('2026-10-30'), one)).toBe('Yesterday you had 1 job. 8 am: leak check.');
  });

  it('never puts a machine date or time in the text', () => {
    const text = scheduleText(day('tomorrow'), [job('2026-11-01T14:00:00Z'), job('2026-11-01T19:20:00Z')]);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:|:\d{2}:\d{2}|Z\b|\+\d{2}:\d{2}|\b\d{2}:\d{2}\b/);
    expect(text).toBe('Tomorrow you have 2 jobs. 9 am: a job. 2:20 pm: a job.');
  });
});

describe('summaryText', () => {
  const counts = (c: Partial<DayCounts>): DayCounts => ({
    newBookings: 0,
    cancellations: 0,
    emergencies: 0,
    inboundMessages: 0,
    unansweredConversations: 0,
    ...c,
  });

  it('says a quiet day as one', () => {
    expect(summaryText(day('today'), counts({}))).toBe(
      'Today: no new bookings, no cancellations and no emergencies. No messages came in.',
    );
  });

  it('says every count, singular or plural, and who is waiting', () => {
    expect(
      summaryText(
        day('today'),
        counts({ newBookings: 2, cancellations: 1, emergencies: 1, inboundMessages: 14, unansweredConversations: 3 }),
      ),
    ).toBe(
      'Today: 2 new bookings, 1 cancellation and 1 emergency. 14 messages came in; 3 conversations are waiting for a reply.',
    );
    expect(
      summaryText(
        day('2026-10-30'),
        counts({ newBookings: 1, emergencies: 2, inboundMessages: 1, unansweredConversations: 1 }),
      ),
    ).toBe(
      'Yesterday: 1 new booking, no cancellations and 2 emergencies. 1 message came in; 1 conversation is waiting for a reply.',
    );
  });

  it('says when every message was answered', () => {
    expect(summaryText(day('today'), counts({ inboundMessages: 5 }))).toBe(
      'Today: no new bookings, no cancellations and no emergencies. 5 messages came in, all answered.',
    );
  });
});
