import fc from 'fast-check';
import { BUSINESS_NUMBER, Harness, waitFor } from './support';

/**
 * What reaches Twilio is what the operator asked for: any storable body (emoji, other
 * scripts, inner whitespace, 1,600 characters) arrives as written (trimmed at the ends), and a number in any
 * accepted form arrives in E.164, with `whatsapp:` on both ends for WhatsApp. Through
 * the real path: API → database → queue → worker → Twilio SDK → the fake Twilio.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

const body = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 160 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
    fc.constantFrom(
      'Zażółć gęślą jaźń',
      'こんにちは 👋🏽',
      '  padded  ',
      'line\nbreak\r\nand\ttab',
      '€[]{}~^|\\',
      'x'.repeat(1600),
    ),
  )
  .filter((b) => b.trim().length > 0 && !b.includes('\u0000'));
const subscriber = fc.integer({ min: 2_000_000, max: 9_999_999 });
const written = fc.constantFrom(
  (n: number) => `+1415${n}`,
  (n: number) => `(415) ${String(n).slice(0, 3)}-${String(n).slice(3)}`,
  (n: number) => `415.${String(n).slice(0, 3)}.${String(n).slice(3)}`,
  (n: number) => `+1 415 ${n}`,
);

describe('sends as written: the text and the number that reach Twilio', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: { DEFAULT_COUNTRY: 'US', SEND_RATE_PER_SECOND: '0' } });
    await h.truncate();
  });
  afterAll(() => h.close());

  it('sends any valid body as written, to the number in E.164, on SMS and WhatsApp', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        subscriber,
        written,
        fc.constantFrom('sms', 'whatsapp'),
        async (text, n, write, channel) => {
          // Free text reaches a WhatsApp contact only within 24 hours of its last message: it writes first
          // (its reply settled before counting).
          if (channel === 'whatsapp') {
            await h.inbound(`whatsapp:+1415${n}`, 'hi', { To: `whatsapp:${BUSINESS_NUMBER}` });
            await h.settle();
          }
          const before = h.twilio.sent.length;
          const res = await h.admin('POST', '/api/messages', { to: write(n), body: text, channel });
          expect(res.statusCode).toBe(201);
          await waitFor(() => h.twilio.sent.length > before, 'the send at Twilio');
          const sent = h.twilio.sent[before];
          const prefix = channel === 'whatsapp' ? 'whatsapp:' : '';
          expect(sent.body).toBe(text.trim());
          expect(sent.to).toBe(`${prefix}+1415${n}`);
          expect(sent.from).toBe(`${prefix}${BUSINESS_NUMBER}`);
          const stored = (await h.admin('GET', `/api/messages/${res.json().id}`)).json();
          expect(stored).toMatchObject({ body: text.trim(), to: `+1415${n}`, channel });
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('sends a campaign’s body as written to numbers pasted in any accepted form', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.uniqueArray(subscriber, { minLength: 1, maxLength: 4 }),
        written,
        async (text, subscribers, write) => {
          const before = h.twilio.sent.length;
          const created = await h.admin('POST', '/api/campaigns', {
            name: 'Fidelity',
            body: text,
            recipients: subscribers.map(write).join('\n'),
          });
          expect(created.statusCode).toBe(201);
          await h.admin('POST', `/api/campaigns/${created.json().id}/launch`);
          await waitFor(() => h.twilio.sent.length === before + subscribers.length, 'the campaign’s sends');
          const sent = h.twilio.sent.slice(before);
          expect(sent.map((m) => m.body)).toEqual(subscribers.map(() => text.trim()));
          expect(sent.map((m) => m.to).sort()).toEqual(subscribers.map((n) => `+1415${n}`).sort());
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  }, 120_000);
});

describe('an operator text longer than MAX_REPLY_LENGTH', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { MAX_REPLY_LENGTH: '20' } });
    await h.truncate();
  });
  afterAll(() => h.close());

  it('is refused with 400, not cut unseen; one that fits after trimming is stored trimmed', async () => {
    const long = await h.admin('POST', '/api/messages', { to: '+14155550123', body: 'x'.repeat(21) });
    expect(long.statusCode).toBe(400);
    expect(long.json().message).toEqual(['body must be at most 20 characters (MAX_REPLY_LENGTH)']);
    expect(await h.prisma.message.count()).toBe(0);
    const fits = await h.admin('POST', '/api/messages', { to: '+14155550123', body: `  ${'y'.repeat(20)}\n` });
    expect(fits.statusCode).toBe(201);
    expect(fits.json().body).toBe('y'.repeat(20));
  });
});
