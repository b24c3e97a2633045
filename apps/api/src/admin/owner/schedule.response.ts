import { ApiProperty } from '@nestjs/swagger';
import { OwnerDayResponse } from './owner-day.response';
import { SCHEDULE_STATUSES } from '@app/database';
import type { OwnerSchedule } from '@app/messaging';

export class ScheduleContactResponse {
  @ApiProperty({ type: String, nullable: true, example: 'Ann Lee' })
  name: string | null;

  @ApiProperty({ type: String, description: 'E.164.', example: '+15557654321' })
  phone: string;
}

/** One appointment of the day. */
export class ScheduledJobResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '3c2e8f0a-51d4-4b7e-9a60-2f1d8c7b5e43' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-03T14:00:00.000Z' })
  startsAt: Date;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-03T15:00:00.000Z' })
  endsAt: Date;

  @ApiProperty({
    enum: SCHEDULE_STATUSES,
    description: 'booked (to do) or completed; cancelled and no-show appointments are not on the schedule.',
    example: 'booked',
  })
  status: (typeof SCHEDULE_STATUSES)[number];

  @ApiProperty({ type: Boolean, example: true })
  isEmergency: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'burst pipe' })
  service: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  notes: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The appointment’s address, else the contact’s.',
    example: '12 Oak Street',
  })
  address: string | null;

  @ApiProperty({ type: ScheduleContactResponse })
  contact: ScheduleContactResponse;
}

/** A day's appointments, in time order, and the same said aloud. */
export class ScheduleResponse extends OwnerDayResponse {
  @ApiProperty({
    type: ScheduledJobResponse,
    isArray: true,
    description: 'Appointments starting that day, earliest first.',
  })
  items: ScheduledJobResponse[];

  @ApiProperty({
    type: String,
    description: 'For a voice assistant or a text: times as a person says them, no ISO dates.',
    example:
      'Tomorrow you have 2 jobs. 9 am: burst pipe for Ann Lee at 12 Oak Street, emergency. Noon: boiler service.',
  })
  text: string;
}

export function toScheduleResponse({ day, jobs, text }: OwnerSchedule): ScheduleResponse {
  return {
    date: day.date,
    timezone: day.timezone,
    items: jobs.map((job) => ({
      id: job.id,
      startsAt: job.startsAt,
      endsAt: job.endsAt,
      status: job.status,
      isEmergency: job.isEmergency,
      service: job.service,
      notes: job.notes,
      address: job.address,
      contact: { name: job.contact.name, phone: job.contact.phone },
    })),
    text,
  };
}
