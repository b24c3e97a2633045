import { ApiProperty } from '@nestjs/swagger';
import type { AppointmentWithContact } from '@app/database';
import { SlotResponse, toSlotResponse } from '../availability/availability.response';

/** Where the appointment's Google Calendar event stands. */
export class AppointmentCalendarResponse {
  @ApiProperty({
    enum: ['pending', 'synced', 'failed'],
    description:
      'pending: its latest change is on its way to the calendar; synced: the calendar has it; failed: Google refused or did not answer (retried, see error).',
    example: 'synced',
  })
  sync: 'pending' | 'synced' | 'failed';
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The event in Google Calendar (its htmlLink); null before it exists and once it is deleted (cancelled).',
    example: 'https://www.google.com/calendar/event?eid=YzJkNGU2Zjg',
  })
  link: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last try failed; null once one succeeds.',
    example: null,
  })
  error: string | null;
}

/** An appointment is a slot (its startsAt and endsAt, on the business's clock) that someone holds. */
export class AppointmentResponse extends SlotResponse {
  @ApiProperty({ type: String, format: 'uuid', example: 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f' }) id: string;
  @ApiProperty({ type: String, description: "The customer's number (E.164).", example: '+15557654321' })
  phone: string;
  @ApiProperty({ type: String, nullable: true, example: 'Dana Smith' }) contactName: string | null;
  @ApiProperty({ enum: ['booked', 'cancelled', 'completed', 'no_show'], example: 'booked' })
  status: 'booked' | 'cancelled' | 'completed' | 'no_show';
  @ApiProperty({ type: Boolean, example: false }) isEmergency: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Burst pipe' }) service: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) notes: string | null;
  @ApiProperty({ type: String, nullable: true, example: '12 Oak Street' }) address: string | null;
  @ApiProperty({ enum: ['sms', 'whatsapp', 'api', 'voice', 'widget'], example: 'api' })
  source: 'sms' | 'whatsapp' | 'api' | 'voice' | 'widget';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) reminderSentAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the customer confirmed it (C in reply to its reminder); cleared when it is moved.',
    example: null,
  })
  confirmedAt: string | null;
  @ApiProperty({
    type: AppointmentCalendarResponse,
    nullable: true,
    description: 'Its Google Calendar event; null when its business has no calendar (GOOGLE_CALENDAR_ID, calendarId).',
  })
  calendar: AppointmentCalendarResponse | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-01T15:04:05.000Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-01T15:04:05.000Z' }) updatedAt: string;
}

export class AppointmentList {
  @ApiProperty({ type: [AppointmentResponse] }) items: AppointmentResponse[];
}

export const toAppointmentResponse = (a: AppointmentWithContact, timezone: string): AppointmentResponse => ({
  id: a.id,
  phone: a.contact.phone,
  contactName: a.contact.name,
  ...toSlotResponse(a, timezone),
  status: a.status,
  isEmergency: a.isEmergency,
  service: a.service,
  notes: a.notes,
  address: a.address,
  source: a.source,
  reminderSentAt: a.reminderSentAt?.toISOString() ?? null,
  confirmedAt: a.confirmedAt?.toISOString() ?? null,
  calendar: a.calendarSync ? { sync: a.calendarSync, link: a.calendarLink, error: a.calendarError } : null,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});
