import { bool, makeValidator, num, port, str, url } from 'envalid';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/** A URL with one of the given schemes, e.g. postgresql:// or redis://. */
const urlWithScheme = (...schemes: string[]) =>
  makeValidator<string>((input) => {
    let parsed: URL;
    try {
      parsed = new URL(input);
    } catch {
      throw new Error(`must be a URL (${schemes.join(' or ')})`);
    }
    if (!schemes.some((scheme) => parsed.protocol === `${scheme}:`)) {
      throw new Error(`must start with ${schemes.map((s) => `${s}://`).join(' or ')}`);
    }
    return input;
  });

const positiveInt = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isInteger(value) || value <= 0) throw new Error('must be a positive integer');
  return value;
});

/** A caller's turn waits this long for the answer before a holding phrase; Twilio waits 15 s at most for any answer. */
const voiceTimeout = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isInteger(value) || value < 100 || value > 4_500)
    throw new Error('must be a whole number of milliseconds from 100 to 4500 (Twilio must never wait 5 s)');
  return value;
});

const temperature = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isFinite(value) || value < 0 || value > 2) throw new Error('must be a number between 0 and 2');
  return value;
});

const optionalStr = () => str({ default: undefined });

/** `host:port` pairs separated by commas (an IPv6 host in brackets): a Redis Cluster's seed nodes. */
const clusterNodes = makeValidator<Array<{ host: string; port: number }>>((input) => {
  const nodes = input
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(entry);
      const port = Number(match?.[2]);
      if (!match || port < 1 || port > 65_535) throw new Error(`"${entry}" is not host:port`);
      return { host: match[1], port };
    });
  if (nodes.length === 0) throw new Error('must list at least one host:port');
  return nodes;
});

/** A price as a plain decimal ("0.0079"): kept as text, so the cost is computed exactly. */
const decimalPrice = makeValidator<string>((input) => {
  const value = input.trim();
  if (!/^\d{1,9}(\.\d{1,10})?$/.test(value))
    throw new Error('must be a decimal number like 0.0079 (digits, at most one dot, no sign or exponent)');
  return value;
});

/** 32 bytes, base64: an AES-256 key. */
const secretsKey = makeValidator<string>((input) => {
  const bytes = Buffer.from(input, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== input.replace(/\s/g, '')) {
    throw new Error('must be 32 bytes in base64 (make one with: openssl rand -base64 32)');
  }
  return input;
});

const trustProxy = makeValidator<TrustProxy>(parseTrustProxy);

/** Comma-separated ISO 3166 country codes ("US,CA"), upper-cased. */
const countryList = makeValidator<string[]>((input) => {
  const codes = input
    .split(',')
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);
  if (!codes.length || codes.some((code) => !/^[A-Z]{2}$/.test(code)))
    throw new Error('must be two-letter country codes separated by commas, like US,CA');
  return codes;
});

/**
 * Every environment variable the apps read, in one place (README's env table
 * and .env.example mirror it). Nothing else in the code reads process.env.
 */
export const envSchema = {
  NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
  LOG_LEVEL: str({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
  /** json: one JSON object per line; pretty: readable lines (pino-pretty); auto: pretty on a terminal in development. */
  LOG_FORMAT: str({ choices: ['auto', 'json', 'pretty'], default: 'auto' }),
  PORT: port({ default: 3000 }),
  /**
   * Interface the API listens on. Unset: 127.0.0.1 in sandbox mode (its credentials are public), 0.0.0.0 in
   * live mode. A non-loopback HOST in sandbox mode opens the sandbox to whoever reaches it (warned at start-up).
   */
  HOST: str({ default: undefined }),
  /**
   * Proxies trusted for X-Forwarded-For/-Proto/-Host: unset (none: the socket's address is the
   * client's), a hop count, or a list of addresses and CIDR ranges (Fastify's trustProxy).
   */
  TRUST_PROXY: trustProxy({ default: false }),
  /** The whole request, headers and body, must arrive within this (else 408 and the socket is closed). */
  HTTP_REQUEST_TIMEOUT_MS: positiveInt({ default: 30_000 }),
  /** The headers must arrive within this (slowloris). At most HTTP_REQUEST_TIMEOUT_MS. */
  HTTP_HEADERS_TIMEOUT_MS: positiveInt({ default: 10_000 }),
  /** A kept-alive connection idle between requests is closed after this (above a load balancer's idle timeout). */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt({ default: 72_000 }),
  /** A socket with no traffic either way for this long is closed; above the slowest route (AI test, sync). */
  HTTP_IDLE_TIMEOUT_MS: positiveInt({ default: 120_000 }),
  DATABASE_URL: urlWithScheme(
    'postgresql',
    'postgres',
  )({
    default: 'postgresql://postgres@127.0.0.1:5432/switchboard',
  }),
  /** Connections each process keeps to PostgreSQL for everything but the webhooks' statements. */
  DATABASE_POOL_SIZE: positiveInt({ default: 20 }),
  /** The API's own connections for Twilio's webhooks, so admin load cannot starve them. */
  WEBHOOK_POOL_SIZE: positiveInt({ default: 4 }),
  REDIS_URL: urlWithScheme('redis', 'rediss')({ default: 'redis://127.0.0.1:6379' }),
  /** Set: every Redis client is a cluster client seeded with these nodes (REDIS_URL then gives only credentials and TLS). */
  REDIS_CLUSTER_NODES: clusterNodes({ default: undefined }),
  QUEUE_PREFIX: str({ default: 'switchboard' }),
  WORKER_CONCURRENCY: positiveInt({ default: 16 }),
  /** A job whose worker stops renewing its lock for this long counts as stalled and runs again elsewhere. */
  JOB_LOCK_DURATION_MS: positiveInt({ default: 30_000 }),
  JOB_STALLED_INTERVAL_MS: positiveInt({ default: 15_000 }),
  JOB_MAX_STALLED_COUNT: num({ default: 2 }),
  /** Outbox rows older than this are (re-)enqueued by the workers' relay. */
  OUTBOX_RELAY_AFTER_MS: positiveInt({ default: 5_000 }),
  /** A send claimed longer ago than this without Twilio's answer recorded is reconciled. */
  SUBMITTING_TIMEOUT_MS: positiveInt({ default: 60_000 }),
  /** A worker whose heartbeat is this old is dead: its sends are reconciled without waiting for SUBMITTING_TIMEOUT_MS. */
  WORKER_DEAD_AFTER_MS: positiveInt({ default: 5_000 }),
  /** After a dead worker's last possible send, how long Twilio gets to list it before the reconciler asks. */
  RECONCILE_SETTLE_MS: positiveInt({ default: 10_000 }),
  /** How often the maintenance jobs run (once for the cluster) and each worker beats its heartbeat. */
  MAINTENANCE_INTERVAL_MS: positiveInt({ default: 2_000 }),

  ADMIN_API_KEY: optionalStr(),
  /** 32 random bytes in base64 (`openssl rand -base64 32`): seals stored secrets (the AI key) with AES-256-GCM. */
  SECRETS_KEY: secretsKey({ default: undefined }),
  /** The key SECRETS_KEY replaced: values sealed with it are still read, and sealed again with SECRETS_KEY on write. */
  SECRETS_KEY_PREVIOUS: secretsKey({ default: undefined }),
  /** Requests per minute per client IP on /api/* (webhooks are not limited: Twilio bursts legitimately). */
  ADMIN_RATE_LIMIT_PER_MINUTE: positiveInt({ default: 600 }),
  /** Admin requests an API process serves at once; beyond, 429 with Retry-After (never a wait that starves the pool). */
  ADMIN_MAX_CONCURRENT_REQUESTS: positiveInt({ default: 32 }),
  /** Bearer token for GET /metrics (the admin X-API-Key works too). */
  METRICS_TOKEN: optionalStr(),
  /** Failed authentications (admin key, board login, metrics token) from one address before it is locked out. */
  AUTH_LOCKOUT_FAILURES: positiveInt({ default: 10 }),
  /** The first lockout of an address; each next one within a day doubles, up to an hour. */
  AUTH_LOCKOUT_SECONDS: positiveInt({ default: 60 }),
  /** How long a login lasts, Bull Board's or the dashboard's (the session in Redis and its cookie). */
  ADMIN_SESSION_TTL_SECONDS: positiveInt({ default: 43_200 }),
  /** Live event streams (GET /api/events) one business may hold open on one API instance; the next one gets 429. */
  EVENTS_MAX_STREAMS_PER_BUSINESS: positiveInt({ default: 20 }),
  /**
   * The address Twilio calls, exactly as configured in Twilio's console (scheme, host, port if any):
   * webhook signatures are checked against it alone. Required with NODE_ENV=production in live mode.
   */
  PUBLIC_BASE_URL: url({ default: undefined }),
  DEFAULT_COUNTRY: str({ default: 'US' }),

  /** live: the real Twilio. sandbox: the built-in simulator (the default when TWILIO_ACCOUNT_SID is unset). */
  TWILIO_MODE: str({ choices: ['live', 'sandbox'], default: undefined }),
  ALLOW_SANDBOX_IN_PRODUCTION: bool({ default: false }),
  TWILIO_ACCOUNT_SID: optionalStr(),
  TWILIO_AUTH_TOKEN: optionalStr(),
  TWILIO_DEFAULT_FROM: optionalStr(),
  TWILIO_MESSAGING_SERVICE_SID: optionalStr(),
  TWILIO_VALIDATE_SIGNATURE: bool({ default: true }),
  /** Webhooks with a wrong or missing signature from one address per minute before it gets 429 (per API instance). */
  WEBHOOK_BAD_SIGNATURES_PER_MINUTE: positiveInt({ default: 30 }),
  TWILIO_API_BASE_URL: url({ default: undefined }),
  TWILIO_TIMEOUT_MS: positiveInt({ default: 10_000 }),
  /** An HTTP(S) proxy for Twilio's REST calls, as the twilio SDK's own client honours it. */
  HTTP_PROXY: url({ default: undefined }),
  /** A PEM file of CA certificates to trust for Twilio's REST calls (a TLS-inspecting proxy's). */
  TWILIO_CA_BUNDLE: optionalStr(),
  /**
   * The largest inbound media file GET /api/messages/:id/media/:n passes on (bytes); Twilio takes
   * MMS up to 5 MB. A larger one is refused (502) and its download stopped.
   */
  MEDIA_MAX_BYTES: positiveInt({ default: 5 * 1024 * 1024 }),
  /** The whole download of one media file from Twilio (and its CDN), headers and body. */
  MEDIA_TIMEOUT_MS: positiveInt({ default: 30_000 }),

  OPENAI_API_KEY: optionalStr(),
  OPENAI_BASE_URL: url({ default: undefined }),
  OPENAI_MODEL: str({ default: 'gpt-4o-mini' }),
  OPENAI_TIMEOUT_MS: positiveInt({ default: 20_000 }),
  OPENAI_MAX_RETRIES: num({ default: 2 }),

  /** The Google Calendar appointments go to when their business names none (e.g. the owner's address). */
  GOOGLE_CALENDAR_ID: optionalStr(),
  /** A service-account key file's JSON text, for businesses without a key of their own. */
  GOOGLE_SERVICE_ACCOUNT_JSON: optionalStr(),
  /** Where the Calendar API is reached (a test's fake); default Google's. */
  GOOGLE_API_ROOT_URL: url({ default: 'https://www.googleapis.com/' }),
  /** One Calendar API call (token included); a slower one fails and its job is retried. */
  GOOGLE_TIMEOUT_MS: positiveInt({ default: 15_000 }),

  AI_ENABLED: bool({ default: false }),
  AI_SYSTEM_PROMPT: str({
    default:
      'You are a friendly assistant for a small business, answering customers by text message. Be brief and helpful.',
  }),
  AI_TEMPERATURE: temperature({ default: 0.7 }),
  AI_FALLBACK_REPLY: str({
    default: 'Sorry, we could not answer right now. We will get back to you soon.',
  }),
  AI_HISTORY_MESSAGES: positiveInt({ default: 20 }),
  AI_HISTORY_CHARS: positiveInt({ default: 6000 }),
  /**
   * The deadline of one AskYourDatabase answer, all of it: a new chat if one is needed, the
   * streamed answer, and the one retry after a 401. Past it the customer gets AI_FALLBACK_REPLY.
   * (The openai backend keeps OPENAI_TIMEOUT_MS, per request, with the SDK's retries.)
   */
  AI_TIMEOUT_MS: positiveInt({ default: 60_000 }),
  /** An AskYourDatabase chat (ai_sessions) is replaced this many days after it was made. */
  AI_SESSION_DAYS: positiveInt({ default: 7 }),
  /**
   * How long a caller's turn waits for the answer before the call hears a holding phrase and
   * Twilio is sent to collect the answer (<Redirect>): no response to Twilio takes 5 s.
   */
  VOICE_AI_TIMEOUT_MS: voiceTimeout({ default: 2_500 }),
  /**
   * How long a web chat message waits for its answer before the widget is told it will follow
   * (202; the chat then polls GET /api/widget/messages for it).
   */
  WIDGET_REPLY_TIMEOUT_MS: positiveInt({ default: 8_000 }),
  /** Web chat messages one visitor of one business may send per minute (then 429). */
  WIDGET_RATE_LIMIT_PER_VISITOR: positiveInt({ default: 20 }),
  /** Web chat requests one business's widget token may make per minute, all visitors together (then 429). */
  WIDGET_RATE_LIMIT_PER_TOKEN: positiveInt({ default: 600 }),
  /**
   * The countries whose numbers a web chat visitor may have a code texted to (default: just
   * DEFAULT_COUNTRY). SMS pumping lives on premium-rate foreign numbers; a business that serves
   * callers abroad lists their countries.
   */
  WIDGET_VERIFY_COUNTRIES: countryList({ default: undefined }),
  /** Codes one visitor of one business may ask for per hour (then 429). */
  WIDGET_VERIFY_PER_VISITOR_PER_HOUR: positiveInt({ default: 3 }),
  /** Codes one phone number may be sent per day, whichever business or visitor asks (then 429): nobody is texted over and over. */
  WIDGET_VERIFY_PER_NUMBER_PER_DAY: positiveInt({ default: 5 }),
  /** Codes one business's web chat may send per hour, all visitors together (then 429): the most a scripted abuse costs it. */
  WIDGET_VERIFY_PER_BUSINESS_PER_HOUR: positiveInt({ default: 30 }),
  /** How long a visitor's proven number is remembered for their browser's visitor id. */
  WIDGET_VERIFIED_PHONE_DAYS: positiveInt({ default: 30 }),

  CHAT_BOT_MODE: str({ choices: ['keywords', 'echo'], default: 'keywords' }),
  BOT_KEYWORDS: str({ default: '' }),
  BOT_DEFAULT_REPLY: str({ default: 'Thanks for your message! Reply HELP for help or STOP to opt out.' }),
  HELP_TEXT: str({ default: 'Reply STOP to unsubscribe, START to resubscribe. Msg&data rates may apply.' }),
  STOP_CONFIRMATION_TEXT: str({
    default: 'You have been unsubscribed and will receive no more messages. Reply START to resubscribe.',
  }),
  START_CONFIRMATION_TEXT: str({ default: 'You have been resubscribed. Reply STOP to unsubscribe.' }),
  MAX_REPLY_LENGTH: positiveInt({ default: 1600 }),

  /** Sends per second per sender, shared by all workers (1 = a US long code); 0 turns the limit off. */
  SEND_RATE_PER_SECOND: num({ default: 1 }),
  /** The seed app's spacing between Multi-SMS sends; when set, it wins: rate = 1 / delay. */
  MULTI_SMS_SEND_DELAY_SECONDS: num({ default: undefined }),
  MULTI_SMS_MAX_RECIPIENTS: positiveInt({ default: 250 }),
  /** Default quiet hours for campaigns without their own, e.g. 21:00-08:00 (none by default). */
  QUIET_HOURS: str({ default: '' }),
  /** Time zone for quiet hours when neither the contact nor the campaign has one. */
  DEFAULT_TIMEZONE: str({ default: 'UTC' }),
  /** What one SMS segment costs (e.g. 0.0079), for the campaign preview's estimate; unset: no estimate. */
  PRICE_PER_SEGMENT: decimalPrice({ default: undefined }),
  /** Recipients per fan-out step (one query and one Redis round trip each). */
  CAMPAIGN_FANOUT_CHUNK: positiveInt({ default: 500 }),
  /**
   * Campaign sends a worker process runs at once. Sends wait on Twilio (~100–300 ms
   * a call), so throughput needs hundreds in flight; their database writes are
   * batched, so more in flight also means fewer, bigger statements.
   */
  CAMPAIGN_CONCURRENCY: positiveInt({ default: 512 }),
  /**
   * Recipients per campaign send job when no send rate applies (SEND_RATE_PER_SECOND=0): a
   * BullMQ job per recipient cost more Redis and worker CPU than the send itself. 1: a job each.
   */
  CAMPAIGN_SEND_BATCH: positiveInt({ default: 50 }),
  /** A running campaign with pending recipients and no progress for this long gets its fan-out re-run (lost jobs). */
  CAMPAIGN_SWEEP_AFTER_MS: positiveInt({ default: 60_000 }),
  /**
   * A campaign send held for a reason that ends without notice (its business suspended, its
   * campaign paused in the middle of a retry) stays parked this long before it looks again.
   */
  CAMPAIGN_RECHECK_MS: positiveInt({ default: 60_000 }),
  /** Reminders keep to QUIET_HOURS too (an occurrence inside them waits for the window's end). */
  REMINDERS_RESPECT_QUIET_HOURS: bool({ default: false }),
  /** A text booking flow's offer (or cancel question) lasts this long; an answer after it gets fresh slots. */
  CONVERSATION_TIMEOUT_MINUTES: positiveInt({ default: 30 }),
};
