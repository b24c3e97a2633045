import { badRequest } from '@app/messaging';
import { normalizePhone } from '@app/common';

export { badRequest };

/** What a phone number field that is not one gets told, naming the field. */
export function notAPhone(field: string, defaultCountry: string): string {
  return `${field} must be a phone number (E.164 like +15551234567, or national in ${defaultCountry})`;
}

/** The E.164 form of a phone number field, or a 400 naming the field. */
export function requirePhone(field: string, value: string, defaultCountry: string): string {
  const phone = normalizePhone(value, defaultCountry);
  if (!phone) throw badRequest(notAPhone(field, defaultCountry));
  return phone;
}
