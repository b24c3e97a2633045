import { Transform } from 'class-transformer';
import { isISO8601, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isSaneDate } from '@app/common';

/**
 * The field may be left out. Unlike @IsOptional, a null is still validated: `"temperature": null`
 * is a 400 naming the field, not a null handed to a service or a NOT NULL column.
 * Fields where null means "clear it" use @IsOptional and say so.
 */
export const IsOmittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * An ISO 8601 date or date-time that JavaScript's Date can read, in the years 1970–9999.
 * @IsISO8601 alone also passes week and ordinal dates ("2026-W48-1"), which become an
 * Invalid Date, and years such as 0000 or -271821, which PostgreSQL refuses (a 500).
 */
export function IsDateTime(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateTime',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isISO8601(value) && isSaneDate(Date.parse(value)),
        defaultMessage: () =>
          `${propertyName} must be a date-time between 1970 and 9999, in ISO 8601 like 2026-11-23T09:00:00Z`,
      },
    });
}

/**
 * Trims a text before it is validated, so "   " fails @IsNotEmpty instead of being
 * stored and refused by Twilio (21602) for every recipient; what is stored is what is sent.
 */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A flag from a query string or JSON: true/'true'/'1' and false/'false'/'0'; anything else is left for @IsBoolean to refuse. */
export const ToBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === true || value === 'true' || value === '1'
      ? true
      : value === false || value === 'false' || value === '0'
        ? false
        : value,
  );
