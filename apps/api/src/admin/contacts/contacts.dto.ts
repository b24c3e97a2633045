import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../page.query';
import { IsOmittable, ToBoolean, Trim } from '../validators';

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
  /** The business's small CRM (null clears a field). */
  @IsOptional() @Trim() @IsString() @MaxLength(200) name?: string | null;
  @IsOptional() @Trim() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(320) email?:
    string | null;
  @IsOptional() @Trim() @IsString() @MaxLength(500) address?: string | null;
  @IsOptional() @IsString() @MaxLength(4000) notes?: string | null;
  /** Replaces the tags; each 1–50 characters, at most 50. */
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];
}
