import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  Max,
  Min,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { WEEKDAYS } from '@app/messaging';
import { IsDateTime, IsOmittable } from '../validators';

const INTERVAL = {
  type: 'object' as const,
  required: ['start', 'end'],
  properties: {
    start: { type: 'string' as const, example: '08:00' },
    end: { type: 'string' as const, example: '17:00' },
  },
};
const WEEKLY_HOURS_SCHEMA = {
  type: 'object' as const,
  description: 'Opening hours per weekday in the business time zone ("HH:MM"); a day left out is closed.',
  properties: Object.fromEntries(
    WEEKDAYS.map((day) => [day, { type: 'array' as const, items: INTERVAL, maxItems: 8 }]),
  ),
  additionalProperties: false,
  example: {
    mon: [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
    sat: [{ start: '09:00', end: '13:00' }],
  },
};

/** The first thing wrong with a weeklyHours value, as a message starting with its path; null when its shape is right. */
function weeklyHoursShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'weeklyHours must be an object of weekdays (mon … sun)';
  for (const [day, intervals] of Object.entries(value)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) return `weeklyHours.${day} is not a weekday (mon … sun)`;
    if (!Array.isArray(intervals) || intervals.length > 8)
      return `weeklyHours.${day} must be an array of at most 8 intervals {start, end}`;
    const bad = intervals.findIndex(
      (i: unknown) =>
        typeof i !== 'object' ||
        i === null ||
        typeof (i as { start?: unknown }).start !== 'string' ||
        typeof (i as { end?: unknown }).end !== 'string',
    );
    if (bad >= 0) return `weeklyHours.${day}.${bad} must be an object {start, end} of times "HH:MM"`;
  }
  return null;
}

function IsWeeklyHours() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isWeeklyHours',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => weeklyHoursShapeProblem(value) === null,
        defaultMessage: ({ value }: ValidationArguments) => weeklyHoursShapeProblem(value) ?? '',
      },
    });
}

export class PutAvailabilityDto {
  @ApiProperty(WEEKLY_HOURS_SCHEMA)
  @IsWeeklyHours()
  weeklyHours: Record<string, Array<{ start: string; end: string }>>;
  /** Length of one appointment (default 60). */
  @IsOmittable() @IsInt() @Min(5) @Max(1440) slotMinutes?: number;
  /** Free minutes kept after each appointment (default 0). */
  @IsOmittable() @IsInt() @Min(0) @Max(1440) bufferMinutes?: number;
  /** At most this many booked appointments a day; null or left out: no limit. */
  @IsOptional() @IsInt() @Min(1) @Max(1000) maxPerDay?: number | null;
  /** Days it is closed, "YYYY-MM-DD" in its time zone. */
  @IsOmittable() @IsArray() @ArrayMaxSize(400) closedDates?: string[];
}

export class SlotsQuery {
  /** From this moment (default: now). */
  @IsOmittable() @IsDateTime() from?: string;
  /** Until this moment (default: 14 days after `from`); at most a year is searched. */
  @IsOmittable() @IsDateTime() to?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'At most this many slots (1–500, default 50).' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
