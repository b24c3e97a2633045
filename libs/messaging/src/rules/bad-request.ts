import { BadRequestException } from '@nestjs/common';

/**
 * The body of every 400 the API answers: the ValidationPipe's, badRequest()'s, a body that is
 * not JSON, and any other 400 (the error filter reshapes those), so a client reads one shape.
 */
export interface BadRequestBody {
  statusCode: 400;
  error: 'Bad Request';
  /** Each problem, most useful first, starting with the field name where there is one. */
  message: string[];
}

export function badRequestBody(messages: string[]): BadRequestBody {
  return { statusCode: 400, error: 'Bad Request', message: messages };
}

/** A 400 in that shape: a list of messages that start with the field name. */
export function badRequest(...messages: string[]): BadRequestException {
  return new BadRequestException(badRequestBody(messages));
}
