import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The JSON body of every error: Nest's HttpExceptions and ErrorFilter's own
 * (client errors from Fastify plugins, NUL text, database unavailable) share it.
 * Every 400 is in badRequest()'s shape: statusCode, error and a list of messages.
 */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 404 })
  statusCode: number;

  // Fastify's answers to a body it will not read (413, 415) come without it; every 400 has it.
  @ApiPropertyOptional({
    type: String,
    description: 'The status’s name; absent when Fastify refused the body before routing (413, 415).',
    example: 'Not Found',
  })
  error?: string;

  // A 400 lists its problems (badRequest()'s shape; ErrorFilter makes every other 400 one), except
  // Fastify's router's answer to a URL it cannot decode, sent before the app sees the request.
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description:
      'What went wrong. A 400 lists each problem, the most useful first, starting with the field name: one per field, and an unknown field close to a known one says which it may mean. A body that is not JSON is a 400 of this shape too ("request body is not valid JSON: …"). Only a URL Fastify’s router cannot decode (code FST_ERR_BAD_URL) gets a 400 with one string. Other statuses say one thing, as a string.',
    example: 'No message SM0123456789abcdef0123456789abcdef',
  })
  message: string | string[];

  @ApiPropertyOptional({
    type: String,
    description:
      'Fastify’s error code, on the errors it raises before routing (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH).',
    example: 'FST_ERR_BAD_URL',
  })
  code?: string;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'Only on 502s caused by Twilio: Twilio’s error code.',
    example: 20003,
  })
  twilioCode?: number | null;
}
