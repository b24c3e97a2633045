import fc from 'fast-check';
import { parseRecipients } from './recipient-list';

describe('parseRecipients', () => {
  it('reads pasted text: lines, commas, semicolons, formatted numbers', async () => {
    const list = await parseRecipients(
      '+1 (555) 123-4567\n555.123.4568; 555-123-4569,\n\n+15551234567\nnot a number',
      'US',
    );
    expect(list.counts).toEqual({ total: 5, valid: 3, invalid: 1, duplicates: 1 });
    expect(list.entries.map((e) => e.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'skipped_duplicate',
      'invalid',
    ]);
    expect(list.invalid).toEqual(['not a number']);
  });

  it('counts add up for any input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.stringMatching(/^\+1555\d{7}$/), fc.string({ maxLength: 12 })), { maxLength: 60 }),
        async (items) => {
          const { counts, entries } = await parseRecipients(items, 'US');
          expect(counts.valid + counts.invalid + counts.duplicates).toBe(counts.total);
          expect(entries.length).toBe(counts.total);
          const phones = entries.filter((e) => e.status === 'pending').map((e) => e.phone);
          expect(new Set(phones).size).toBe(phones.length);
        },
      ),
    );
  });
});

describe('parseRecipients on a long list', () => {
  it('lets other work run while it reads 5,000 numbers (it yields between chunks)', async () => {
    const numbers = Array.from({ length: 5_000 }, (_, i) => `+1415${String(2_000_000 + i)}`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const list = await parseRecipients(numbers, 'US');
    clearInterval(timer);
    expect(list.counts.valid).toBe(5_000);
    expect(ticks).toBeGreaterThan(0);
  });
});
