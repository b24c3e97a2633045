import { ApiProperty } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import type { AvailabilityRules, Span } from '@app/messaging';

export class AvailabilityResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Opening hours per weekday ("HH:MM", business time zone); a day not listed is closed.',
    example: { mon: [{ start: '08:00', end: '17:00' }] },
  })
  weeklyHours: Record<string, Array<{ start: string; end: string }>>;

  @ApiProperty({ type: 'integer', example: 60 }) slotMinutes: number;
  @ApiProperty({ type: 'integer', example: 0 }) bufferMinutes: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 6 }) maxPerDay: number | null;
  @ApiProperty({ type: [String], example: ['2026-12-25'] }) closedDates: string[];
  @ApiProperty({ type: String, description: 'The business time zone the hours are in.', example: 'America/Chicago' })
  timezone: string;
}

export class SlotResponse {
  @ApiProperty({
    type: String,
    description: 'ISO 8601 with the business offset.',
    example: '2026-12-07T09:00:00.000-06:00',
  })
  startsAt: string;
  @ApiProperty({ type: String, example: '2026-12-07T10:00:00.000-06:00' }) endsAt: string;
}

export class SlotList {
  @ApiProperty({ type: [SlotResponse] }) items: SlotResponse[];
  @ApiProperty({ type: String, example: 'America/Chicago' }) timezone: string;
}

export const toAvailabilityResponse = (rules: AvailabilityRules): AvailabilityResponse => ({
  weeklyHours: rules.weeklyHours,
  slotMinutes: rules.slotMinutes,
  bufferMinutes: rules.bufferMinutes,
  maxPerDay: rules.maxPerDay,
  closedDates: rules.closedDates,
  timezone: rules.timezone,
});

/** A time as the business reads it: ISO 8601 with its own offset. */
export const inZone = (at: Date, timezone: string) => DateTime.fromJSDate(at, { zone: timezone }).toISO()!;

export const toSlotResponse = (slot: Span, timezone: string): SlotResponse => ({
  startsAt: inZone(slot.startsAt, timezone),
  endsAt: inZone(slot.endsAt, timezone),
});
