import fastifyCookie from '@fastify/cookie';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import { randomUUID } from 'node:crypto';
import { Logger } from 'nestjs-pino';
import { AppConfig, type TrustProxy } from '@app/config';
import { logRequests } from '@app/logging';
import { AuthLockout, sendLockedOut } from './auth/auth-lockout';
import { clientKey, KEYED_SURFACES, surfaceOf } from './auth/request-path';
import { mountDashboard } from './dashboard/mount-dashboard';
import { setUpDocs } from './docs/openapi';
import { accessLogLevel } from './http/access-log-level';
import { limitAdminConcurrency } from './http/admin-concurrency';
import { useJsonBodies } from './http/json-bodies';
import { guardWebhookIntake, useFormBodies } from './http/webhook-intake';
import { mountQueuesBoard } from './queues-board';
import { HelpfulValidationPipe } from './validation/helpful-validation.pipe';
import { guardWidgetIntake } from './widget/widget-intake';

/** 1 MiB: far above any admin request; larger bodies get 413 (Twilio's webhooks: 64 KiB, see webhook-limits.ts). */
export const BODY_LIMIT = 1024 * 1024;

export function createAdapter(config: Pick<AppConfig, 'http'>): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // Off unless TRUST_PROXY names the proxies: with `true`, any client chose its own request.ip
    // (X-Forwarded-For) and with it its rate-limit and lockout budget, or someone else's.
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    // Unique across API instances, so a line in one log can be found in another.
    genReqId: () => randomUUID(),
    ...serverTimeouts(config.http.timeouts),
  });
}

/** A hop count as the function Fastify itself makes of one (its adapter's types take no number). */
function fastifyTrustProxy(trust: TrustProxy) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

/**
 * Slow clients are dropped instead of holding a socket (the pen test held 1,500 slow-body
 * connections for 40 s): the headers must arrive within HTTP_HEADERS_TIMEOUT_MS and the whole
 * request within HTTP_REQUEST_TIMEOUT_MS (Node answers 408 and closes), a kept-alive connection
 * idle between requests is closed after HTTP_KEEP_ALIVE_TIMEOUT_MS, and a socket silent both ways
 * after HTTP_IDLE_TIMEOUT_MS. Node enforces the first two on a timer, every 30 s by default, so
 * a slow client could have outlived them by that much: it runs every second here.
 */
function serverTimeouts(timeouts: AppConfig['http']['timeouts']) {
  return {
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(timeouts.headersMs / 2))),
    },
  };
}

/** Everything main.ts and the e2e tests both need, so tests run the app as deployed. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // First of the request hooks: an admin request over the cap costs as little as can be.
  limitAdminConcurrency(app, config.adminMaxConcurrentRequests);
  // Then Twilio's webhooks: unsigned junk is refused before its body is read where it can be.
  guardWebhookIntake(app);
  // The web chat's API: its token, business, origin and budget checked before its body is read.
  guardWidgetIntake(app);
  useAccessLog(app);
  useSecurityHeaders(app);
  useJsonBodies(app, BODY_LIMIT);
  await useAdminRateLimit(app, config);
  useAuthLockout(app);
  // Cookies are read on every route: the dashboard's session (sb_session) and the board's.
  await app.register(fastifyCookie);
  app.useGlobalPipes(
    new HelpfulValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  await setUpDocs(app);
  await mountQueuesBoard(app);
  await mountDashboard(app);
  // After the board, whose login scope keeps its own 4 KiB form parser (a scope copies its parent's at creation).
  useFormBodies(app, BODY_LIMIT);
  app.enableShutdownHooks();
  return app;
}

/**
 * ADMIN_RATE_LIMIT_PER_MINUTE requests per client address on everything behind the admin key (the
 * admin API, the board, /metrics), never on Twilio's webhooks (legitimate bursts, and their own
 * signature) or the health check. The address is request.ip under TRUST_PROXY (clientKey: an IPv6
 * client by its /64); the surface comes from the route the router chose, or from the path in one
 * spelling when none matched, so `/%61pi/messages` is limited as `/api/messages` is.
 */
async function useAdminRateLimit(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(rateLimit, {
    max: config.adminRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => clientKey(request.ip),
    allowList: (request) => !KEYED_SURFACES.has(surfaceOf(request)),
  });
}

/**
 * A locked-out address (AuthLockout: too many failed keys) is refused with 429 on every surface
 * behind the admin key before anything else happens — no body read, no key compared, no database
 * touched — even with the right key. Health probes and webhooks are not behind the key, so not behind this.
 */
function useAuthLockout(app: NestFastifyApplication): void {
  const lockout = app.get(AuthLockout);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      if (!KEYED_SURFACES.has(surfaceOf(request))) return;
      const retryAfter = await lockout.retryAfter(request.ip);
      if (retryAfter > 0) return sendLockedOut(reply, retryAfter);
    });
}

/** One JSON line per request (libs/logging's access log), at the level accessLogLevel gives it. */
function useAccessLog(app: NestFastifyApplication): void {
  logRequests(app.getHttpAdapter().getInstance(), accessLogLevel);
}

/**
 * Helmet's headers on every response but Twilio's webhooks (TwiML for Twilio,
 * never shown in a browser, and the hottest route) and the widget's files, which set
 * their own (embed.js loads on other sites, chat.html is framed by them: widget-assets.controller.ts). Built once: @fastify/helmet
 * rebuilds helmet's middleware, CSP parsing included, on every request.
 */
function useSecurityHeaders(app: NestFastifyApplication): void {
  const headers = helmet({
    contentSecurityPolicy: {
      // The only HTML pages (/docs, /admin/queues) bootstrap with inline scripts.
      directives: { scriptSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (surfaceOf(request) === 'webhook' || request.url.startsWith('/widget/')) return done();
      headers(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
    });
}
