import { textChannel } from '@app/common';
import { ApiProperty } from '@nestjs/swagger';
import type { BusinessStatus, BusinessWithNumbers, LongReplies } from '@app/database';
import { LONG_REPLIES } from './businesses.dto';

export class BusinessNumberResponse {
  @ApiProperty({ enum: ['sms', 'whatsapp'], example: 'sms' })
  channel: 'sms' | 'whatsapp';

  @ApiProperty({ type: String, description: 'E.164, without whatsapp: (channel says it).', example: '+15550002222' })
  address: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-02T09:30:00.000Z' })
  createdAt: Date;
}

/** The business's own Twilio subaccount: never its auth token, only that one is stored. */
export class TwilioAccountResponse {
  @ApiProperty({ type: String, example: 'AC0123456789abcdef0123456789abcdef' })
  accountSid: string;

  @ApiProperty({ type: Boolean, description: 'An auth token is stored (sealed); it is never returned.', example: true })
  authTokenSet: boolean;
}

/** The Google service account the business writes its calendar with: its address, never its key. */
export class GoogleServiceAccountResponse {
  @ApiProperty({
    type: String,
    description: 'The key’s client_email: the address to share the calendar with ("Make changes to events").',
    example: 'switchboard@acme-plumbing.iam.gserviceaccount.com',
  })
  clientEmail: string;

  @ApiProperty({ type: Boolean, description: 'A key is stored (sealed); it is never returned.', example: true })
  keySet: boolean;
}

/** Where the business's appointments are synced: its own calendar and key, each null when it uses the platform's. */
export class BusinessCalendarResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Its own Google Calendar id; null: GOOGLE_CALENDAR_ID.',
    example: 'owner@acme-plumbing.example',
  })
  calendarId: string | null;

  @ApiProperty({
    type: GoogleServiceAccountResponse,
    nullable: true,
    description: 'Its own service-account key; null: GOOGLE_SERVICE_ACCOUNT_JSON.',
  })
  serviceAccount: GoogleServiceAccountResponse | null;
}

export class BusinessQuietHoursResponse {
  @ApiProperty({ type: String, description: 'HH:MM, 24h, in the business’s timezone.', example: '21:00' })
  start: string;

  @ApiProperty({ type: String, description: 'HH:MM; before start means the window spans midnight.', example: '08:00' })
  end: string;
}

/** The business's web chat widget: whether it has a token (never the token) and the sites that may embed it. */
export class BusinessWidgetResponse {
  @ApiProperty({
    type: Boolean,
    description: 'A widget token is set (POST /api/businesses/{id}/widget-token shows a new one, once).',
    example: true,
  })
  tokenSet: boolean;

  @ApiProperty({
    type: [String],
    description: 'Exact origins that may frame the chat and call the widget API from a browser.',
    example: ['https://shop.example'],
  })
  allowedOrigins: string[];
}

/** A business: its settings, numbers and whether it has a Twilio subaccount. Secrets are never in it. */
export class BusinessResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '6b1f3c9e-2a47-4d0b-9f1e-8c5a7d2e4b10' })
  id: string;

  @ApiProperty({ type: String, example: 'Acme Plumbing' })
  name: string;

  @ApiProperty({ type: String, description: 'Unique; usable instead of the id in URLs.', example: 'acme-plumbing' })
  slug: string;

  @ApiProperty({ enum: ['active', 'suspended'], example: 'active' })
  status: BusinessStatus;

  @ApiProperty({ type: String, nullable: true, description: 'IANA zone; null: DEFAULT_TIMEZONE.', example: null })
  timezone: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'E.164: where owner alerts go.', example: null })
  ownerPhone: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'HH:MM in the business’s timezone: the owner’s daily summary SMS to ownerPhone; null: none.',
    example: '18:00',
  })
  ownerSummaryTime: string | null;

  @ApiProperty({
    type: 'integer',
    description: 'Hours before a booked appointment its reminder SMS goes (1–168).',
    example: 24,
  })
  reminderHours: number;

  @ApiProperty({
    type: Boolean,
    description:
      'Customers may book, move and cancel appointments by text (BOOK, 1–3, MY APPOINTMENTS, RESCHEDULE, CANCEL APPOINTMENT).',
    example: false,
  })
  bookingEnabled: boolean;

  @ApiProperty({
    enum: LONG_REPLIES,
    description:
      'A reply over the channel\'s limit (WhatsApp 1,600 characters; SMS MAX_REPLY_LENGTH): `cut` on a word with "…", or `split` into numbered parts "(1/3) ", each its own message, sent in order.',
    example: 'cut',
  })
  longReplies: LongReplies;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'What a caller hears first, then the safety line; null: "Thanks for calling <name>. How can we help you today?"',
    example: null,
  })
  voiceGreeting: string | null;

  @ApiProperty({
    type: [String],
    description:
      'Words or phrases that flag a text as an emergency (whole words, any case); empty: the default list for trades.',
    example: [],
  })
  emergencyKeywords: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The first line of the reply to an emergency; null: "If anyone is in danger, call 911 now."',
    example: null,
  })
  safetyLine: string | null;

  @ApiProperty({
    type: BusinessQuietHoursResponse,
    nullable: true,
    description: 'Default quiet hours; null: QUIET_HOURS.',
  })
  quietHours: BusinessQuietHoursResponse | null;

  @ApiProperty({ type: BusinessWidgetResponse })
  widget: BusinessWidgetResponse;

  @ApiProperty({ type: BusinessNumberResponse, isArray: true, description: 'Oldest first.' })
  numbers: BusinessNumberResponse[];

  @ApiProperty({
    type: TwilioAccountResponse,
    nullable: true,
    description: 'Its own Twilio subaccount; null: the platform’s account sends for it.',
  })
  twilio: TwilioAccountResponse | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  messagingServiceSid: string | null;

  @ApiProperty({ type: BusinessCalendarResponse })
  calendar: BusinessCalendarResponse;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-02T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-02T09:30:00.000Z' })
  updatedAt: Date;
}

export class BusinessList {
  @ApiProperty({ type: BusinessResponse, isArray: true })
  items: BusinessResponse[];
}

export function toBusinessResponse(b: BusinessWithNumbers): BusinessResponse {
  return {
    id: b.id,
    name: b.name,
    slug: b.slug,
    status: b.status,
    timezone: b.timezone,
    ownerPhone: b.ownerPhone,
    ownerSummaryTime: b.ownerSummaryTime,
    reminderHours: b.reminderHours,
    bookingEnabled: b.bookingEnabled,
    longReplies: b.longReplies,
    voiceGreeting: b.voiceGreeting,
    emergencyKeywords: b.emergencyKeywords ?? [],
    safetyLine: b.safetyLine,
    quietHours: b.quietStart && b.quietEnd ? { start: b.quietStart, end: b.quietEnd } : null,
    widget: { tokenSet: b.widgetTokenHash !== null, allowedOrigins: b.widgetAllowedOrigins },
    numbers: b.numbers.map((n) => ({ channel: textChannel(n.channel), address: n.address, createdAt: n.createdAt })),
    twilio: b.twilioAccountSid ? { accountSid: b.twilioAccountSid, authTokenSet: b.twilioAuthToken !== null } : null,
    messagingServiceSid: b.messagingServiceSid,
    calendar: {
      calendarId: b.calendarId,
      serviceAccount:
        b.googleServiceAccount !== null && b.googleServiceAccountEmail !== null
          ? { clientEmail: b.googleServiceAccountEmail, keySet: true }
          : null,
    },
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
  };
}

/** A new widget token: in this answer only. */
export class WidgetTokenResponse {
  @ApiProperty({
    type: String,
    description:
      'The new token (`sbw_` + 43 characters), for the embed snippet’s data-token; shown this once. The old one no longer works.',
    example: 'sbw_Jx2f0c4mS1Qy8bXo5u7pA3kR9tLwE6nHdVgZiYqC1s0',
  })
  token: string;

  @ApiProperty({ type: String, description: 'The `<script>` line to paste into the site’s pages.' })
  embed: string;

  @ApiProperty({ type: BusinessResponse })
  business: BusinessResponse;
}
