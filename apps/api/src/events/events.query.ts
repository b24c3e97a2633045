import { IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '../admin/validators';

export class EventsQuery {
  /**
   * Where to resume, for a client that cannot send the Last-Event-ID header (a new EventSource
   * after a page load): the `id` of the last event it has. The header wins when both are sent.
   */
  @IsOmittable() @IsString() @MaxLength(64) lastEventId?: string;

  /**
   * The business to follow, by id or slug, for a client that cannot send X-Business-Id (a
   * browser's EventSource): the platform chooses any business; a business's key or session only its own.
   */
  @IsOmittable() @IsString() @MaxLength(64) business?: string;
}
