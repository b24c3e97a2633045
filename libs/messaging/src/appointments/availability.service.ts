import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Availability, AvailabilityRepository, AppointmentsRepository } from '@app/database';
import { BusinessDefaults } from '../businesses/business-defaults';
import { badRequest } from '../rules/bad-request';
import { AvailabilityRules, freeSlots, OpeningInterval, Span, Weekday, WEEKDAYS } from './opening-hours';

export interface AvailabilityInput {
  weeklyHours: Partial<Record<Weekday, OpeningInterval[]>>;
  slotMinutes?: number;
  bufferMinutes?: number;
  maxPerDay?: number | null;
  closedDates?: string[];
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** At most this far ahead a slot search looks: a year of days. */
const MAX_SEARCH_DAYS = 366;

/** A business's opening hours, and the free slots they leave. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly availability: AvailabilityRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly defaults: BusinessDefaults,
  ) {}

  /** Its rules in its time zone, or null when it never set opening hours. */
  async rules(businessId: string): Promise<AvailabilityRules | null> {
    const [stored, defaults] = await Promise.all([this.availability.find(businessId), this.defaults.of(businessId)]);
    return stored ? toRules(stored, defaults.timezone) : null;
  }

  /** Replaces the opening hours whole; every problem is reported at once, nothing is stored on any. */
  async put(businessId: string, input: AvailabilityInput): Promise<AvailabilityRules> {
    const problems = [...hoursProblems(input.weeklyHours), ...datesProblems(input.closedDates ?? [])];
    if (problems.length) throw badRequest(...problems);
    const weeklyHours = Object.fromEntries(
      WEEKDAYS.filter((day) => input.weeklyHours[day]?.length).map((day) => [
        day,
        // Only the two times of each interval are kept, whatever else a client sent along.
        [...input.weeklyHours[day]!]
          .sort((a, b) => a.start.localeCompare(b.start))
          .map(({ start, end }) => ({ start, end })),
      ]),
    );
    await this.availability.put(businessId, {
      weeklyHours,
      slotMinutes: input.slotMinutes ?? 60,
      bufferMinutes: input.bufferMinutes ?? 0,
      maxPerDay: input.maxPerDay ?? null,
      closedDates: [...new Set(input.closedDates ?? [])].sort(),
    });
    return (await this.rules(businessId))!;
  }

  /** Free slots in [from, to) after now, at most `limit`; none when it has no opening hours. */
  async slots(businessId: string, window: { from: Date; to: Date; now: Date }, limit: number): Promise<Span[]> {
    const rules = await this.rules(businessId);
    if (!rules) return [];
    const to = new Date(Math.min(window.to.getTime(), window.from.getTime() + MAX_SEARCH_DAYS * 86_400_000));
    // From the start of `from`'s local day: the day's maximum counts its earlier bookings too.
    const dayStart = DateTime.fromJSDate(window.from, { zone: rules.timezone }).startOf('day').toJSDate();
    const booked = await this.appointments.bookedBetween(businessId, dayStart, to);
    return freeSlots(rules, booked, { ...window, to }, limit);
  }
}

function toRules(stored: Availability, timezone: string): AvailabilityRules {
  return {
    weeklyHours: stored.weeklyHours as AvailabilityRules['weeklyHours'],
    slotMinutes: stored.slotMinutes,
    bufferMinutes: stored.bufferMinutes,
    maxPerDay: stored.maxPerDay,
    closedDates: stored.closedDates,
    timezone,
  };
}

/** Each interval "HH:MM"–"HH:MM", end after start, and a day's intervals not overlapping. */
function hoursProblems(weeklyHours: AvailabilityInput['weeklyHours']): string[] {
  const problems: string[] = [];
  for (const day of WEEKDAYS) {
    const intervals = weeklyHours[day] ?? [];
    intervals.forEach((interval, i) => {
      const at = `weeklyHours.${day}.${i}`;
      if (!HHMM.test(interval.start)) problems.push(`${at}.start must be a time "HH:MM"`);
      else if (!HHMM.test(interval.end)) problems.push(`${at}.end must be a time "HH:MM"`);
      else if (interval.end <= interval.start) problems.push(`${at}.end must be after ${at}.start`);
    });
    const sorted = [...intervals].sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i].start < sorted[i - 1].end) problems.push(`weeklyHours.${day} must not have overlapping intervals`);
  }
  return problems;
}

function datesProblems(dates: string[]): string[] {
  return dates
    .map((date, i) => (DateTime.fromISO(date).isValid && /^\d{4}-\d{2}-\d{2}$/.test(date) ? null : i))
    .filter((i): i is number => i !== null)
    .map((i) => `closedDates.${i} must be a date YYYY-MM-DD`);
}
