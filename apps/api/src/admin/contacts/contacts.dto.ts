import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../page.query';
import { IsOmittable, ToBoolean } from '../validators';

export class ListContactsQuery extends PageQuery {
  /** true: only opted-out contacts; false: only subscribed ones. */
  // A query value is text, and ToBoolean reads 1 and 0 too.
  @ApiPropertyOptional({ type: String, enum: ['true', 'false', '1', '0'] })
  @IsOmittable()
  @ToBoolean()
  @IsBoolean()
  optedOut?: boolean;
}

export class UpdateContactDto {
  /** IANA zone for this contact's quiet hours (campaigns, reminders); null: the campaign's or the default. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) timezone?: string | null;
  /** Opt out (or back in) by hand, e.g. for someone who asked by phone; recorded with source "api". */
  @IsOmittable() @IsBoolean() optedOut?: boolean;
}
