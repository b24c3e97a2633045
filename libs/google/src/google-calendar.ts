import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { calendar_v3, calendar as calendarApi } from '@googleapis/calendar';
import { JWT } from 'google-auth-library';
import { AppConfig, GOOGLE_TOKEN_URI, type GoogleServiceAccount } from '@app/config';

/** Only events: the key can neither read other calendars' settings nor share them. */
const SCOPE = 'https://www.googleapis.com/auth/calendar.events';
/** Clients kept (each holds its access token for the hour Google grants it). */
const MAX_CLIENTS = 200;

/** A calendar and the key that may write to it. */
export interface CalendarTarget {
  calendarId: string;
  credential: GoogleServiceAccount;
}

/** An event as we write it: a span with its zone, so Google shows it on the business's clock. */
export interface CalendarEventInput {
  summary: string;
  description: string;
  location: string | null;
  start: Date;
  end: Date;
  timeZone: string;
  /** Ours, kept on the event (extendedProperties.private) to find the appointment from it. */
  appointmentId: string;
}

export interface CalendarEvent {
  id: string;
  htmlLink: string | null;
}

/** Google said no (its HTTP status and message), or did not answer. Never carries the key. */
export class CalendarApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'CalendarApiError';
  }
}

/**
 * Google Calendar, behind one class: events of one calendar created (with our own event id, so a
 * retried create finds the first one instead of making a second), moved and deleted through the
 * official client, signed in as a service account (google-auth-library's JWT flow). The Calendar
 * API's root is GOOGLE_API_ROOT_URL; access tokens come from the key's own token_uri. The client's
 * own retries are off: the calendar job is retried by BullMQ, visibly, with its backoff.
 */
@Injectable()
export class GoogleCalendar {
  private readonly clients = new Map<string, calendar_v3.Calendar>();

  constructor(private readonly config: AppConfig) {}

  /**
   * Creates the event with this id, or, when Google already has it (our earlier try got through,
   * or the appointment was cancelled and booked again), writes it over and brings it back.
   */
  async upsert(target: CalendarTarget, eventId: string, event: CalendarEventInput): Promise<CalendarEvent> {
    const body = toEvent(event);
    try {
      return read(
        await this.api(target).events.insert({ calendarId: target.calendarId, requestBody: { id: eventId, ...body } }),
      );
    } catch (error) {
      if (statusOf(error) !== 409) throw explained(error);
    }
    return this.patch(target, eventId, event);
  }

  /** Writes the event over (time, text), confirmed again if it had been deleted. */
  async patch(target: CalendarTarget, eventId: string, event: CalendarEventInput): Promise<CalendarEvent> {
    try {
      return read(
        await this.api(target).events.patch({
          calendarId: target.calendarId,
          eventId,
          requestBody: { ...toEvent(event), status: 'confirmed' },
        }),
      );
    } catch (error) {
      throw explained(error);
    }
  }

  /** Deletes the event; one Google no longer has (404) or already deleted (410) counts as done. */
  async remove(target: CalendarTarget, eventId: string): Promise<'deleted' | 'gone'> {
    try {
      await this.api(target).events.delete({ calendarId: target.calendarId, eventId, sendUpdates: 'none' });
      return 'deleted';
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 410) return 'gone';
      throw explained(error);
    }
  }

  /** One client per key: its JWT keeps the access token until it expires. */
  private api(target: CalendarTarget): calendar_v3.Calendar {
    const { client_email, private_key, token_uri } = target.credential;
    const cacheKey = createHash('sha256').update(`${client_email}\n${token_uri}\n${private_key}`).digest('hex');
    let client = this.clients.get(cacheKey);
    if (client) return client;
    const auth = new JWT({ email: client_email, key: private_key, scopes: [SCOPE] });
    // google-auth-library always asks Google's token endpoint; the key file names its own (a test's fake, another universe).
    if (token_uri !== GOOGLE_TOKEN_URI) {
      auth.transporter.interceptors.request.add({
        resolved: (options) => {
          if (String(options.url) === GOOGLE_TOKEN_URI) options.url = new URL(token_uri);
          return Promise.resolve(options);
        },
      });
    }
    client = calendarApi({
      version: 'v3',
      auth,
      rootUrl: this.config.googleCalendar.rootUrl,
      timeout: this.config.googleCalendar.timeoutMs,
      retry: false,
    });
    if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    this.clients.set(cacheKey, client);
    return client;
  }
}

function toEvent(event: CalendarEventInput): calendar_v3.Schema$Event {
  return {
    summary: event.summary,
    description: event.description,
    location: event.location,
    start: { dateTime: event.start.toISOString(), timeZone: event.timeZone },
    end: { dateTime: event.end.toISOString(), timeZone: event.timeZone },
    extendedProperties: { private: { appointmentId: event.appointmentId } },
  };
}

function read(response: { data: calendar_v3.Schema$Event }): CalendarEvent {
  if (!response.data.id) throw new CalendarApiError('Google answered without an event id', null);
  return { id: response.data.id, htmlLink: response.data.htmlLink ?? null };
}

function statusOf(error: unknown): number | null {
  const e = error as { status?: unknown; response?: { status?: unknown } };
  const status = e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : null;
}

/** Google's own message (`error.message` of its JSON body) with the status; the request (and its token) left out. */
function explained(error: unknown): CalendarApiError {
  const status = statusOf(error);
  const data = (error as { response?: { data?: unknown } })?.response?.data as
    { error?: { message?: unknown } | string; error_description?: unknown } | undefined;
  const googleMessage =
    typeof data?.error === 'object' && typeof data.error.message === 'string'
      ? data.error.message
      : typeof data?.error_description === 'string'
        ? data.error_description
        : typeof data?.error === 'string'
          ? data.error
          : (error as Error)?.message;
  const text = String(googleMessage ?? 'no answer').slice(0, 300);
  return new CalendarApiError(status ? `Google Calendar ${status}: ${text}` : `Google Calendar: ${text}`, status);
}
