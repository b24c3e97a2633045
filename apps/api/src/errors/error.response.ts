import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The JSON body of every error: Nest's HttpExceptions and ErrorFilter's own
 * (client errors from Fastify plugins, NUL text, database unavailable) share it.
 */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 404 })
  statusCode: number;

  // Fastify answers a body it cannot read (malformed JSON 400, 413, 415) before Nest, without it.
  @ApiPropertyOptional({
    type: String,
    description: 'The status’s name; absent when Fastify refused the body before routing (malformed JSON, 413, 415).',
    example: 'Not Found',
  })
  error?: string;

  // Validation failures (the ValidationPipe and badRequest()) list every problem; other errors say one thing.
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What went wrong; a 400 from validation lists each problem, starting with the field name.',
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
