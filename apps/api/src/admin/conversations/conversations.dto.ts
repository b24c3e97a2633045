import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '../validators';

export class ThreadQuery {
  @IsOmittable() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ type: 'integer' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
