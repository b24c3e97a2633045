import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsOmittable } from './validators';

/**
 * Offset pagination for the admin lists. The offset has a ceiling because @IsInt
 * accepts 1e308, which PostgreSQL's OFFSET (a bigint) rejects with a 500.
 */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', description: 'Default 50.' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  // @Type(() => Number) reads an empty value as 0, and the document says so.
  @ApiPropertyOptional({
    description: 'Rows to skip; default 0 (also when empty).',
    anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 0 }],
  })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  offset?: number;
}
