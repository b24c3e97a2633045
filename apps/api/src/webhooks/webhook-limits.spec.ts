import { BadRequestException } from '@nestjs/common';
import { checkWebhookFormSize, formFieldCount } from './webhook-limits';

/** The 400's message, or null when the form passes. */
function problem(form: unknown): string | null {
  try {
    checkWebhookFormSize(form);
    return null;
  } catch (error) {
    return String((error as BadRequestException).getResponse()['message' as keyof object]);
  }
}

describe('webhook limits', () => {
  it('counts form fields on the raw bytes', () => {
    expect(formFieldCount(Buffer.from(''))).toBe(0);
    expect(formFieldCount(Buffer.from('a=1'))).toBe(1);
    expect(formFieldCount(Buffer.from('a=1&b=2&&'))).toBe(4);
    // An escaped & is part of a value.
    expect(formFieldCount(Buffer.from('Body=fish%26chips'))).toBe(1);
  });

  it('names the first field past its size, and a repeated field', () => {
    expect(problem({ From: '+1'.padEnd(65, '5') })).toBe('From must be at most 64 characters');
    expect(problem({ Body: 'x'.repeat(2_001) })).toBe('Body must be at most 2000 characters');
    expect(problem({ Whatever: 'x'.repeat(2_049) })).toBe('Whatever must be at most 2048 characters');
    expect(problem({ Body: ['a', 'b'] })).toBe('Body must be a single text value');
    expect(problem({ Body: 'x'.repeat(2_000), From: '+15551230001' })).toBeNull();
    expect(problem(undefined)).toBeNull();
  });
});
