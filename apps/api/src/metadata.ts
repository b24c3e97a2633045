/* eslint-disable */
export default async () => {
  const t = {
    ['./admin/campaigns/quiet-hours.dto']: await import('./admin/campaigns/quiet-hours.dto.js'),
    ['./admin/businesses/businesses.dto']: await import('./admin/businesses/businesses.dto.js'),
    ['./admin/ai/ai.response']: await import('./admin/ai/ai.response.js'),
    ['./admin/messages/message.response']: await import('./admin/messages/message.response.js'),
    ['./admin/auto-reply/auto-reply.response']: await import('./admin/auto-reply/auto-reply.response.js'),
    ['./admin/appointments/appointment.response']: await import('./admin/appointments/appointment.response.js'),
    ['./admin/availability/availability.response']: await import('./admin/availability/availability.response.js'),
    ['./admin/businesses/api-key.response']: await import('./admin/businesses/api-key.response.js'),
    ['./admin/businesses/business.response']: await import('./admin/businesses/business.response.js'),
    ['./admin/businesses/usage.response']: await import('./admin/businesses/usage.response.js'),
    ['./admin/campaigns/campaign.response']: await import('./admin/campaigns/campaign.response.js'),
    ['./admin/campaigns/campaign-preview.response']: await import('./admin/campaigns/campaign-preview.response.js'),
    ['./admin/campaigns/recipient.response']: await import('./admin/campaigns/recipient.response.js'),
    ['./admin/campaigns/batch.response']: await import('./admin/campaigns/batch.response.js'),
    ['./admin/contacts/contact.response']: await import('./admin/contacts/contact.response.js'),
    ['./admin/conversations/conversation.response']: await import('./admin/conversations/conversation.response.js'),
    ['./admin/emergencies/emergency.response']: await import('./admin/emergencies/emergency.response.js'),
    ['./admin/calls/call.response']: await import('./admin/calls/call.response.js'),
    ['./admin/messages/message-page.response']: await import('./admin/messages/message-page.response.js'),
    ['./admin/messages/sync.response']: await import('./admin/messages/sync.response.js'),
    ['./admin/owner/schedule.response']: await import('./admin/owner/schedule.response.js'),
    ['./admin/owner/summary.response']: await import('./admin/owner/summary.response.js'),
    ['./admin/reminders/reminder.response']: await import('./admin/reminders/reminder.response.js'),
    ['./admin/reminders/schedule-preview.response']: await import('./admin/reminders/schedule-preview.response.js'),
    ['./health/health.response']: await import('./health/health.response.js'),
    ['./health/twilio-health.response']: await import('./health/twilio-health.response.js'),
    ['./session/session.response']: await import('./session/session.response.js'),
    ['./widget/widget-phone.response']: await import('./widget/widget-phone.response.js'),
  };
  return {
    '@nestjs/swagger': {
      models: [
        [
          import('./admin/ai/ai.dto.js'),
          {
            AiConfigDto: {
              enabled: { required: false, type: () => Boolean },
              backend: {
                required: false,
                description:
                  'Who writes the answers: `openai` (Chat Completions at OPENAI_BASE_URL, the default) or\n`askyourdatabase` (its Ask API at `baseUrl`, as bot `botId`, with `apiKey`; one chat per\ncustomer, kept AI_SESSION_DAYS). Changing it, or `baseUrl`, needs `apiKey` in the same\nrequest when one is stored: a stored key is never sent to another server.',
                enum: ['openai', 'askyourdatabase'],
              },
              baseUrl: {
                required: false,
                type: () => String,
                nullable: true,
                description:
                  'askyourdatabase: its https origin (and path prefix, if any), e.g. https://www.askyourdatabase.com.\nhttp:// only for localhost or in sandbox mode. null clears it.',
              },
              botId: {
                required: false,
                type: () => String,
                nullable: true,
                description: "askyourdatabase: the chatbot's id (its `botid`). null clears it.",
                maxLength: 200,
                pattern: '^[\\x21-\\x7e]+$',
              },
              apiKey: {
                required: false,
                type: () => String,
                nullable: true,
                description:
                  "The backend's key. Write-only; null clears it (then OPENAI_API_KEY applies to openai). Shown masked. Trimmed, and\nprintable ASCII only: it goes into an Authorization header, where one stray pasted\ncharacter would fail every AI call until someone noticed.",
                maxLength: 400,
                pattern: '^[\\x21-\\x7e]+$',
              },
              systemPrompt: { required: false, type: () => String, maxLength: 8000 },
              model: { required: false, type: () => String, maxLength: 200 },
              temperature: { required: false, type: () => Number, minimum: 0, maximum: 2 },
              targetNumber: {
                required: false,
                type: () => String,
                nullable: true,
                description: 'Default recipient of POST /api/ai/send. null clears it.',
                maxLength: 40,
              },
            },
            AiTestDto: { prompt: { required: true, type: () => String, maxLength: 4000 } },
            AiSendDto: {
              to: { required: false, type: () => String, maxLength: 40 },
              prompt: { required: false, type: () => String, maxLength: 4000 },
            },
          },
        ],
        [
          import('./admin/auto-reply/auto-reply.dto.js'),
          {
            AutoReplyConfigDto: {
              enabled: { required: true, type: () => Boolean },
              message: { required: false, type: () => String, maxLength: 1600 },
            },
          },
        ],
        [
          import('./admin/page.query.js'),
          {
            PageQuery: {
              limit: { required: false, type: () => Number, minimum: 1, maximum: 200 },
              offset: { required: false, type: () => Number, minimum: 0, maximum: 1000000000 },
            },
          },
        ],
        [
          import('./admin/appointments/appointments.dto.js'),
          {
            CreateAppointmentDto: {
              phone: {
                required: true,
                type: () => String,
                description: 'The customer: E.164 or national in DEFAULT_COUNTRY (a new number becomes a contact).',
                maxLength: 40,
              },
              startsAt: {
                required: true,
                type: () => String,
                description: 'In the future and within the opening hours (when set).',
              },
              durationMinutes: {
                required: false,
                type: () => Number,
                description: "Default: the business's slot length (60 without opening hours).",
                minimum: 5,
                maximum: 1440,
              },
              isEmergency: { required: false, type: () => Boolean },
              service: { required: false, type: () => String, maxLength: 200 },
              notes: { required: false, type: () => String, maxLength: 2000 },
              address: { required: false, type: () => String, maxLength: 500 },
            },
            UpdateAppointmentDto: {
              startsAt: { required: false, type: () => String, description: 'Reschedule: the same rules as booking.' },
              durationMinutes: { required: false, type: () => Number, minimum: 5, maximum: 1440 },
              status: {
                required: false,
                description: 'cancelled, completed, no_show; booked again re-checks the time.',
                enum: ['booked', 'cancelled', 'completed', 'no_show'],
              },
              isEmergency: { required: false, type: () => Boolean },
              service: {
                required: false,
                type: () => String,
                nullable: true,
                description: 'null clears it.',
                maxLength: 200,
              },
              notes: { required: false, type: () => String, nullable: true, maxLength: 2000 },
              address: { required: false, type: () => String, nullable: true, maxLength: 500 },
            },
            ListAppointmentsQuery: {
              contact: {
                required: false,
                type: () => String,
                description: "The customer's number (E.164 or national).",
                maxLength: 40,
              },
              from: { required: false, type: () => String, description: 'Starting at or after this moment.' },
              to: { required: false, type: () => String, description: 'Starting before this moment.' },
              status: { required: false, enum: ['booked', 'cancelled', 'completed', 'no_show'] },
              emergency: {
                required: false,
                type: () => Boolean,
                description: 'Only emergencies (true) or only the rest (false).',
              },
            },
          },
        ],
        [
          import('./admin/availability/availability.dto.js'),
          {
            PutAvailabilityDto: {
              weeklyHours: { required: true, type: 'object', additionalProperties: { type: 'array', items: true } },
              slotMinutes: {
                required: false,
                type: () => Number,
                description: 'Length of one appointment (default 60).',
                minimum: 5,
                maximum: 1440,
              },
              bufferMinutes: {
                required: false,
                type: () => Number,
                description: 'Free minutes kept after each appointment (default 0).',
                minimum: 0,
                maximum: 1440,
              },
              maxPerDay: {
                required: false,
                type: () => Number,
                nullable: true,
                description: 'At most this many booked appointments a day; null or left out: no limit.',
                minimum: 1,
                maximum: 1000,
              },
              closedDates: {
                required: false,
                type: () => [String],
                description: 'Days it is closed, "YYYY-MM-DD" in its time zone.',
                maxItems: 400,
              },
            },
            SlotsQuery: {
              from: { required: false, type: () => String, description: 'From this moment (default: now).' },
              to: {
                required: false,
                type: () => String,
                description: 'Until this moment (default: 14 days after `from`); at most a year is searched.',
              },
              limit: { required: false, type: () => Number, minimum: 1, maximum: 500 },
            },
          },
        ],
        [
          import('./admin/campaigns/quiet-hours.dto.js'),
          {
            QuietHoursDto: {
              start: { required: true, type: () => String },
              end: { required: true, type: () => String },
              timezone: { required: false, type: () => String, maxLength: 64 },
            },
          },
        ],
        [
          import('./admin/businesses/businesses.dto.js'),
          {
            BusinessNumberDto: {
              channel: {
                required: false,
                description: 'Default: whatsapp for a `whatsapp:` address, else sms.',
                enum: ['sms', 'whatsapp'],
              },
              address: {
                required: true,
                type: () => String,
                description: 'E.164 (or national in DEFAULT_COUNTRY); `whatsapp:` allowed.',
                maxLength: 40,
              },
            },
            TwilioAccountDto: {
              accountSid: { required: true, type: () => String, pattern: '^AC[0-9a-f]{32}$' },
              authToken: { required: true, type: () => String, maxLength: 256 },
            },
            CreateBusinessDto: {
              name: { required: true, type: () => String, maxLength: 200 },
              slug: {
                required: true,
                type: () => String,
                description:
                  "Unique; names the business in URLs (`/api/businesses/acme-plumbing`). `default` is taken by the deployment's own.",
              },
              timezone: {
                required: false,
                type: () => String,
                description: 'IANA zone for its quiet hours, schedules and usage days; default DEFAULT_TIMEZONE.',
                maxLength: 64,
              },
              ownerPhone: {
                required: false,
                type: () => String,
                description: 'Where owner alerts go: E.164 or national in DEFAULT_COUNTRY.',
                maxLength: 40,
              },
              ownerSummaryTime: {
                required: false,
                type: () => String,
                description:
                  '"HH:MM" in the business\'s timezone: the owner\'s daily summary SMS to ownerPhone; default none.',
              },
              reminderHours: {
                required: false,
                type: () => Number,
                description: 'Hours before a booked appointment its reminder SMS goes (1\u2013168, default 24).',
                minimum: 1,
                maximum: 168,
              },
              bookingEnabled: {
                required: false,
                type: () => Boolean,
                description:
                  'Customers may book by text (BOOK, 1\u20133, MY APPOINTMENTS, RESCHEDULE, CANCEL APPOINTMENT); default false.',
              },
              longReplies: {
                required: false,
                description:
                  'A reply over the channel\'s limit (WhatsApp 1,600 characters; SMS MAX_REPLY_LENGTH): `cut` on a word with "\u2026" (default) or `split` into numbered parts "(1/3) ".',
                enum: ['cut', 'split'],
              },
              emergencyKeywords: {
                required: false,
                type: () => [String],
                description:
                  'Words or phrases (2\u201340 characters, at most 50) that flag a text as an emergency; empty or left out: the default list for trades.',
              },
              safetyLine: {
                required: false,
                type: () => String,
                description:
                  'The first line of the reply to an emergency (at most 160 characters); default "If anyone is in danger, call 911 now."',
                maxLength: 160,
              },
              voiceGreeting: {
                required: false,
                type: () => String,
                description:
                  'What a caller hears first, before the safety line (at most 300 characters); default "Thanks for calling <name>. How can we help you today?"',
                maxLength: 300,
              },
              widgetAllowedOrigins: {
                required: false,
                type: () => [String],
                description:
                  'Exact origins (at most 20) that may embed the web chat widget: https, or http for localhost; no path.',
              },
              quietHours: {
                required: false,
                type: () => t['./admin/campaigns/quiet-hours.dto'].QuietHoursDto,
                description:
                  'Default quiet hours, in the business\'s timezone; also the text QUIET_HOURS takes, "21:00-08:00". No timezone of their own.',
              },
              numbers: {
                required: false,
                type: () => [t['./admin/businesses/businesses.dto'].BusinessNumberDto],
                description: 'Its numbers; one that another business has is a 409.',
                maxItems: 100,
              },
              twilio: {
                required: false,
                type: () => t['./admin/businesses/businesses.dto'].TwilioAccountDto,
                description:
                  "Its own Twilio subaccount; without it, the platform's account sends for it. Needs SECRETS_KEY.",
              },
              messagingServiceSid: { required: false, type: () => String },
            },
            UpdateBusinessDto: {
              name: { required: false, type: () => String, maxLength: 200 },
              slug: { required: false, type: () => String, description: "Not the default business's." },
              timezone: {
                required: false,
                type: () => String,
                nullable: true,
                description: 'null: DEFAULT_TIMEZONE.',
                maxLength: 64,
              },
              ownerPhone: {
                required: false,
                type: () => String,
                nullable: true,
                description: 'null: no owner alerts.',
                maxLength: 40,
              },
              ownerSummaryTime: {
                required: false,
                type: () => String,
                nullable: true,
                description: '"HH:MM" in the business\'s timezone; null: no daily summary.',
              },
              reminderHours: {
                required: false,
                type: () => Number,
                description: 'Hours before a booked appointment its reminder SMS goes (1\u2013168).',
                minimum: 1,
                maximum: 168,
              },
              bookingEnabled: { required: false, type: () => Boolean, description: 'Customers may book by text.' },
              longReplies: { required: false, description: '`cut` or `split`.', enum: ['cut', 'split'] },
              emergencyKeywords: {
                required: false,
                type: () => [String],
                nullable: true,
                description: '[] (or null): the default list for trades.',
              },
              safetyLine: {
                required: false,
                type: () => String,
                nullable: true,
                description: 'null: the default safety line.',
                maxLength: 160,
              },
              voiceGreeting: {
                required: false,
                type: () => String,
                nullable: true,
                description: 'null: the default greeting.',
                maxLength: 300,
              },
              widgetAllowedOrigins: {
                required: false,
                type: () => [String],
                nullable: true,
                description: 'Replaces the list; [] (or null): no site may embed the widget.',
              },
              quietHours: {
                required: false,
                type: () => t['./admin/campaigns/quiet-hours.dto'].QuietHoursDto,
                nullable: true,
                description: 'Also the text QUIET_HOURS takes, "21:00-08:00"; null: QUIET_HOURS.',
              },
              twilio: {
                required: false,
                type: () => t['./admin/businesses/businesses.dto'].TwilioAccountDto,
                nullable: true,
                description: "A new subaccount (both fields), or null: the platform's account sends for it again.",
              },
              messagingServiceSid: { required: false, type: () => String, nullable: true, description: 'null: none.' },
              calendarId: {
                required: false,
                type: () => String,
                nullable: true,
                description:
                  'The Google Calendar its appointments go to (an id like owner@example.com, shared with the\nservice account); null: GOOGLE_CALENDAR_ID.',
              },
              googleServiceAccount: {
                required: false,
                type: () => String,
                nullable: true,
                description:
                  'The JSON text of a Google service-account key file (client_email, private_key, token_uri),\nstored sealed with SECRETS_KEY and never returned; null: GOOGLE_SERVICE_ACCOUNT_JSON.',
                maxLength: 10000,
              },
            },
            UsageQuery: { days: { required: false, type: () => Number, minimum: 1, maximum: 366 } },
            CreateApiKeyDto: {
              name: {
                required: true,
                type: () => String,
                description: 'What the key is for, to tell keys apart ("booking widget").',
                maxLength: 100,
              },
            },
          },
        ],
        [
          import('./admin/campaigns/campaigns.dto.js'),
          {
            CreateCampaignDto: {
              name: { required: true, type: () => String, maxLength: 200 },
              body: { required: false, type: () => String },
              contentSid: {
                required: false,
                type: () => String,
                description: 'WhatsApp campaigns: recipients outside the 24-hour window get only a template.',
              },
              contentVariables: { required: false, type: 'object', additionalProperties: { type: 'string' } },
              recipients: { required: true, type: () => Object },
              sendAt: { required: false, type: () => String },
              allowPast: {
                required: false,
                type: () => Boolean,
                description: 'With a sendAt in the past: send at once instead of the 400 a past sendAt gets.',
              },
              quietHours: {
                required: false,
                type: () => t['./admin/campaigns/quiet-hours.dto'].QuietHoursDto,
                description: 'Also the text QUIET_HOURS takes, "21:00-08:00".',
              },
              from: { required: false, type: () => String, maxLength: 40 },
              messagingServiceSid: { required: false, type: () => String, pattern: '^MG[0-9a-fA-F]{32}$' },
              channel: { required: false, enum: ['sms', 'whatsapp'] },
            },
            UpdateCampaignDto: {
              name: { required: false, type: () => String, maxLength: 200 },
              body: {
                required: false,
                type: () => String,
                nullable: true,
                description: 'null: no text, the template (contentSid) alone.',
                maxLength: 1600,
              },
              contentSid: { required: false, type: () => String, nullable: true },
              contentVariables: {
                required: false,
                type: 'object',
                additionalProperties: { type: 'string' },
                nullable: true,
              },
              sendAt: {
                required: false,
                type: () => String,
                nullable: true,
                description: 'null: send as soon as it is launched.',
              },
              allowPast: {
                required: false,
                type: () => Boolean,
                description: 'With a sendAt in the past: send at once instead of the 400 a past sendAt gets.',
              },
              quietHours: {
                required: false,
                type: () => t['./admin/campaigns/quiet-hours.dto'].QuietHoursDto,
                nullable: true,
                description:
                  'Also the text QUIET_HOURS takes, "21:00-08:00"; null: no quiet hours of its own (QUIET_HOURS still applies).',
              },
              from: { required: false, type: () => String, maxLength: 40 },
              messagingServiceSid: { required: false, type: () => String, pattern: '^MG[0-9a-fA-F]{32}$' },
            },
            RecipientsQuery: {
              status: {
                required: false,
                enum: [
                  'pending',
                  'sending',
                  'sent',
                  'delivered',
                  'failed',
                  'undelivered',
                  'invalid',
                  'skipped_opted_out',
                  'skipped_duplicate',
                  'canceled',
                ],
              },
              limit: { required: false, type: () => Number, minimum: 1, maximum: 1000 },
              after: {
                required: false,
                type: () => String,
                description: 'Keyset pagination: the last recipient id of the previous page.',
                format: 'uuid',
              },
            },
            CreateBatchDto: {
              body: { required: false, type: () => String },
              contentSid: { required: false, type: () => String },
              contentVariables: { required: false, type: 'object', additionalProperties: { type: 'string' } },
              recipients: { required: true, type: () => Object },
              from: { required: false, type: () => String, maxLength: 40 },
              messagingServiceSid: { required: false, type: () => String, pattern: '^MG[0-9a-fA-F]{32}$' },
              channel: {
                required: false,
                description: "Default sms; a WhatsApp batch goes from the business's WhatsApp sender.",
                enum: ['sms', 'whatsapp'],
              },
            },
            PreviewBatchDto: {
              body: { required: true, type: () => String, maxLength: 1600 },
              recipients: { required: true, type: () => Object },
            },
            ListBatchesQuery: {
              includeRecipients: { required: false, type: () => Boolean },
              include_recipients: { required: false, type: () => Boolean },
            },
          },
        ],
        [
          import('./admin/contacts/contacts.dto.js'),
          {
            ListContactsQuery: {
              optedOut: {
                required: false,
                type: () => Boolean,
                description: 'true: only opted-out contacts; false: only subscribed ones.',
              },
            },
            UpdateContactDto: {
              timezone: {
                required: false,
                type: () => String,
                nullable: true,
                description:
                  "IANA zone for this contact's quiet hours (campaigns, reminders); null: the campaign's or the default.",
                maxLength: 64,
              },
              optedOut: {
                required: false,
                type: () => Boolean,
                description:
                  'Opt out (or back in) by hand, e.g. for someone who asked by phone; recorded with source "api".',
              },
              name: {
                required: false,
                type: () => String,
                nullable: true,
                description: "The business's small CRM (null clears a field).",
                maxLength: 200,
              },
              email: { required: false, type: () => String, nullable: true, maxLength: 320, format: 'email' },
              address: { required: false, type: () => String, nullable: true, maxLength: 500 },
              notes: { required: false, type: () => String, nullable: true, maxLength: 4000 },
              tags: {
                required: false,
                type: () => [String],
                description: 'Replaces the tags; each 1\u201350 characters, at most 50.',
                maxLength: 50,
                maxItems: 50,
              },
            },
          },
        ],
        [
          import('./admin/conversations/conversations.dto.js'),
          {
            ThreadQuery: {
              cursor: { required: false, type: () => String, maxLength: 200 },
              limit: { required: false, type: () => Number, minimum: 1, maximum: 200 },
            },
            ConversationsQuery: {
              search: {
                required: false,
                type: () => String,
                description:
                  "Part of a number (in any spelling: `(555) 012` finds +15550123\u2026) or of the contact's name; blank: all.",
                maxLength: 100,
              },
            },
          },
        ],
        [
          import('./admin/emergencies/emergencies.dto.js'),
          {
            ListEmergenciesQuery: {
              from: { required: false, type: () => String, description: 'Raised at or after this moment (ISO 8601).' },
              to: { required: false, type: () => String, description: 'Raised before this moment (ISO 8601).' },
            },
          },
        ],
        [
          import('./admin/calls/calls.dto.js'),
          {
            ListCallsQuery: {
              outcome: {
                required: false,
                description: 'Only calls that ended so.',
                enum: ['booked', 'emergency', 'info', 'abandoned'],
              },
            },
          },
        ],
        [
          import('./admin/messages/messages.dto.js'),
          {
            ListMessagesQuery: {
              participant: { required: false, type: () => String, maxLength: 40 },
              direction: { required: false, enum: ['inbound', 'outbound'] },
              status: {
                required: false,
                enum: [
                  'pending',
                  'sending',
                  'sent',
                  'delivered',
                  'failed',
                  'undelivered',
                  'canceled',
                  'submitting',
                  'scheduled',
                  'accepted',
                  'queued',
                  'receiving',
                  'received',
                  'suppressed',
                  'partially_delivered',
                  'read',
                ],
              },
              since: { required: false, type: () => String },
              cursor: { required: false, type: () => String, maxLength: 200 },
              limit: { required: false, type: () => Number, minimum: 1, maximum: 200 },
            },
            SendMessageDto: {
              to: { required: true, type: () => String, maxLength: 40 },
              body: { required: false, type: () => String },
              contentSid: { required: false, type: () => String },
              contentVariables: { required: false, type: 'object', additionalProperties: { type: 'string' } },
              from: { required: false, type: () => String, maxLength: 40 },
              channel: { required: false, enum: ['sms', 'whatsapp'] },
              mediaUrls: { required: false, type: () => [String] },
              sendAt: {
                required: false,
                type: () => String,
                description: 'Send later (ISO 8601); cancel with DELETE /api/messages/:id/schedule.',
              },
              allowPast: {
                required: false,
                type: () => Boolean,
                description: 'With a sendAt in the past: send at once instead of the 400 a past sendAt gets.',
              },
            },
            SyncMessagesDto: {
              limit: { required: false, type: () => Number, minimum: 1, maximum: 1000 },
              reply: {
                required: false,
                type: () => Boolean,
                description: 'Also answer the newest synced inbound message (only that one: older ones are history).',
              },
            },
            RemoteMessagesQuery: { limit: { required: false, type: () => Number, minimum: 1, maximum: 1000 } },
            GetMessageQuery: {
              remote: {
                required: false,
                description:
                  "`true`: read Twilio's current record of the message first (status, price, error) and update ours.",
                enum: ['true', 'false'],
              },
            },
          },
        ],
        [import('./admin/owner/owner.dto.js'), { OwnerDayQuery: { date: { required: false, type: () => String } } }],
        [
          import('./admin/reminders/reminders.dto.js'),
          {
            CreateReminderDto: {
              to: { required: true, type: () => String, maxLength: 40 },
              body: { required: false, type: () => String },
              contentSid: {
                required: false,
                type: () => String,
                description: 'A WhatsApp reminder to a contact who may not have written in 24 hours needs a template.',
              },
              contentVariables: { required: false, type: 'object', additionalProperties: { type: 'string' } },
              channel: { required: false, enum: ['sms', 'whatsapp'] },
              from: { required: false, type: () => String, maxLength: 40 },
              intervalSeconds: {
                required: false,
                type: () => Number,
                description: 'Every N seconds (\u2265 60)\u2026',
              },
              cron: {
                required: false,
                type: () => String,
                description: '\u2026or a cron expression, in `timezone` (default UTC).',
                maxLength: 100,
              },
              timezone: { required: false, type: () => String, maxLength: 64 },
              startAt: { required: false, type: () => String },
              endAt: { required: false, type: () => String },
              allowPast: {
                required: false,
                type: () => Boolean,
                description:
                  "With a startAt in the past: anchor the schedule's grid there instead of the 400 a past startAt gets.",
              },
              enabled: { required: false, type: () => Boolean },
            },
            UpdateReminderDto: {
              to: { required: false, type: () => String, maxLength: 40 },
              body: {
                required: false,
                type: () => String,
                nullable: true,
                description: 'null: no text, the template (contentSid) alone.',
                maxLength: 1600,
              },
              contentSid: { required: false, type: () => String, nullable: true },
              contentVariables: {
                required: false,
                type: 'object',
                additionalProperties: { type: 'string' },
                nullable: true,
              },
              channel: { required: false, enum: ['sms', 'whatsapp'] },
              from: { required: false, type: () => String, nullable: true, maxLength: 40 },
              intervalSeconds: {
                required: false,
                type: () => Number,
                nullable: true,
                description:
                  'null counts as not given (a cron line given instead is what drops the interval); likewise for cron.',
              },
              cron: { required: false, type: () => String, nullable: true, maxLength: 100 },
              timezone: { required: false, type: () => String, nullable: true, maxLength: 64 },
              startAt: { required: false, type: () => String, nullable: true },
              endAt: { required: false, type: () => String, nullable: true },
              allowPast: {
                required: false,
                type: () => Boolean,
                description:
                  "With a startAt in the past: anchor the schedule's grid there instead of the 400 a past startAt gets.",
              },
              enabled: { required: false, type: () => Boolean },
            },
            PreviewScheduleDto: {},
          },
        ],
        [
          import('./events/events.query.js'),
          {
            EventsQuery: {
              lastEventId: {
                required: false,
                type: () => String,
                description:
                  'Where to resume, for a client that cannot send the Last-Event-ID header (a new EventSource\nafter a page load): the `id` of the last event it has. The header wins when both are sent.',
                maxLength: 64,
              },
              business: {
                required: false,
                type: () => String,
                description:
                  "The business to follow, by id or slug, for a client that cannot send X-Business-Id (a\nbrowser's EventSource): the platform chooses any business; a business's key or session only its own.",
                maxLength: 64,
              },
            },
          },
        ],
        [
          import('./session/session.dto.js'),
          {
            CreateSessionDto: {
              apiKey: {
                required: true,
                type: () => String,
                description:
                  "The platform key (ADMIN_API_KEY) or a business's own key (`sbk_\u2026`). Never stored, logged or returned.",
                maxLength: 512,
              },
            },
          },
        ],
        [
          import('./webhooks/voice-answer.query.js'),
          {
            VoiceAnswerQuery: {
              turn: {
                required: true,
                type: () => String,
                description: "The caller's turn (its message id).",
                format: 'uuid',
              },
              wait: {
                required: true,
                type: () => Number,
                description: '2 on the first return, up to MAX_ANSWER_WAITS.',
                minimum: 2,
              },
            },
          },
        ],
        [
          import('./widget/widget.dto.js'),
          {
            WidgetMessageDto: {
              visitorId: {
                required: true,
                type: () => String,
                description:
                  "The browser's own id for the visitor (the chat keeps one in localStorage); it means nothing outside this business.",
              },
              text: {
                required: true,
                type: () => String,
                description: 'What the visitor wrote, 1 to 2,000 characters.',
                minLength: 1,
                maxLength: 2000,
              },
            },
            WidgetAnswersQuery: {
              visitorId: { required: true, type: () => String },
              after: {
                required: false,
                type: () => String,
                description:
                  'The `createdAt` of the last answer the chat has (or the time of its message); default: the last 24 hours.',
              },
            },
            WidgetVisitorQuery: { visitorId: { required: true, type: () => String } },
            WidgetPhoneDto: {
              visitorId: { required: true, type: () => String },
              phone: {
                required: true,
                type: () => String,
                description: "Their phone number: E.164, or national in the business's country.",
                maxLength: 24,
              },
            },
            WidgetPhoneCodeDto: {
              code: {
                required: true,
                type: () => String,
                description: 'The six digits texted to `phone`.',
                pattern: '^\\d{6}$',
              },
            },
          },
        ],
      ],
      controllers: [
        [
          import('./admin/ai/ai.controller.js'),
          {
            AiController: {
              get: { type: t['./admin/ai/ai.response'].AiConfigResponse },
              set: {
                summary: 'Changes win over env from now on (source = api); enabling AI turns auto-reply off.',
                type: t['./admin/ai/ai.response'].AiConfigResponse,
              },
              test: {
                summary: 'Asks the model with the configured prompt; nothing is sent or stored.',
                type: t['./admin/ai/ai.response'].AiTestResponse,
              },
              send: {
                summary:
                  "Generates a message with the conversation's context and sends it to `to`\n(default: the configured target number). `prompt` is what the model answers;\nwithout it, the participant's last inbound message is.",
                type: t['./admin/messages/message.response'].MessageResponse,
              },
              reply: {
                summary: "The chat app's name for the same action.",
                type: t['./admin/messages/message.response'].MessageResponse,
              },
            },
          },
        ],
        [
          import('./admin/auto-reply/auto-reply.controller.js'),
          {
            AutoReplyController: {
              get: { type: t['./admin/auto-reply/auto-reply.response'].AutoReplyResponse },
              set: {
                summary: 'Any change restarts the clock: messages received before it are never auto-answered.',
                type: t['./admin/auto-reply/auto-reply.response'].AutoReplyResponse,
              },
            },
          },
        ],
        [
          import('./admin/appointments/appointments.controller.js'),
          {
            AppointmentsController: {
              list: { type: t['./admin/appointments/appointment.response'].AppointmentList },
              create: { type: t['./admin/appointments/appointment.response'].AppointmentResponse },
              get: { type: t['./admin/appointments/appointment.response'].AppointmentResponse },
              update: { type: t['./admin/appointments/appointment.response'].AppointmentResponse },
            },
          },
        ],
        [
          import('./admin/availability/availability.controller.js'),
          {
            AvailabilityController: {
              get: { type: t['./admin/availability/availability.response'].AvailabilityResponse },
              put: { type: t['./admin/availability/availability.response'].AvailabilityResponse },
              slots: { type: t['./admin/availability/availability.response'].SlotList },
            },
          },
        ],
        [
          import('./admin/businesses/api-keys.controller.js'),
          {
            ApiKeysController: {
              create: {
                summary: 'The key is in this answer only: it is stored as its SHA-256.',
                type: t['./admin/businesses/api-key.response'].ApiKeyCreatedResponse,
              },
              list: { type: t['./admin/businesses/api-key.response'].ApiKeyList },
              revoke: {
                summary:
                  "Revokes the key (revokedAt is set; again is fine). Another business's key is a 404, like an unknown one.",
              },
            },
          },
        ],
        [
          import('./admin/businesses/businesses.controller.js'),
          {
            BusinessesController: {
              create: {
                summary: 'Secrets are never returned: a Twilio subaccount shows its SID and `authTokenSet` only.',
                type: t['./admin/businesses/business.response'].BusinessResponse,
              },
              list: { type: t['./admin/businesses/business.response'].BusinessList },
              get: { type: t['./admin/businesses/business.response'].BusinessResponse },
              update: {
                summary:
                  'The default business keeps its slug (400). A slug or subaccount another business has is a 409.',
                type: t['./admin/businesses/business.response'].BusinessResponse,
              },
              addNumber: {
                summary:
                  "201 when added; 200 when it was this business's number already; 409 when another business has it.",
                type: t['./admin/businesses/business.response'].BusinessResponse,
              },
              removeNumber: {
                summary:
                  '`:address` is URL-encoded: `%2B15550002222`, or `whatsapp%3A%2B15550002222` for a WhatsApp sender.',
              },
              suspend: {
                summary: 'Idempotent. The default business cannot be suspended (409).',
                type: t['./admin/businesses/business.response'].BusinessResponse,
              },
              resume: { summary: 'Idempotent.', type: t['./admin/businesses/business.response'].BusinessResponse },
              rotateWidgetToken: {
                summary:
                  'A new web chat widget token, shown in this answer only (its SHA-256 is stored), with the line to\nembed it. The old token is refused from now on (within 5 s on other API instances).',
                type: t['./admin/businesses/business.response'].WidgetTokenResponse,
              },
              usage: {
                summary: "Messages per day in the business's timezone, counted in SQL from its messages.",
                type: t['./admin/businesses/usage.response'].BusinessUsageResponse,
              },
            },
          },
        ],
        [
          import('./admin/campaigns/campaigns.controller.js'),
          {
            CampaignsController: {
              create: {
                summary:
                  'Stores the campaign as a draft; the answer reports duplicates, invalid entries, the SMS cost,\nand the preview of what launching it would do.',
                type: t['./admin/campaigns/campaign.response'].NewCampaignResponse,
              },
              list: { type: t['./admin/campaigns/campaign.response'].CampaignList },
              get: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              preview: {
                summary:
                  "The recipients by what the dispatcher will do with them (send now, held by quiet hours, opted\nout, outside WhatsApp's window, invalid, duplicate), the segments, cost and finish time.",
                type: t['./admin/campaigns/campaign-preview.response'].CampaignPreviewResponse,
              },
              recipients: { type: t['./admin/campaigns/recipient.response'].RecipientPage },
              update: {
                summary: 'Only a draft or scheduled campaign can be edited (409 otherwise).',
                type: t['./admin/campaigns/campaign.response'].CampaignResponse,
              },
              launch: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              pause: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              resume: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              cancel: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              delete: {
                summary:
                  'A draft or a finished (completed, canceled) campaign, with its recipients; its messages stay in the conversations.',
              },
            },
          },
        ],
        [
          import('./admin/campaigns/multi-sms.controller.js'),
          {
            MultiSmsController: {
              create: {
                summary: 'Created and launched at once; at most MULTI_SMS_MAX_RECIPIENTS numbers.',
                type: t['./admin/campaigns/campaign.response'].CampaignCreatedResponse,
              },
              preview: {
                summary:
                  'What sending would accept (valid, repeats, entries that are not numbers) and cost; stores and sends nothing.',
                type: t['./admin/campaigns/batch.response'].BatchPreviewResponse,
              },
              list: { type: t['./admin/campaigns/batch.response'].BatchList },
              get: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              recipients: { type: t['./admin/campaigns/recipient.response'].RecipientPage },
            },
          },
        ],
        [
          import('./admin/contacts/contacts.controller.js'),
          {
            ContactsController: {
              list: { type: t['./admin/contacts/contact.response'].ContactList },
              get: { type: t['./admin/contacts/contact.response'].ContactDetailResponse },
              update: {
                summary:
                  'Sets a time zone or the CRM fields, or opts out / back in by hand; creates the contact if it is new.',
                type: t['./admin/contacts/contact.response'].ContactResponse,
              },
            },
          },
        ],
        [
          import('./admin/conversations/conversations.controller.js'),
          {
            ConversationsController: {
              list: {
                summary:
                  'One row per participant: last message, counts, unread inbound, opt-out; most recent first; `search` by number or name.',
                type: t['./admin/conversations/conversation.response'].ConversationList,
              },
              thread: {
                summary:
                  'The thread with one participant, oldest first within the page; `nextCursor` pages back in time.',
                type: t['./admin/conversations/conversation.response'].ThreadResponse,
              },
              markRead: { type: t['./admin/conversations/conversation.response'].MarkReadResponse },
            },
          },
        ],
        [
          import('./admin/emergencies/emergencies.controller.js'),
          {
            EmergenciesController: {
              list: {
                summary: 'Newest first; `from`/`to` select by when it was raised.',
                type: t['./admin/emergencies/emergency.response'].EmergencyList,
              },
            },
          },
        ],
        [
          import('./admin/calls/calls.controller.js'),
          {
            CallsController: {
              list: { summary: 'Newest first.', type: t['./admin/calls/call.response'].CallList },
              get: {
                summary: "One call with its transcript; another business's is a 404.",
                type: t['./admin/calls/call.response'].CallResponse,
              },
            },
          },
        ],
        [
          import('./admin/messages/messages.controller.js'),
          {
            MessagesController: {
              list: { type: t['./admin/messages/message-page.response'].MessagePage },
              send: {
                summary:
                  'Queues a text; 201 with the stored message (status `pending` until a worker hands it to Twilio).',
                type: t['./admin/messages/message.response'].MessageResponse,
              },
              sync: { type: t['./admin/messages/sync.response'].SyncResponse },
              pullRemote: {
                summary:
                  "The chat app's way to pull the latest from Twilio: POST /api/messages/sync without `reply`\n(a GET may be repeated, prefetched or retried, so it never texts anyone).",
                type: t['./admin/messages/sync.response'].SyncResponse,
              },
              get: {
                summary:
                  "By Twilio MessageSid or by our id. `remote=true`: Twilio's current record is read first (status,\nprice, error) and ours updated from it \u2014 409 for a message Twilio never had, 502 when Twilio fails.",
                type: t['./admin/messages/message.response'].MessageResponse,
              },
              media: {
                summary:
                  "An inbound message's media file `n` (0-based: 0 is Twilio's MediaUrl0), fetched from Twilio with\nthe business's account and passed on as it comes, with its content type. Up to MEDIA_MAX_BYTES;\nlarger, or Twilio failing or too slow (MEDIA_TIMEOUT_MS), is a 502 saying which.",
              },
              cancelSchedule: {
                summary: 'Cancels a scheduled message that has not gone out yet; 409 once it has.',
                type: t['./admin/messages/message.response'].MessageResponse,
              },
              redact: { type: t['./admin/messages/message.response'].MessageResponse },
              remove: {},
            },
          },
        ],
        [
          import('./admin/owner/owner.controller.js'),
          {
            OwnerController: {
              schedule: {
                summary: "The day's booked and completed appointments, earliest first, with a sentence to read out.",
                type: t['./admin/owner/schedule.response'].ScheduleResponse,
              },
              summary: {
                summary:
                  "The day's new bookings, cancellations, emergencies, inbound messages and unanswered conversations.",
                type: t['./admin/owner/summary.response'].SummaryResponse,
              },
            },
          },
        ],
        [
          import('./admin/reminders/reminders.controller.js'),
          {
            RemindersController: {
              list: { type: t['./admin/reminders/reminder.response'].ReminderList },
              create: { type: t['./admin/reminders/reminder.response'].ReminderResponse },
              previewSchedule: {
                summary:
                  'A schedule tried before it is saved: its next runs, or the 400 a create with it would get. Stores nothing.',
                type: t['./admin/reminders/schedule-preview.response'].SchedulePreviewResponse,
              },
              get: { type: t['./admin/reminders/reminder.response'].ReminderResponse },
              update: { type: t['./admin/reminders/reminder.response'].ReminderResponse },
              remove: {},
              sendNow: {
                summary: 'One extra send now; the schedule is not moved.',
                type: t['./admin/messages/message.response'].MessageResponse,
              },
            },
          },
        ],
        [import('./events/events.controller.js'), { EventsController: { stream: {} } }],
        [
          import('./health/health.controller.js'),
          {
            HealthController: {
              check: {
                summary:
                  '`{ status, db, redis, queues, workers }`; 503 while PostgreSQL or Redis is down, so load balancers can tell.',
                type: t['./health/health.response'].HealthResponse,
              },
              checkAtHealthz: {
                summary:
                  "Alias of GET /api/health at the address the receptionist's probes (and Kubernetes habits) use.",
                type: t['./health/health.response'].HealthResponse,
              },
              checkTwilio: {
                summary:
                  "Whether the business's Twilio account works (the platform key names one with X-Business-Id):\nits credentials fetch the account, and the account is active. 503 when not. Asked of Twilio at\nmost once a minute per account (`cached`); the result goes to `switchboard_twilio_account_up`.",
                type: t['./health/twilio-health.response'].TwilioHealthResponse,
              },
            },
          },
        ],
        [
          import('./metrics/metrics.controller.js'),
          {
            MetricsController: {
              scrape: {
                summary:
                  'Prometheus text format; needs `Authorization: Bearer $METRICS_TOKEN` or the admin `X-API-Key`.',
                type: String,
              },
            },
          },
        ],
        [
          import('./session/session.controller.js'),
          {
            SessionController: {
              signIn: {
                summary:
                  "Exchanges a key for a session: 200 with who it is, and `Set-Cookie: sb_session=\u2026`. The key is\nnever stored, logged or returned. A wrong key counts toward the address's lockout, as a wrong\nX-API-Key does; a page of another site gets 403.",
                type: t['./session/session.response'].SessionResponse,
              },
              current: {
                summary: 'Who the session cookie (or X-API-Key) acts as; 401 once the session expired or ended.',
                type: t['./session/session.response'].SessionResponse,
              },
              signOut: { summary: 'Ends the session and clears its cookie; 204 also without one.' },
            },
          },
        ],
        [
          import('./webhooks/twilio-webhooks.controller.js'),
          {
            TwilioWebhooksController: {
              receive: { type: String },
              receiveAtSmsAlias: { summary: "The receptionist's inbound address.", type: String },
              receiveAtWhatsAppAlias: {
                summary: "The WhatsApp bot's one address (texts arrive there too when a number points at it).",
                type: String,
              },
              status: { type: String },
              statusAtSmsAlias: { summary: "The receptionist's status callback address.", type: String },
            },
          },
        ],
        [
          import('./webhooks/twilio-voice.controller.js'),
          {
            TwilioVoiceController: {
              turn: {
                summary:
                  'What the caller said: through the same engine as a text (emergencies, booking, the AI), and the\nanswer said back with the next <Gather>; <Hangup/> when the caller is done. An answer not ready\nwithin VOICE_AI_TIMEOUT_MS gets a holding phrase and a <Redirect> to /twilio/voice/answer.',
                type: String,
              },
              answer: {
                summary:
                  "Twilio back for an answer that was not ready in time (the URL is the holding phrase's <Redirect>).",
                type: String,
              },
              incoming: {
                summary:
                  "A call comes in: the business's greeting and safety line, then it listens; <Reject/> for an unknown number or a suspended business.",
                type: String,
              },
              status: {
                summary:
                  "Twilio's call status callback: the call's status, and its duration and outcome once it ended;\nthe owner is texted once a call that booked or raised an emergency is over.",
                type: String,
              },
            },
          },
        ],
        [
          import('./widget/widget-assets.controller.js'),
          {
            WidgetAssetsController: {
              embed: { type: String },
              chat: {
                summary:
                  "Framed only by the token's business's allowed origins (and this API itself); an unknown token gets a 404 page.",
              },
            },
          },
        ],
        [
          import('./widget/widget.controller.js'),
          {
            WidgetController: {
              send: {
                summary:
                  "A visitor's message, answered by the same engine as texts (emergencies, booking, AI). JSON by\ndefault; `Accept: text/event-stream` streams `accepted`, then `answer` (one per part) or\n`pending`, then `done`. Not answered within WIDGET_REPLY_TIMEOUT_MS: 202, the answer follows\n(GET picks it up).",
              },
              answers: {
                summary:
                  "The answers to the visitor's own messages stored after `after`: the chat polls here for a pending answer.",
              },
              preflight: {
                summary: "A browser's CORS preflight; answered before routing (widget-intake.ts), documented here.",
              },
            },
          },
        ],
        [
          import('./widget/widget-phone.controller.js'),
          {
            WidgetPhoneController: {
              requestCode: {
                summary:
                  'Texts a six-digit code to the number (good for 10 minutes and 5 tries); a new one replaces the last.',
              },
              verify: {
                summary:
                  "The code texted to the number: right, and the visitor's chat is that number's conversation from now on.",
                type: t['./widget/widget-phone.response'].WidgetVisitorPhone,
              },
              current: {
                summary: 'The number the visitor proved, masked (the chat shows whom it talks as); null if none.',
                type: t['./widget/widget-phone.response'].WidgetVisitorPhone,
              },
              forget: { summary: '"Not me": the visitor\'s chat is anonymous again.' },
            },
          },
        ],
      ],
    },
  };
};
