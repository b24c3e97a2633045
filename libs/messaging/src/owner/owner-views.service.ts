import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { DayCounts, OwnerViewsRepository, ScheduledJob } from '@app/database';
import { BusinessDefaults } from '../businesses/business-defaults';
import { badRequest } from '../rules/bad-request';
import { DAY_PARAM_PROBLEM, localDay, type LocalDay } from './owner-day';
import { scheduleText, summaryText } from './owner-text';

export interface OwnerSchedule {
  day: LocalDay;
  jobs: ScheduledJob[];
  text: string;
}

export interface OwnerSummary {
  day: LocalDay;
  counts: DayCounts;
  text: string;
}

/**
 * What the owner asks of a day — "what's on tomorrow?", "how did today go?" — for the business a
 * request acts for, in its time zone (else DEFAULT_TIMEZONE): the data and the same as a sentence.
 */
@Injectable()
export class OwnerViewsService {
  constructor(
    private readonly clock: Clock,
    private readonly defaults: BusinessDefaults,
    private readonly views: OwnerViewsRepository,
  ) {}

  /** `date`: today (the default), tomorrow, or YYYY-MM-DD; anything else is a 400 naming `date`. */
  async day(businessId: string, date = 'today'): Promise<LocalDay> {
    const { timezone } = await this.defaults.of(businessId);
    const day = localDay(date, this.clock.now(), timezone);
    if (!day) throw badRequest(DAY_PARAM_PROBLEM);
    return day;
  }

  /** The day's booked and completed appointments in time order (see SCHEDULE_STATUSES). */
  async schedule(businessId: string, date?: string): Promise<OwnerSchedule> {
    const day = await this.day(businessId, date);
    const jobs = await this.views.schedule(businessId, day.start, day.end);
    return { day, jobs, text: scheduleText(day, jobs) };
  }

  async summary(businessId: string, date?: string): Promise<OwnerSummary> {
    return this.summaryOf(businessId, await this.day(businessId, date));
  }

  async summaryOf(businessId: string, day: LocalDay): Promise<OwnerSummary> {
    const counts = await this.views.counts(businessId, day.start, day.end);
    return { day, counts, text: summaryText(day, counts) };
  }
}
