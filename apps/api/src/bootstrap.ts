import { ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { setUpDocs } from './docs/openapi';
import { limitAdminConcurrency } from './http/admin-concurrency';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './http/json-depth';
import { mountQueuesBoard } from './queues-board';

/** 1 MiB: far above any Twilio webhook or admin request; larger bodies get 413. */
export const BODY_LIMIT = 1024 * 1024;

export function createAdapter(): FastifyAdapter {
  // trustProxy: behind a load balancer the signature URL must be the public one.
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy: true });
}

/** Everything main.ts and the e2e tests both need, so tests run the app as deployed. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // First of the request hooks: an admin request over the cap costs as little as can be.
  limitAdminConcurrency(app, config.adminMaxConcurrentRequests);
  useSecurityHeaders(app);
  useJsonBodies(app);
  await app.register(rateLimit, {
    max: config.adminRateLimitPerMinute,
    timeWindow: 60_000,
    // Only the admin API: Twilio's webhooks arrive in legitimate bursts and carry their own signature.
    allowList: (request) => !request.url.startsWith('/api/') || request.url.startsWith('/api/health'),
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  await setUpDocs(app);
  await mountQueuesBoard(app);
  app.enableShutdownHooks();
  return app;
}

/**
 * JSON bodies as Fastify reads them (prototype poisoning refused, 1 MiB), except that an empty one
 * is no body: curl with a JSON header and many HTTP clients send `Content-Type: application/json`
 * with nothing after it on actions such as launch, which Fastify's parser refuses with a 400
 * (FST_ERR_CTP_EMPTY_JSON_BODY). A route that needs a body still gets 400 naming the missing fields.
 * A body nested deeper than MAX_JSON_DEPTH is refused before it is parsed (see json-depth.ts).
 */
function useJsonBodies(app: NestFastifyApplication): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      const tooDeep = new Error(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
      return done(Object.assign(tooDeep, { statusCode: 400 }), undefined);
    }
    // Typed as a parser that may return a promise; the default one answers through `done` only.
    void parseJson(request, body as unknown as string, done);
  });
}

/**
 * Helmet's headers on every response but Twilio's webhooks (TwiML for Twilio,
 * never shown in a browser, and the hottest route). Built once: @fastify/helmet
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
      if (request.url.startsWith('/twilio/')) return done();
      headers(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
    });
}
