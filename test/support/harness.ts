import { randomBytes } from 'node:crypto';
import { ChildProcess } from 'node:child_process';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import twilio from 'twilio';
import { Clock, DEFAULT_BUSINESS_ID, DEFAULT_BUSINESS_SLUG } from '@app/common';
import { loadConfig } from '@app/config';
import { BusinessDirectory, BusinessRoutes, PrismaService } from '@app/database';
import { JobQueue, QueueName } from '@app/queue';
import { FakeAskYourDatabase } from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp, createAdapter } from '../../apps/api/src/bootstrap';
import { canonicalWebhookRoute, type WebhookAlias } from '../../apps/api/src/webhooks/webhook-paths';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { WorkerRunner } from '../../apps/worker/src/worker-runner';
import { FakeOpenAI } from './fake-openai';
import { FakeTwilio } from './fake-twilio';
import { watchTraffic } from './openapi-traffic';
import { spawnBuilt } from './processes';
import { DATA_TABLES, TEST_DATABASE_URL, TEST_REDIS_URL, testKeyPrefix } from './test-database';
import { waitFor } from './wait-for';

export const ADMIN_KEY = 'test-admin-key-7f3a';
export const PUBLIC_BASE_URL = 'https://switchboard.test';
export const BUSINESS_NUMBER = '+15550001111';
/** 32 bytes in base64, as SECRETS_KEY wants: the test apps seal stored secrets with it. */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

export interface HarnessOptions {
  /** Run a worker in this process too (default true). */
  worker?: boolean;
  env?: Record<string, string | undefined>;
}

export type Form = Record<string, string>;

/**
 * The real API (Fastify, app.inject) and worker on the real PostgreSQL and Redis,
 * with Twilio and OpenAI faked at the far end as local HTTP servers.
 */
export class Harness {
  /** Accepts status callbacks to the app's own URL only, like the app's sandbox. */
  readonly twilio = new FakeTwilio({ callbackBaseUrls: [PUBLIC_BASE_URL] });
  readonly openai = new FakeOpenAI();
  /** AskYourDatabase, for businesses whose AI backend is askyourdatabase (see configureAskYourDatabase). */
  readonly ayd = new FakeAskYourDatabase();
  api!: NestFastifyApplication;
  worker: INestApplicationContext | null = null;
  prisma!: PrismaService;
  env: Record<string, string> = {};
  private readonly children: ChildProcess[] = [];
  private savedEnv: NodeJS.ProcessEnv | null = null;
  /** What each spawned worker printed so far. */
  readonly outputs: Array<() => string> = [];
  /** Disagreements between the traffic of `api.inject` and the OpenAPI document (see openapi-traffic.ts). */
  readonly drifts: string[] = [];

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const harness = new Harness();
    try {
      await harness.boot(options);
    } catch (error) {
      // A half-booted harness (say, a document the traffic check refuses) must not keep Jest from exiting.
      await harness.close().catch(() => undefined);
      throw error;
    }
    return harness;
  }

  private async boot(options: HarnessOptions): Promise<void> {
    await Promise.all([this.twilio.start(), this.openai.start(), this.ayd.start()]);
    const env: Record<string, string | undefined> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      // Every harness gets its own queues, so jobs of one test file never reach another's workers.
      QUEUE_PREFIX: testKeyPrefix('harness'),
      ADMIN_API_KEY: ADMIN_KEY,
      SECRETS_KEY: TEST_SECRETS_KEY,
      PUBLIC_BASE_URL,
      TWILIO_ACCOUNT_SID: this.twilio.accountSid,
      TWILIO_AUTH_TOKEN: this.twilio.authToken,
      TWILIO_DEFAULT_FROM: BUSINESS_NUMBER,
      TWILIO_API_BASE_URL: this.twilio.url,
      OPENAI_API_KEY: 'sk-test-openai-key',
      OPENAI_BASE_URL: this.openai.url,
      OPENAI_MAX_RETRIES: '0',
      ADMIN_RATE_LIMIT_PER_MINUTE: '1000000',
      // Suites send many wrong keys from one address on purpose; the lockout has its own tests.
      AUTH_LOCKOUT_FAILURES: '1000000',
      WEBHOOK_BAD_SIGNATURES_PER_MINUTE: '1000000',
      ...options.env,
    };
    this.savedEnv = { ...process.env };
    this.env = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    for (const key of Object.keys(env)) {
      if (env[key] === undefined) delete process.env[key];
      else process.env[key] = env[key];
    }
    const moduleRef = await Test.createTestingModule({ imports: [ApiModule] }).compile();
    this.api = await configureApp(
      moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(loadConfig(process.env)), {
        logger: false,
      }),
    );
    await this.api.init();
    await this.api.getHttpAdapter().getInstance().ready();
    await watchTraffic(this.api, this.drifts);
    this.prisma = this.api.get(PrismaService);
    if (options.worker !== false) await this.startWorker();
  }

  async startWorker(): Promise<INestApplicationContext> {
    this.worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
    await this.worker.init();
    return this.worker;
  }

  /** A worker as its own OS process, from the build (npm test builds first). */
  async spawnWorker(
    extraEnv: Record<string, string> = {},
    nodeArgs: string[] = [],
    timeoutMs = 20_000,
  ): Promise<ChildProcess> {
    const env = { ...process.env, ...this.env, LOG_LEVEL: 'info', ...extraEnv };
    const { child, output } = await spawnBuilt('worker', env, 'Worker started', timeoutMs, nodeArgs);
    this.outputs.push(output);
    this.children.push(child);
    return child;
  }

  /**
   * Posts a webhook signed exactly as Twilio signs it (the SDK's own function). An inbound
   * message the app accepted is also told to the fake Twilio, as the real one sees every inbound
   * message first: a WhatsApp one opens the 24-hour window there too.
   */
  async webhook(
    path: '/twilio/inbound' | '/twilio/status' | `/twilio/voice${string}` | WebhookAlias,
    form: Form,
    signature?: string,
  ) {
    const url = `${PUBLIC_BASE_URL}${path}`;
    const res = await this.api.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature ?? twilio.getExpectedTwilioSignature(this.twilio.authToken, url, form),
      },
      payload: new URLSearchParams(form).toString(),
    });
    if (canonicalWebhookRoute(path) === '/twilio/inbound' && res.statusCode === 200 && form.From && form.To)
      this.twilio.inboundReceived({ accountSid: form.AccountSid ?? '', from: form.From, to: form.To });
    return res;
  }

  /** An inbound SMS as Twilio posts it. */
  inbound(from: string, body: string, extra: Form = {}) {
    return this.webhook('/twilio/inbound', inboundForm(this.twilio.accountSid, from, body, extra));
  }

  status(sid: string, status: string, extra: Form = {}) {
    return this.webhook('/twilio/status', {
      AccountSid: this.twilio.accountSid,
      MessageSid: sid,
      SmsSid: sid,
      MessageStatus: status,
      SmsStatus: status,
      From: BUSINESS_NUMBER,
      To: '+15557654321',
      ApiVersion: '2010-04-01',
      ...extra,
    });
  }

  admin(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    key: string | null = ADMIN_KEY,
    headers: Record<string, string> = {},
  ) {
    return this.api.inject({
      method,
      url,
      headers: key === null ? headers : { ...headers, 'x-api-key': key },
      ...(payload ? { payload } : {}),
    });
  }

  /**
   * Lets in-flight jobs finish and drops queued ones, so one test's work never lands
   * in the next. Not the maintenance queue: it holds its schedulers' next runs
   * (which a drain leaves alone) and is idle only between two of them.
   */
  async settle(timeoutMs = 10_000): Promise<void> {
    const jobs = this.api.get(JobQueue);
    const queues = Object.values(QueueName)
      .filter((name) => name !== QueueName.Maintenance)
      .map((name) => jobs.queue(name));
    await waitFor(
      async () => {
        const counts = await Promise.all(queues.map((q) => q.getJobCounts('active', 'waiting', 'prioritized')));
        return counts.every((c) => c.active + c.waiting + c.prioritized === 0);
      },
      'the queues to go idle',
      timeoutMs,
    );
    await Promise.all(queues.map((q) => q.drain(true)));
  }

  /**
   * Between tests that move the clock: "now" back to `now` (real time by default) first, then the
   * in-process worker's maintenance runs let finish (a tick that read the last test's clock must
   * not act on this test's rows), then the tables emptied.
   */
  async startOver(now?: Date): Promise<void> {
    if (now) this.setClockTo(now);
    else this.setClockOffset(0);
    await this.worker?.get(WorkerRunner).maintenanceSettled();
    await this.truncate();
  }

  async truncate(): Promise<void> {
    await this.settle();
    // The workers' maintenance jobs (reminder tick, outbox relay) keep running and lock some of these
    // tables in another order than TRUNCATE does: PostgreSQL may pick this statement as a deadlock's
    // victim. All of it is one transaction, so trying again is safe.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.prisma.$transaction([
          this.prisma.$executeRawUnsafe(`TRUNCATE ${DATA_TABLES}`),
          // Businesses after the rows that name them; default stays, as the migration made it, so no
          // suite sees another's businesses or settings.
          this.prisma.$executeRaw`DELETE FROM businesses WHERE id <> ${DEFAULT_BUSINESS_ID}::uuid`,
          this.resetDefaultBusiness(),
        ]);
        break;
      } catch (error) {
        if (attempt >= 5 || !String((error as Error).message).includes('40P01')) throw error;
      }
    }
    this.twilio.reset();
    this.openai.reset();
    this.ayd.reset();
    this.businessesChanged();
  }

  /** The default business as the migration made it: whatever a suite set on it does not reach the next. */
  resetDefaultBusiness() {
    return this.prisma.$executeRaw`
      UPDATE businesses SET name = 'Default', slug = ${DEFAULT_BUSINESS_SLUG}, status = 'active', timezone = NULL,
        "ownerPhone" = NULL, "quietStart" = NULL, "quietEnd" = NULL, "twilioAccountSid" = NULL,
        "twilioAuthToken" = NULL, "messagingServiceSid" = NULL, "bookingEnabled" = false,
        "emergencyKeywords" = '{}', "safetyLine" = NULL, "reminderHours" = 24, "ownerSummaryTime" = NULL,
        "longReplies" = 'cut', "voiceGreeting" = NULL, "widgetTokenHash" = NULL, "widgetAllowedOrigins" = '{}',
        "calendarId" = NULL, "googleServiceAccount" = NULL, "googleServiceAccountEmail" = NULL
      WHERE id = ${DEFAULT_BUSINESS_ID}::uuid`;
  }

  /** Points a business's AI at the fake AskYourDatabase, enabled (the default business, or `headers`' x-business-id). */
  configureAskYourDatabase(extra: object = {}, headers: Record<string, string> = {}) {
    const ayd = { baseUrl: this.ayd.url, botId: this.ayd.botId, apiKey: this.ayd.apiKey };
    const body = { enabled: true, backend: 'askyourdatabase', ...ayd, ...extra };
    return this.admin('POST', '/api/ai/config', body, ADMIN_KEY, headers);
  }

  /** Moves "now" for the rules in the API and the in-process worker by `offsetMs`, without waiting (0: back to real time). */
  setClockOffset(offsetMs: number): void {
    for (const app of [this.api, this.worker]) if (app) app.get(Clock).offsetMs = offsetMs;
  }

  /** "Now" for the rules in both apps is `at` (it moves on from there in real time). */
  setClockTo(at: Date): void {
    this.setClockOffset(at.getTime() - Date.now());
  }

  /**
   * The default business books by text in `timezone` and is open every day, all day, in one-hour
   * slots: whatever time a test runs, the next free slots are hours away at most.
   */
  async openForBooking(timezone: string): Promise<void> {
    await this.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { timezone, bookingEnabled: true } });
    this.businessesChanged();
    const allDay = [{ start: '00:00', end: '23:59' }];
    const weeklyHours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]));
    const res = await this.admin('PUT', '/api/availability', { weeklyHours, slotMinutes: 60 });
    if (res.statusCode !== 200) throw new Error(`PUT /api/availability answered ${res.statusCode}: ${res.body}`);
  }

  /** After businesses were written straight to the database: the apps' 5 s business caches read them anew. */
  businessesChanged(): void {
    for (const app of [this.api, this.worker]) {
      app?.get(BusinessRoutes).invalidate();
      app?.get(BusinessDirectory).clear();
    }
  }

  async close(): Promise<void> {
    for (const child of this.children) if (child.exitCode === null) child.kill('SIGKILL');
    await this.worker?.close();
    await this.api?.close();
    await Promise.all([this.twilio.close(), this.openai.stop(), this.ayd.stop()]);
    // The apps read process.env at boot; leave it as we found it for the next harness.
    const saved = this.savedEnv;
    if (saved) {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    if (this.drifts.length) {
      throw new Error(`The API disagreed with its OpenAPI document:\n- ${[...new Set(this.drifts)].join('\n- ')}`);
    }
  }
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

export function inboundForm(accountSid: string, from: string, body: string, extra: Form = {}): Form {
  const sid = extra.MessageSid ?? newMessageSid();
  return {
    ToCountry: 'US',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: body,
    To: BUSINESS_NUMBER,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: accountSid,
    From: from,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}
