import { readFileSync } from 'node:fs';
import { cleanEnv } from 'envalid';
import { envSchema } from './env.schema';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, SANDBOX_DEFAULT_FROM } from './sandbox-defaults';
import { StartupError } from './startup-error';
import { parseGoogleServiceAccount } from './google-service-account';
import { isValidTimezone, parseQuietWindow, type QuietWindow } from '@app/common';

export class ConfigError extends StartupError {
  constructor(readonly variables: Record<string, string>) {
    super(
      'invalid configuration: ' +
        Object.entries(variables)
          .map(([name, reason]) => `${name} ${reason}`)
          .join('; '),
    );
  }
}

/** The CA bundle's contents, read once at start-up so a wrong path stops the process with one line. */
function readCaBundle(path: string | undefined): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError({ TWILIO_CA_BUNDLE: `cannot be read (${(error as Error).message})` });
  }
}

function parseKeywords(raw: string): Record<string, string> {
  // BOT_KEYWORDS="HOURS=We are open 9-5|PRICE=See example.com/prices"
  const answers: Record<string, string> = {};
  for (const pair of raw.split('|')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    answers[pair.slice(0, at).trim().toUpperCase()] = pair.slice(at + 1).trim();
  }
  return answers;
}

/** The shortest admin key and metrics token production accepts: 32 characters, e.g. `openssl rand -hex 16`. */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;
/** Three of a worker's one-a-second heartbeats (see WorkerLiveness in @app/queue). */
export const MIN_WORKER_DEAD_AFTER_MS = 3_000;
export const MIN_RECONCILE_SETTLE_MS = 1_000;

/**
 * In production a guessable key is refused at start-up (the pen test found a 1-character key
 * accepted). The message gives the length, never the value.
 */
function checkSecretLengths(env: string, secrets: Record<string, string | undefined>): void {
  if (env !== 'production') return;
  const short = Object.entries(secrets).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1].length < MIN_PRODUCTION_SECRET_LENGTH,
  );
  if (short.length === 0) return;
  throw new ConfigError(
    Object.fromEntries(
      short.map(([name, value]) => [
        name,
        `must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters with NODE_ENV=production (it has ${value.length}); generate one with \`openssl rand -hex 32\``,
      ]),
    ),
  );
}

/** .env.example's placeholders: anyone who has read the README knows them. */
const PLACEHOLDER_SECRETS = new Set([
  'replace-with-a-long-random-string',
  'replace-with-a-random-string-of-32-characters-or-more',
]);

function refusePlaceholders(secrets: Record<string, string | undefined>): void {
  const copied = Object.entries(secrets).filter(([, value]) => value !== undefined && PLACEHOLDER_SECRETS.has(value));
  if (copied.length === 0) return;
  throw new ConfigError(
    Object.fromEntries(
      copied.map(([name]) => [
        name,
        'is the placeholder from .env.example, which anyone can read; generate one with `openssl rand -hex 32`',
      ]),
    ),
  );
}

/** Parses and validates the environment once into one typed, nested object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const e = cleanEnv(env, envSchema, {
    reporter: ({ errors }) => {
      const bad = Object.entries(errors);
      if (bad.length === 0) return;
      throw new ConfigError(Object.fromEntries(bad.map(([name, error]) => [name, error.message || 'is invalid'])));
    },
  });
  checkSecretLengths(e.NODE_ENV, { ADMIN_API_KEY: e.ADMIN_API_KEY, METRICS_TOKEN: e.METRICS_TOKEN });
  refusePlaceholders({ ADMIN_API_KEY: e.ADMIN_API_KEY, METRICS_TOKEN: e.METRICS_TOKEN });
  // Node refuses to start a server whose headers may take longer than the whole request.
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError({
      HTTP_HEADERS_TIMEOUT_MS: `must not be longer than HTTP_REQUEST_TIMEOUT_MS (${e.HTTP_REQUEST_TIMEOUT_MS})`,
    });
  }
  const mode = e.TWILIO_MODE ?? (e.TWILIO_ACCOUNT_SID ? 'live' : 'sandbox');
  const sandbox = mode === 'sandbox';
  if (!sandbox && !e.TWILIO_ACCOUNT_SID) {
    throw new ConfigError({ TWILIO_ACCOUNT_SID: 'is required when TWILIO_MODE=live' });
  }
  if (!sandbox && !e.TWILIO_AUTH_TOKEN) {
    throw new ConfigError({ TWILIO_AUTH_TOKEN: 'is required when TWILIO_ACCOUNT_SID is set' });
  }
  if (sandbox && e.NODE_ENV === 'production' && !e.ALLOW_SANDBOX_IN_PRODUCTION) {
    throw new ConfigError({
      TWILIO_MODE:
        'is sandbox (no TWILIO_ACCOUNT_SID) with NODE_ENV=production: set the Twilio credentials, or ALLOW_SANDBOX_IN_PRODUCTION=true',
    });
  }
  // Never the request's own Host or X-Forwarded-*: a client would choose the URL its signature is checked against.
  if (!sandbox && e.NODE_ENV === 'production' && !e.PUBLIC_BASE_URL) {
    throw new ConfigError({
      PUBLIC_BASE_URL:
        "is required with NODE_ENV=production: the https address Twilio calls (as in Twilio's console), which webhook signatures are checked against",
    });
  }
  let quietHours: QuietWindow | null;
  try {
    quietHours = parseQuietWindow(e.QUIET_HOURS);
  } catch (error) {
    throw new ConfigError({ QUIET_HOURS: (error as Error).message });
  }
  if (!isValidTimezone(e.DEFAULT_TIMEZONE))
    throw new ConfigError({ DEFAULT_TIMEZONE: 'must be an IANA time zone like Europe/Warsaw' });
  // A send still waiting for Twilio's answer must never look abandoned: the reconciler
  // would find nothing at Twilio yet and send it a second time.
  if (e.SUBMITTING_TIMEOUT_MS <= e.TWILIO_TIMEOUT_MS) {
    throw new ConfigError({ SUBMITTING_TIMEOUT_MS: `must be longer than TWILIO_TIMEOUT_MS (${e.TWILIO_TIMEOUT_MS})` });
  }
  // Several beats (one a second), so one late beat of a busy worker does not stop its sends;
  // its sends stop WORKER_FENCE_MARGIN_MS before the reconciler may count it dead (see WorkerLiveness).
  if (e.WORKER_DEAD_AFTER_MS < MIN_WORKER_DEAD_AFTER_MS) {
    throw new ConfigError({ WORKER_DEAD_AFTER_MS: `must be at least ${MIN_WORKER_DEAD_AFTER_MS}` });
  }
  // Twilio's list must have had a moment to show the last send; less than a second is a guess, not a delay.
  if (e.RECONCILE_SETTLE_MS < MIN_RECONCILE_SETTLE_MS) {
    throw new ConfigError({ RECONCILE_SETTLE_MS: `must be at least ${MIN_RECONCILE_SETTLE_MS}` });
  }
  const serviceAccount =
    e.GOOGLE_SERVICE_ACCOUNT_JSON === undefined ? null : parseGoogleServiceAccount(e.GOOGLE_SERVICE_ACCOUNT_JSON);
  if (serviceAccount && 'problem' in serviceAccount)
    throw new ConfigError({ GOOGLE_SERVICE_ACCOUNT_JSON: serviceAccount.problem });
  const delay = e.MULTI_SMS_SEND_DELAY_SECONDS;
  if (e.SEND_RATE_PER_SECOND < 0) throw new ConfigError({ SEND_RATE_PER_SECOND: 'must be 0 (no limit) or more' });
  if (delay !== undefined && delay < 0) throw new ConfigError({ MULTI_SMS_SEND_DELAY_SECONDS: 'must be 0 or more' });
  // In sandbox mode this very app simulates Twilio (under /sandbox) and receives its callbacks.
  const ownOrigin = `http://127.0.0.1:${e.PORT}`;
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    // Readable lines for a person at a terminal; JSON for anything that collects logs (a pipe, a file, production).
    logPretty:
      e.LOG_FORMAT === 'pretty' ||
      (e.LOG_FORMAT === 'auto' && e.NODE_ENV === 'development' && Boolean(process.stdout.isTTY)),
    http: {
      port: e.PORT,
      // The sandbox's credentials are public: only this machine reaches it unless HOST says otherwise.
      host: e.HOST ?? (sandbox ? '127.0.0.1' : '0.0.0.0'),
      trustProxy: e.TRUST_PROXY,
      timeouts: {
        requestMs: e.HTTP_REQUEST_TIMEOUT_MS,
        headersMs: e.HTTP_HEADERS_TIMEOUT_MS,
        keepAliveMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
        idleMs: e.HTTP_IDLE_TIMEOUT_MS,
      },
    },
    databaseUrl: e.DATABASE_URL,
    database: { poolSize: e.DATABASE_POOL_SIZE, webhookPoolSize: e.WEBHOOK_POOL_SIZE },
    redisUrl: e.REDIS_URL,
    redisClusterNodes: e.REDIS_CLUSTER_NODES ?? null,
    queue: {
      prefix: e.QUEUE_PREFIX,
      concurrency: e.WORKER_CONCURRENCY,
      lockDurationMs: e.JOB_LOCK_DURATION_MS,
      stalledIntervalMs: e.JOB_STALLED_INTERVAL_MS,
      maxStalledCount: e.JOB_MAX_STALLED_COUNT,
    },
    maintenance: {
      intervalMs: e.MAINTENANCE_INTERVAL_MS,
      outboxRelayAfterMs: e.OUTBOX_RELAY_AFTER_MS,
      submittingTimeoutMs: e.SUBMITTING_TIMEOUT_MS,
      workerDeadAfterMs: e.WORKER_DEAD_AFTER_MS,
      reconcileSettleMs: e.RECONCILE_SETTLE_MS,
    },
    adminApiKey: e.ADMIN_API_KEY,
    secrets: {
      key: e.SECRETS_KEY ? Buffer.from(e.SECRETS_KEY, 'base64') : undefined,
      previousKey: e.SECRETS_KEY_PREVIOUS ? Buffer.from(e.SECRETS_KEY_PREVIOUS, 'base64') : undefined,
    },
    adminRateLimitPerMinute: e.ADMIN_RATE_LIMIT_PER_MINUTE,
    adminMaxConcurrentRequests: e.ADMIN_MAX_CONCURRENT_REQUESTS,
    metricsToken: e.METRICS_TOKEN,
    auth: {
      lockoutFailures: e.AUTH_LOCKOUT_FAILURES,
      lockoutSeconds: e.AUTH_LOCKOUT_SECONDS,
      sessionTtlSeconds: e.ADMIN_SESSION_TTL_SECONDS,
    },
    events: { maxStreamsPerBusiness: e.EVENTS_MAX_STREAMS_PER_BUSINESS },
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? (sandbox ? ownOrigin : undefined))?.replace(/\/+$/, ''),
    defaultCountry: e.DEFAULT_COUNTRY.toUpperCase(),
    twilio: {
      mode,
      accountSid: sandbox ? SANDBOX_ACCOUNT_SID : e.TWILIO_ACCOUNT_SID!,
      authToken: sandbox ? (e.TWILIO_AUTH_TOKEN ?? SANDBOX_AUTH_TOKEN) : e.TWILIO_AUTH_TOKEN!,
      defaultFrom: e.TWILIO_DEFAULT_FROM ?? (sandbox ? SANDBOX_DEFAULT_FROM : undefined),
      messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID,
      validateSignature: e.TWILIO_VALIDATE_SIGNATURE,
      badSignaturesPerMinute: e.WEBHOOK_BAD_SIGNATURES_PER_MINUTE,
      apiBaseUrl: (e.TWILIO_API_BASE_URL ?? (sandbox ? `${ownOrigin}/sandbox` : undefined))?.replace(/\/+$/, ''),
      timeoutMs: e.TWILIO_TIMEOUT_MS,
      httpProxy: e.HTTP_PROXY,
      caBundle: readCaBundle(e.TWILIO_CA_BUNDLE),
      media: { maxBytes: e.MEDIA_MAX_BYTES, timeoutMs: e.MEDIA_TIMEOUT_MS },
    },
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
      maxRetries: e.OPENAI_MAX_RETRIES,
    },
    googleCalendar: {
      /** The default calendar and key: a business's own win (see CalendarSettings). */
      calendarId: e.GOOGLE_CALENDAR_ID?.trim() || null,
      serviceAccount,
      rootUrl: e.GOOGLE_API_ROOT_URL.replace(/\/*$/, '/'),
      timeoutMs: e.GOOGLE_TIMEOUT_MS,
    },
    ai: {
      enabled: e.AI_ENABLED,
      systemPrompt: e.AI_SYSTEM_PROMPT,
      temperature: e.AI_TEMPERATURE,
      fallbackReply: e.AI_FALLBACK_REPLY,
      historyMessages: e.AI_HISTORY_MESSAGES,
      historyChars: e.AI_HISTORY_CHARS,
      timeoutMs: e.AI_TIMEOUT_MS,
      sessionMs: e.AI_SESSION_DAYS * 24 * 3600_000,
    },
    voice: {
      answerTimeoutMs: e.VOICE_AI_TIMEOUT_MS,
    },
    widget: {
      replyTimeoutMs: e.WIDGET_REPLY_TIMEOUT_MS,
      perVisitorPerMinute: e.WIDGET_RATE_LIMIT_PER_VISITOR,
      perTokenPerMinute: e.WIDGET_RATE_LIMIT_PER_TOKEN,
      verify: {
        countries: e.WIDGET_VERIFY_COUNTRIES ?? [e.DEFAULT_COUNTRY.toUpperCase()],
        perVisitorPerHour: e.WIDGET_VERIFY_PER_VISITOR_PER_HOUR,
        perNumberPerDay: e.WIDGET_VERIFY_PER_NUMBER_PER_DAY,
        perBusinessPerHour: e.WIDGET_VERIFY_PER_BUSINESS_PER_HOUR,
        rememberMs: e.WIDGET_VERIFIED_PHONE_DAYS * 24 * 3600_000,
      },
    },
    bot: {
      mode: e.CHAT_BOT_MODE,
      keywords: parseKeywords(e.BOT_KEYWORDS),
      defaultReply: e.BOT_DEFAULT_REPLY,
      helpText: e.HELP_TEXT,
      stopText: e.STOP_CONFIRMATION_TEXT,
      startText: e.START_CONFIRMATION_TEXT,
    },
    maxReplyLength: e.MAX_REPLY_LENGTH,
    campaigns: {
      sendRatePerSecond: delay !== undefined ? (delay > 0 ? 1 / delay : 0) : e.SEND_RATE_PER_SECOND,
      multiSmsMaxRecipients: e.MULTI_SMS_MAX_RECIPIENTS,
      quietHours,
      defaultTimezone: e.DEFAULT_TIMEZONE,
      /** Decimal text, or null: the preview then has no cost estimate. */
      pricePerSegment: e.PRICE_PER_SEGMENT ?? null,
      fanoutChunk: e.CAMPAIGN_FANOUT_CHUNK,
      concurrency: e.CAMPAIGN_CONCURRENCY,
      sendBatch: e.CAMPAIGN_SEND_BATCH,
      sweepAfterMs: e.CAMPAIGN_SWEEP_AFTER_MS,
      recheckMs: e.CAMPAIGN_RECHECK_MS,
    },
    reminders: { respectQuietHours: e.REMINDERS_RESPECT_QUIET_HOURS },
    booking: { conversationTimeoutMs: e.CONVERSATION_TIMEOUT_MINUTES * 60_000 },
  };
}

export type AppConfigShape = ReturnType<typeof loadConfig>;

/**
 * Injection token and type in one: inject `AppConfig` to read configuration.
 * The class only exists so Nest can resolve it by type; the interface of the same
 * name gives it the config's shape (the merge is the point, hence the lint exceptions).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class AppConfig {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface AppConfig extends AppConfigShape {}
