import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { ValidationArguments } from 'class-validator';
import { parseQuietWindow } from '@app/common';
import { IsOmittable } from '../validators';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @Matches(HHMM, { message: 'start must be HH:MM (24h)' }) start: string;
  @Matches(HHMM, { message: 'end must be HH:MM (24h)' }) end: string;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(64) timezone?: string;
}

/**
 * A `quietHours` field: an object ({start, end, timezone?}) or the text QUIET_HOURS takes
 * ("21:00-08:00"), which becomes the same object, read by QUIET_HOURS's own parser so the two
 * never disagree. `nullable`: null is taken (PATCH, where it clears them).
 */
export function QuietHoursField({ nullable }: { nullable: boolean }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      oneOf: [{ $ref: getSchemaPath(QuietHoursDto) }, QUIET_HOURS_TEXT, ...(nullable ? [{ type: 'null' }] : [])],
      // Over what metadata.ts reads from the TypeScript type (QuietHoursDto, `| null`), which
      // would wrap the oneOf in an allOf of the object alone, then in an anyOf with null.
      type: Object,
      nullable: false,
    }),
    nullable ? IsOptional() : IsOmittable(),
    // Runs after @Type, which leaves a string as it is.
    Transform(({ value }: { value: unknown }) => fromText(value)),
    Type(() => QuietHoursDto),
    // The only message a value that is not an object gets (it would say "nested property
    // quietHours must be either object or array"), the text the parser refused included.
    ValidateNested({ message: notQuietHours }),
  );
}

/** The text form for the OpenAPI document: the shape parseQuietWindow reads. */
const QUIET_HOURS_TEXT = {
  type: 'string',
  pattern: '^\\s*([01]\\d|2[0-3]):[0-5]\\d\\s*-\\s*([01]\\d|2[0-3]):[0-5]\\d\\s*$',
  description: 'As QUIET_HOURS writes them: start-end in 24h time (start and end differ), with no timezone of its own.',
  example: '21:00-08:00',
};

/** A text the parser reads becomes a QuietHoursDto (validated as one); anything else is left for ValidateNested to refuse. */
function fromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  let window: ReturnType<typeof parseQuietWindow>;
  try {
    window = parseQuietWindow(value);
  } catch {
    return value;
  }
  return window ? Object.assign(new QuietHoursDto(), window) : value;
}

function notQuietHours({ property, value }: ValidationArguments): string {
  const object = 'an object {start, end, timezone?}';
  if (typeof value === 'string' && value.trim()) {
    try {
      parseQuietWindow(value);
    } catch (error) {
      // "quietHours must look like 21:00-08:00 (start and end differ), or be an object…"
      return `${property} ${(error as Error).message}, or be ${object}`;
    }
  }
  return `${property} must be ${object} or text like 21:00-08:00`;
}
