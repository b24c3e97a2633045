import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply } from 'fastify';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND',
  // PostgreSQL: admin shutdown, cannot connect now, connection failures.
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006',
  // Prisma: cannot reach / timed out / connection closed.
  'P1001', 'P1002', 'P1017',
]);
const CONNECTION_MESSAGE = /ECONNREFUSED|Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database/i;

/** True when the error (or one it wraps) says PostgreSQL is unreachable, not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && CONNECTION_MESSAGE.test(e.message)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * PostgreSQL being unreachable is not our bug: answer 503 with Retry-After, so
 * Twilio moves to the number's fallback URL and clients retry. Everything else
 * keeps Nest's usual handling (HttpExceptions as they are, the rest 500).
 */
@Catch()
export class UnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof HttpException) && isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable: ${(exception as Error).message?.split('\n')[0]}`);
      const reply = host.switchToHttp().getResponse<FastifyReply>();
      reply
        .status(503)
        .header('retry-after', '5')
        // Explicitly JSON: the webhook routes set text/xml on the reply before they run.
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable; retry later' }));
      return;
    }
    super.catch(exception, host);
  }
}
