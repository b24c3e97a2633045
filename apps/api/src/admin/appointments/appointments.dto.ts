import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../page.query';
import { IsDateTime, IsOmittable, ToBoolean, Trim } from '../validators';

const STATUSES = ['booked', 'cancelled', 'completed', 'no_show'] as const;

export class CreateAppointmentDto {
  /** The customer: E.164 or national in DEFAULT_COUNTRY (a new number becomes a contact). */
  @IsString() @IsNotEmpty() @MaxLength(40) phone: string;
  /** In the future and within the opening hours (when set). */
  @IsDateTime() startsAt: string;
  /** Default: the business's slot length (60 without opening hours). */
  @IsOmittable() @IsInt() @Min(5) @Max(1440) durationMinutes?: number;
  @IsOmittable() @IsBoolean() isEmergency?: boolean;
  @IsOmittable() @Trim() @IsString() @MaxLength(200) service?: string;
  @IsOmittable() @Trim() @IsString() @MaxLength(2000) notes?: string;
  @IsOmittable() @Trim() @IsString() @MaxLength(500) address?: string;
}

export class UpdateAppointmentDto {
  /** Reschedule: the same rules as booking. */
  @IsOmittable() @IsDateTime() startsAt?: string;
  @IsOmittable() @IsInt() @Min(5) @Max(1440) durationMinutes?: number;
  /** cancelled, completed, no_show; booked again re-checks the time. */
  @IsOmittable() @IsIn(STATUSES) status?: (typeof STATUSES)[number];
  @IsOmittable() @IsBoolean() isEmergency?: boolean;
  /** null clears it. */
  @IsOptional() @Trim() @IsString() @MaxLength(200) service?: string | null;
  @IsOptional() @Trim() @IsString() @MaxLength(2000) notes?: string | null;
  @IsOptional() @Trim() @IsString() @MaxLength(500) address?: string | null;
}

export class ListAppointmentsQuery extends PageQuery {
  /** The customer's number (E.164 or national). */
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) contact?: string;
  /** Starting at or after this moment. */
  @IsOmittable() @IsDateTime() from?: string;
  /** Starting before this moment. */
  @IsOmittable() @IsDateTime() to?: string;
  @IsOmittable() @IsIn(STATUSES) status?: (typeof STATUSES)[number];
  /** Only emergencies (true) or only the rest (false). */
  @IsOmittable() @ToBoolean() @IsBoolean() emergency?: boolean;
}
