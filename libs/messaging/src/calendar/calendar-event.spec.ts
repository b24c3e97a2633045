import type { AppointmentWithContact } from '@app/database';
import { calendarEventIdOf, calendarEventOf } from './calendar-event';

describe('calendar events', () => {
  it("takes the appointment's uuid without dashes: base32hex, as Google wants its ids", () => {
    const id = calendarEventIdOf('C2D4E6F8-1A3B-4C5D-8E7F-9A0B1C2D3E4F');
    expect(id).toBe('c2d4e6f81a3b4c5d8e7f9a0b1c2d3e4f');
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
  });

  it('says what, who, where and when, on the business clock', () => {
    const appointment = {
      id: 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f',
      startsAt: new Date('2026-12-07T14:00:00Z'),
      endsAt: new Date('2026-12-07T15:00:00Z'),
      service: 'Burst pipe',
      address: '12 Oak Street',
      notes: null,
      isEmergency: true,
      source: 'sms',
      contact: { name: 'Dana Smith', phone: '+15557654321' },
    } as unknown as AppointmentWithContact;
    expect(calendarEventOf(appointment, 'America/New_York')).toEqual({
      summary: '[Emergency] Burst pipe: Dana Smith',
      description: expect.stringContaining('Customer: Dana Smith (+15557654321)'),
      location: '12 Oak Street',
      start: appointment.startsAt,
      end: appointment.endsAt,
      timeZone: 'America/New_York',
      appointmentId: appointment.id,
    });
  });
});
