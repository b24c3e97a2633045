import { normalizePhone } from '@app/common';

export type RecipientEntryStatus = 'pending' | 'invalid' | 'skipped_duplicate';

export interface RecipientEntry {
  input: string;
  phone: string | null;
  status: RecipientEntryStatus;
}

export interface RecipientList {
  entries: RecipientEntry[];
  counts: { total: number; valid: number; invalid: number; duplicates: number };
  invalid: string[];
}

/**
 * Recipients as an array, or as pasted text: one per line, or separated by
 * commas or semicolons (a number itself may hold spaces, dashes, dots and
 * parentheses). Each becomes E.164 in the default country; repeats are kept as
 * `skipped_duplicate` and junk as `invalid`, so the user sees what was dropped.
 */
export function parseRecipients(input: string[] | string, defaultCountry: string): RecipientList {
  const raw = (Array.isArray(input) ? input : input.split(/[\n\r,;]+/)).map((s) => s.trim()).filter(Boolean);
  const seen = new Set<string>();
  const entries: RecipientEntry[] = [];
  const invalid: string[] = [];
  for (const item of raw) {
    const phone = normalizePhone(item, defaultCountry);
    if (!phone) {
      entries.push({ input: item, phone: null, status: 'invalid' });
      invalid.push(item);
    } else if (seen.has(phone)) {
      entries.push({ input: item, phone, status: 'skipped_duplicate' });
    } else {
      seen.add(phone);
      entries.push({ input: item, phone, status: 'pending' });
    }
  }
  return {
    entries,
    counts: {
      total: entries.length,
      valid: seen.size,
      invalid: invalid.length,
      duplicates: entries.length - seen.size - invalid.length,
    },
    invalid,
  };
}
