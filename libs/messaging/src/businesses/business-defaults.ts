import { Injectable } from '@nestjs/common';
import type { QuietWindow } from '@app/common';
import { AppConfig } from '@app/config';
import { BusinessRoute, BusinessRoutes } from '@app/database';

/** What a business's campaigns and reminders fall back on when they do not say. */
export interface BusinessDefaultsOf {
  /** Its own quiet hours, else QUIET_HOURS (none when neither is set). */
  quietHours: QuietWindow | null;
  /** Its time zone, else DEFAULT_TIMEZONE. */
  timezone: string;
}

/**
 * A business's default quiet hours and time zone (set at POST /api/businesses), else the
 * environment's: one read of BusinessRoutes' in-process snapshot, no database round trip.
 */
@Injectable()
export class BusinessDefaults {
  constructor(
    private readonly config: AppConfig,
    private readonly routes: BusinessRoutes,
  ) {}

  async of(businessId: string): Promise<BusinessDefaultsOf> {
    return this.from(await this.routes.byId(businessId));
  }

  /** For many businesses in a row (a reminder tick): one snapshot, answered synchronously. */
  async table(): Promise<(businessId: string) => BusinessDefaultsOf> {
    const table = await this.routes.table();
    return (businessId) => this.from(table.get(businessId) ?? null);
  }

  /** Every active business's defaults by id, as of one snapshot: for work over all of them at once. */
  async active(): Promise<Map<string, BusinessDefaultsOf>> {
    const table = await this.routes.table();
    return new Map(
      [...table.values()].filter((route) => route.status === 'active').map((route) => [route.id, this.from(route)]),
    );
  }

  /** From a route already in hand (one lookup serves a caller that needs more of the business). */
  from(route: BusinessRoute | null): BusinessDefaultsOf {
    return {
      quietHours: route?.quietHours ?? this.config.campaigns.quietHours,
      timezone: route?.timezone ?? this.config.campaigns.defaultTimezone,
    };
  }
}
