import { Injectable } from '@nestjs/common';
import { AppConfig, type GoogleServiceAccount, parseGoogleServiceAccount } from '@app/config';
import { type AppointmentForCalendar, BusinessesRepository } from '@app/database';
import type { CalendarTarget } from '@app/google';

/**
 * Which Google Calendar a business's appointments go to: its own calendarId, else
 * GOOGLE_CALENDAR_ID; written with its own service-account key (sealed), else
 * GOOGLE_SERVICE_ACCOUNT_JSON. Without both a calendar and a key, nothing is synced.
 */
@Injectable()
export class CalendarSettings {
  constructor(
    private readonly config: AppConfig,
    private readonly businesses: BusinessesRepository,
  ) {}

  /** Whether a change to the business's appointments goes to a calendar (read at every booking and change). */
  async isOn(businessId: string): Promise<boolean> {
    const settings = await this.businesses.calendarSettings(businessId);
    const defaults = this.config.googleCalendar;
    return Boolean(
      settings && (settings.calendarId ?? defaults.calendarId) && (settings.ownKey || defaults.serviceAccount),
    );
  }

  /** The calendar and the opened key, or null when the business has none (any more). Throws on a key that does not open. */
  target(business: AppointmentForCalendar['business']): CalendarTarget | null {
    const defaults = this.config.googleCalendar;
    const calendarId = business.calendarId ?? defaults.calendarId;
    const credential = this.ownKey(business) ?? defaults.serviceAccount;
    return calendarId && credential ? { calendarId, credential } : null;
  }

  private ownKey(business: AppointmentForCalendar['business']): GoogleServiceAccount | null {
    const json = this.businesses.googleServiceAccount(business);
    if (json === null) return null;
    const parsed = parseGoogleServiceAccount(json);
    // Checked when it was stored: this is a key altered in the database.
    if ('problem' in parsed) throw new Error(`the stored Google service-account key ${parsed.problem}`);
    return parsed;
  }
}
