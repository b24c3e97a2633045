import { PageQuery } from '../page.query';
import { IsDateTime, IsOmittable } from '../validators';

export class ListEmergenciesQuery extends PageQuery {
  /** Raised at or after this moment (ISO 8601). */
  @IsOmittable() @IsDateTime() from?: string;
  /** Raised before this moment (ISO 8601). */
  @IsOmittable() @IsDateTime() to?: string;
}
