import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsOmittable } from './validators';

/**
 * Offset pagination for the admin lists. The offset has a ceiling because @IsInt
 * accepts 1e308, which PostgreSQL's OFFSET (a bigint) rejects with a 500.
 */
export class PageQuery {
  @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOmittable() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000) offset?: number;
}
