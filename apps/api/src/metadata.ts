/* eslint-disable */
export default async () => {
  const t = {
    ['./admin/campaigns/quiet-hours.dto']: await import('./admin/campaigns/quiet-hours.dto.js'),
    ['./admin/businesses/businesses.dto']: await import('./admin/businesses/businesses.dto.js'),
    ['./admin/ai/ai.response']: await import('./admin/ai/ai.response.js'),
    ['./admin/messages/message.response']: await import('./admin/messages/message.response.js'),
    ['./admin/auto-reply/auto-reply.response']: await import('./admin/auto-reply/auto-reply.response.js'),
    ['./admin/businesses/api-key.response']: await import('./admin/businesses/api-key.response.js'),
    ['./admin/businesses/business.response']: await import('./admin/businesses/business.response.js'),
    ['./admin/businesses/usage.response']: await import('./admin/businesses/usage.response.js'),
    ['./admin/campaigns/campaign.response']: await import('./admin/campaigns/campaign.response.js'),
    ['./admin/campaigns/recipient.response']: await import('./admin/campaigns/recipient.response.js'),
    ['./admin/campaigns/batch.response']: await import('./admin/campaigns/batch.response.js'),
    ['./admin/contacts/contact.response']: await import('./admin/contacts/contact.response.js'),
    ['./admin/conversations/conversation.response']: await import('./admin/conversations/conversation.response.js'),
    ['./admin/messages/message-page.response']: await import('./admin/messages/message-page.response.js'),
    ['./admin/messages/sync.response']: await import('./admin/messages/sync.response.js'),
    ['./admin/reminders/reminder.response']: await import('./admin/reminders/reminder.response.js'),
    ['./health/health.response']: await import('./health/health.response.js'),
  };
  return {
    '@nestjs/swagger': {
      models: [
        [
          import('./admin/ai/ai.dto.js'),
          {
            AiConfigDto: {
              enabled: { required: false, type: () => Boolean },
              apiKey: {
                required: false,
                type: () => String,
                nullable: true,
                description:
                  'Write-only; null clears it (then OPENAI_API_KEY applies). Shown masked. Trimmed, and\nprintable ASCII only: it goes into an Authorization header, where one stray pasted\ncharacter would fail every AI call until someone noticed.',
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
          import('./admin/page.query.js'),
          {
            PageQuery: {
              limit: { required: false, type: () => Number, minimum: 1, maximum: 200 },
              offset: { required: false, type: () => Number, minimum: 0, maximum: 1000000000 },
            },
          },
        ],
        [
          import('./admin/campaigns/campaigns.dto.js'),
          {
            CreateCampaignDto: {
              name: { required: true, type: () => String, maxLength: 200 },
              body: { required: true, type: () => String, maxLength: 1600 },
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
              body: { required: false, type: () => String, maxLength: 1600 },
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
              body: { required: true, type: () => String, maxLength: 1600 },
              recipients: { required: true, type: () => Object },
              from: { required: false, type: () => String, maxLength: 40 },
              messagingServiceSid: { required: false, type: () => String, pattern: '^MG[0-9a-fA-F]{32}$' },
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
              body: { required: true, type: () => String, maxLength: 1600 },
              from: { required: false, type: () => String, maxLength: 40 },
              channel: { required: false, enum: ['sms', 'whatsapp'] },
              mediaUrls: { required: false, type: () => [String], format: 'uri', maxItems: 10 },
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
          },
        ],
        [
          import('./admin/reminders/reminders.dto.js'),
          {
            CreateReminderDto: {
              to: { required: true, type: () => String, maxLength: 40 },
              body: { required: true, type: () => String, maxLength: 1600 },
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
              body: { required: false, type: () => String, maxLength: 1600 },
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
                  'Stores the campaign as a draft; the answer reports duplicates, invalid entries and the SMS cost.',
                type: t['./admin/campaigns/campaign.response'].CampaignCreatedResponse,
              },
              list: { type: t['./admin/campaigns/campaign.response'].CampaignList },
              get: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              recipients: { type: t['./admin/campaigns/recipient.response'].RecipientPage },
              update: {
                summary: 'Only a draft or scheduled campaign can be edited (409 otherwise).',
                type: t['./admin/campaigns/campaign.response'].CampaignResponse,
              },
              launch: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              pause: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              resume: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
              cancel: { type: t['./admin/campaigns/campaign.response'].CampaignResponse },
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
              get: { type: t['./admin/contacts/contact.response'].ContactResponse },
              update: {
                summary: 'Sets a time zone or opts out / back in by hand; creates the contact if it is new.',
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
                summary: 'One row per participant: last message, counts, unread inbound; most recent first.',
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
              get: {
                summary: 'By Twilio MessageSid or by our id.',
                type: t['./admin/messages/message.response'].MessageResponse,
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
          import('./admin/reminders/reminders.controller.js'),
          {
            RemindersController: {
              list: { type: t['./admin/reminders/reminder.response'].ReminderList },
              create: { type: t['./admin/reminders/reminder.response'].ReminderResponse },
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
        [import('./home/home.controller.js'), { HomeController: { home: { type: String } } }],
        [
          import('./health/health.controller.js'),
          {
            HealthController: {
              check: {
                summary:
                  '`{ status, db, redis, queues, workers }`; 503 while PostgreSQL or Redis is down, so load balancers can tell.',
                type: t['./health/health.response'].HealthResponse,
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
          import('./webhooks/twilio-webhooks.controller.js'),
          { TwilioWebhooksController: { receive: { type: String }, status: { type: String } } },
        ],
      ],
    },
  };
};
