import { IsIn } from 'class-validator';
import type { CallOutcome } from '@app/database';
import { PageQuery } from '../page.query';
import { IsOmittable } from '../validators';

export const CALL_OUTCOMES: readonly CallOutcome[] = ['booked', 'emergency', 'info', 'abandoned'];

export class ListCallsQuery extends PageQuery {
  /** Only calls that ended so. */
  @IsOmittable()
  @IsIn(CALL_OUTCOMES, { message: `outcome must be one of: ${CALL_OUTCOMES.join(', ')}` })
  outcome?: CallOutcome;
}
