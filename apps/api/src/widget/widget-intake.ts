import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashApiKey, WIDGET_TOKEN } from '@app/common';
import { BusinessDirectory, type WidgetBusiness } from '@app/database';
import { AuthLockout, sendLockedOut } from '../auth/auth-lockout';
import { normalizePath } from '../auth/request-path';
import type { WidgetScopedRequest } from './widget-business.decorator';
import { WidgetRateLimiter } from './widget-rate-limiter';

/** The widget's API: everything under it takes X-Widget-Token and nothing else. */
export const WIDGET_API = '/api/widget/';
/** A chat message and its few fields; far below the admin's 1 MiB. */
export const WIDGET_BODY_LIMIT = 16 * 1024;

const ALLOWED_HEADERS = 'content-type, accept, x-widget-token';

/**
 * The widget API's door, before any body is read: the token (X-Widget-Token) must be a widget
 * token's shape and name a business (a cached lookup, BusinessDirectory; 401 otherwise, nothing
 * else touched), the business must be active (403) and within its per-minute budget (429). CORS
 * headers go only to an Origin the token's business allows. A preflight (OPTIONS) carries no
 * token, so it is answered for an origin some active business allows; the request that follows
 * is judged by its own business's origins, and the browser needs both to pass.
 * Must run before Nest registers its routes (the body limit is set as each route is added).
 */
export function guardWidgetIntake(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const directory = app.get(BusinessDirectory);
  const limiter = app.get(WidgetRateLimiter);
  const lockout = app.get(AuthLockout);
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith(WIDGET_API)) route.bodyLimit = WIDGET_BODY_LIMIT;
  });
  // No route of its own for OPTIONS: the preflight is answered here, for any widget API path.
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // By the route the router chose, or the path in one spelling: `/%61pi/widget/…` is the widget API too.
    if (!(request.routeOptions.url ?? normalizePath(request.url)).startsWith(WIDGET_API)) return;
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (request.method === 'OPTIONS') {
      if (origin && (await directory.isWidgetOrigin(origin))) allowOrigin(reply, origin, true);
      return reply.status(204).send();
    }
    const header = request.headers['x-widget-token'];
    const token = typeof header === 'string' && WIDGET_TOKEN.test(header) ? header : null;
    // A token of the right shape costs a lookup (a database query when it is not cached): an address
    // that keeps sending wrong ones is locked out like one guessing API keys (AuthLockout), before any lookup.
    if (token) {
      const locked = await lockout.retryAfter(request.ip);
      if (locked > 0) return sendLockedOut(reply, locked);
    }
    const business = token ? await directory.forWidgetToken(hashApiKey(token)) : null;
    if (!business) {
      const verdict = token ? await lockout.recordFailure(request.ip) : null;
      if (verdict?.wasLockedOut) return sendLockedOut(reply, verdict.retryAfter);
      return refuse(reply, 401, 'Unauthorized', 'Missing or invalid X-Widget-Token');
    }
    if (origin && business.allowedOrigins.includes(origin)) allowOrigin(reply, origin, false);
    if (business.status === 'suspended') return refuse(reply, 403, 'Forbidden', 'business suspended');
    const retryAfter = await limiter.token(business.id);
    if (retryAfter > 0) {
      reply.header('retry-after', String(retryAfter));
      return refuse(reply, 429, 'Too Many Requests', `Too many chat requests; retry in ${retryAfter} s`);
    }
    (request as WidgetScopedRequest).widgetBusiness = business satisfies WidgetBusiness;
  });
}

function allowOrigin(reply: FastifyReply, origin: string, preflight: boolean): void {
  reply.header('access-control-allow-origin', origin);
  if (preflight) {
    reply.header('access-control-allow-methods', 'GET, POST, DELETE');
    reply.header('access-control-allow-headers', ALLOWED_HEADERS);
    reply.header('access-control-max-age', '600');
  } else reply.header('access-control-expose-headers', 'retry-after');
}

function refuse(reply: FastifyReply, statusCode: number, error: string, message: string): FastifyReply {
  return reply.status(statusCode).send({ statusCode, error, message });
}
