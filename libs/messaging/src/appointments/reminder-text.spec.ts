import { appointmentReminderText } from './reminder-text';

const at = (iso: string) => new Date(iso);
const text = (startsAt: string, now: string, timezone = 'America/New_York', canReschedule = true) =>
  appointmentReminderText({
    businessName: 'Acme Plumbing',
    startsAt: at(startsAt),
    timezone,
    now: at(now),
    canReschedule,
  });

describe('the appointment reminder text', () => {
  it('names the day and time on the business clock, and the replies that are handled', () => {
    // Wed 2 Dec 2026, 9:00 in New York is 14:00Z.
    expect(text('2026-12-02T14:00:00Z', '2026-12-01T14:00:00Z')).toBe(
      'Reminder: your appointment with Acme Plumbing is tomorrow, Wed 2 Dec at 9:00 AM. Reply C to confirm, R to reschedule, STOP to opt out.',
    );
    expect(text('2026-12-02T14:00:00Z', '2026-12-02T13:00:00Z')).toBe(
      'Reminder: your appointment with Acme Plumbing is today, Wed 2 Dec at 9:00 AM. Reply C to confirm, R to reschedule, STOP to opt out.',
    );
    expect(text('2026-12-04T20:30:00Z', '2026-12-02T14:00:00Z')).toBe(
      'Reminder: your appointment with Acme Plumbing is on Fri 4 Dec at 3:30 PM. Reply C to confirm, R to reschedule, STOP to opt out.',
    );
  });

  it('offers R only where the business books by text (elsewhere nothing would answer it)', () => {
    expect(text('2026-12-02T14:00:00Z', '2026-12-01T14:00:00Z', 'America/New_York', false)).toBe(
      'Reminder: your appointment with Acme Plumbing is tomorrow, Wed 2 Dec at 9:00 AM. Reply C to confirm, STOP to opt out.',
    );
  });

  it('decides today and tomorrow in the business zone, not in UTC', () => {
    // 20:50 on Tue 1 Dec in New York is already Wed 2 Dec in UTC: the appointment is still tomorrow.
    expect(text('2026-12-02T14:00:00Z', '2026-12-02T01:50:00Z')).toContain('is tomorrow, Wed 2 Dec at 9:00 AM');
    // In Warsaw the same moments are 15:00 on Wed and 02:50 on Wed: today.
    expect(text('2026-12-02T14:00:00Z', '2026-12-02T01:50:00Z', 'Europe/Warsaw')).toContain(
      'is today, Wed 2 Dec at 3:00 PM',
    );
  });

  it('counts calendar days across a DST change (a 23-hour day)', () => {
    // Sat 7 Mar 9:00 EST → Sun 8 Mar 9:00 EDT.
    expect(text('2026-03-08T13:00:00Z', '2026-03-07T14:00:00Z')).toContain('is tomorrow, Sun 8 Mar at 9:00 AM');
  });
});
