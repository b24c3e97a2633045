import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { errorChain, isDatabaseUnavailable } from '@app/database';
import { badRequestBody } from '@app/messaging';

/** PostgreSQL refusing the text itself (a NUL byte): the client's input, not our failure. */
const INVALID_TEXT = /invalid byte sequence|unsupported Unicode escape|22021|22P05/;

function clientErrorStatus(exception: unknown): number | null {
  if (exception instanceof HttpException) return null;
  const status = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return status;
  for (const e of errorChain(exception)) {
    if (INVALID_TEXT.test(`${String(e.code)} ${String(e.message)}`)) return 400;
  }
  return null;
}

/** The messages of an HttpException's body, as a list: `"x"` and `{message: "x"}` become `["x"]`. */
function messagesOf(response: string | object): string[] {
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String);
  return [typeof message === 'string' ? message : 'Bad request'];
}

/**
 * Errors that are not our bugs get the status they deserve: client errors raised
 * by Fastify plugins (429 rate limit, ...) and text PostgreSQL refuses (NUL) are
 * 4xx; PostgreSQL being unreachable is 503 with Retry-After, so Twilio moves to
 * the number's fallback URL and clients retry. Every 400 leaves in badRequest()'s
 * shape (`message` a list), whoever raised it: Nest's own pipes and Fastify's
 * parsers say one thing as a string, and clients should not need two readers.
 * Everything else keeps Nest's usual handling (HttpExceptions as they are, the rest 500).
 */
@Catch()
export class ErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const clientError = clientErrorStatus(exception);
    if (clientError) {
      // Fastify plugins (rate limit, body parsers) report client errors as plain errors with a statusCode.
      const e = (
        typeof (exception as { statusCode?: unknown }).statusCode === 'number'
          ? exception
          : { message: 'The request contains characters that cannot be stored (NUL)' }
      ) as { error?: string; message?: string };
      const message = e.message ?? 'Bad request';
      sendJson(
        reply,
        clientError,
        clientError === 400
          ? badRequestBody([message])
          : { statusCode: clientError, error: e.error ?? 'Bad Request', message },
      );
      return;
    }
    // (Once the answer has gone out, Nest's handling only ends the response.)
    if (exception instanceof HttpException && exception.getStatus() === 400 && !reply.sent) {
      sendJson(reply, 400, badRequestBody(messagesOf(exception.getResponse())));
      return;
    }
    if (!(exception instanceof HttpException) && isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable: ${(exception as Error).message?.split('\n')[0]}`);
      reply.header('retry-after', '5');
      sendJson(reply, 503, {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable; retry later',
      });
      return;
    }
    super.catch(exception, host);
  }
}

/** Explicitly JSON: the webhook routes set text/xml on the reply before they run. */
function sendJson(reply: FastifyReply, status: number, body: object): void {
  reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
