import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

/** One access log line: what was asked of which route, and how it went. Nothing a request carried. */
export interface AccessLogEntry {
  reqId: string;
  method: string;
  /** The route template (`/api/messages/:sid`), never the URL: paths and queries carry numbers and ids. Null: no route (404). */
  route: string | null;
  statusCode: number;
  /** Milliseconds from the request's arrival to the end of the answer. */
  responseTime: number;
  /** The client's address as TRUST_PROXY lets us see it (what the rate limit and lockout key on). */
  ip: string;
}

export function accessLogEntry(request: FastifyRequest, reply: FastifyReply): AccessLogEntry {
  return {
    reqId: request.id,
    method: request.method,
    route: request.routeOptions.url ?? null,
    statusCode: reply.statusCode,
    responseTime: Math.round(reply.elapsedTime * 10) / 10,
    ip: request.ip,
  };
}

/**
 * The level of a request's access line: `info` for what someone did, `debug` for what a page asks by
 * itself over and over (it would drown the rest), `none` for what needs no line at all.
 */
export type AccessLogLevel = 'info' | 'debug' | 'none';

/**
 * One JSON line per answered request ("request completed"), from a Fastify onResponse hook on the
 * root instance, so every route gets one: Nest's controllers, Bull Board, the sandbox, 404s — at the
 * level `levelOf` gives it.
 *
 * Not pino-http's autoLogging: nestjs-pino mounts it as Nest middleware on `{/*splat}`, which
 * @fastify/middie prefixes to `/{/*splat}` — a pattern that matches `/` and nothing under it — so
 * under the built apps it logged no /api, /twilio or /metrics request at all, and only the routes of
 * plugin scopes (the board) got a line, with every response header (the board's set-cookie included).
 */
export function logRequests(
  fastify: FastifyInstance,
  levelOf: (request: FastifyRequest, reply: FastifyReply) => AccessLogLevel,
): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    logCompleted(request, reply, levelOf(request, reply));
    done();
  });
}

/**
 * The access line of one request. Called by the hook above, and by the routes that take the socket
 * over (reply.hijack(): the live event streams), which Fastify's response hooks never see, when
 * their answer ends: `responseTime` is then how long the stream was open.
 */
export function logCompleted(request: FastifyRequest, reply: FastifyReply, level: AccessLogLevel = 'info'): void {
  // PinoLogger.root is the pino instance nestjs-pino built from LoggingModule's options (level, redaction).
  if (level !== 'none') PinoLogger.root?.[level](accessLogEntry(request, reply), 'request completed');
}
