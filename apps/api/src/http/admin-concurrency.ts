import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const EVENTS_ROUTE = '/api/events';

/**
 * At most `max` admin requests are served at once by this process; the next one is
 * answered 429 with Retry-After at once. Without a cap, 2,000 concurrent list requests
 * queued on the database pool until its acquire timeout, and were answered 503
 * "database unavailable" while PostgreSQL was fine. Routes are recognised by their
 * template (so no spelling of a path slips past); health is not an admin request, and neither is
 * a live event stream (/api/events), which stays open for hours holding no database connection:
 * counted here, 32 open dashboards would refuse every other admin request. Streams have their
 * own cap (EVENTS_MAX_STREAMS_PER_BUSINESS).
 */
export function limitAdminConcurrency(app: NestFastifyApplication, max: number): void {
  let inFlight = 0;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const route = request.routeOptions.url;
      if (!route?.startsWith('/api/') || route.startsWith('/api/health') || route === EVENTS_ROUTE) return done();
      if (inFlight >= max) {
        void reply
          .code(429)
          .header('retry-after', '1')
          .send({ statusCode: 429, error: 'Too Many Requests', message: 'The admin API is busy; retry in a second' });
        return;
      }
      inFlight++;
      // 'close' comes once the answer is sent or the client went away, whichever is first.
      reply.raw.once('close', () => inFlight--);
      done();
    });
}
