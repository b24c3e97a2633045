import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { DAY_PARAM, DAY_PARAM_PROBLEM, isDayParam } from '@app/messaging';
import { IsOmittable } from '../validators';

/** Which day an owner's view is of. */
export class OwnerDayQuery {
  @ApiPropertyOptional({
    type: String,
    pattern: DAY_PARAM.source,
    description: '`today` (default) or `tomorrow` in the business’s time zone (else DEFAULT_TIMEZONE), or a date.',
    example: 'tomorrow',
  })
  @IsOmittable()
  // A pattern alone would take 2026-02-30.
  @ValidateBy(
    {
      name: 'isDay',
      validator: { validate: (value: unknown) => typeof value === 'string' && isDayParam(value) },
    },
    { message: DAY_PARAM_PROBLEM },
  )
  date?: string;
}
