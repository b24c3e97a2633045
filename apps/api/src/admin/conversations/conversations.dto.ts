import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../page.query';
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

export class ConversationsQuery extends PageQuery {
  /** Part of a number (in any spelling: `(555) 012` finds +15550123…) or of the contact's name; blank: all. */
  @IsOmittable() @IsString() @MaxLength(100) search?: string;
}
