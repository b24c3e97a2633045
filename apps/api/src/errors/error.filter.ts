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
const CONNECTION_MESSAGE =
  /ECONNREFUSED|Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database|closed the connection|ConnectionClosed|DatabaseNotReachable/i;

/** The error and the errors it wraps (`cause`, and Prisma's `meta.driverAdapterError`). */
function* chain(error: unknown): Generator<{ code?: unknown; message?: unknown; kind?: unknown }> {
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length && seen < 8; seen++) {
    const e = queue.shift() as { cause?: unknown; meta?: { driverAdapterError?: unknown } } | undefined;
    if (!e || typeof e !== 'object') continue;
    yield e as { code?: unknown; message?: unknown; kind?: unknown };
    queue.push(e.cause, e.meta?.driverAdapterError);
  }
}

/** True when the error (or one it wraps) says PostgreSQL is unreachable, not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of chain(error)) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
    if (CONNECTION_MESSAGE.test(`${String(e.message)} ${String(e.kind)}`)) return true;
  }
  return false;
}

/** PostgreSQL refusing the text itself (a NUL byte): the client's input, not our failure. */
const INVALID_TEXT = /invalid byte sequence|unsupported Unicode escape|22021|22P05/;

function clientErrorStatus(exception: unknown): number | null {
  if (exception instanceof HttpException) return null;
  const status = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return status;
  for (const e of chain(exception)) {
    if (INVALID_TEXT.test(`${String(e.code)} ${String(e.message)}`)) return 400;
  }
  return null;
}

/**
 * Errors that are not our bugs get the status they deserve: client errors raised
 * by Fastify plugins (429 rate limit, ...) and text PostgreSQL refuses (NUL) are
 * 4xx; PostgreSQL being unreachable is 503 with Retry-After, so Twilio moves to
 * the number's fallback URL and clients retry. Everything else keeps Nest's usual
 * handling (HttpExceptions as they are, the rest 500).
 */
@Catch()
export class ErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const clientError = clientErrorStatus(exception);
    if (clientError) {
      // Fastify plugins (rate limit, body parsers) report client errors as plain errors with a statusCode.
      const e = (typeof (exception as { statusCode?: unknown }).statusCode === 'number'
        ? exception
        : { message: 'The request contains characters that cannot be stored (NUL)' }) as { error?: string; message?: string };
      host
        .switchToHttp()
        .getResponse<FastifyReply>()
        .status(clientError)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ statusCode: clientError, error: e.error ?? 'Bad Request', message: e.message ?? 'Bad request' }));
      return;
    }
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
