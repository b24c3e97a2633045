import { BadRequestException } from '@nestjs/common';

/** A 400 in the ValidationPipe's shape: a list of messages that start with the field name. */
export function badRequest(...messages: string[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: messages });
}
