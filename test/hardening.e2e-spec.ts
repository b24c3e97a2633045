import fc from 'fast-check';
import twilio from 'twilio';
import { ADMIN_KEY, Harness, PUBLIC_BASE_URL } from './support';

/** Random requests per property; `FUZZ_RUNS=20000 npx jest test/hardening` digs deeper. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

describe('bad input, everywhere', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { ADMIN_RATE_LIMIT_PER_MINUTE: '1000000' } });
    await h.truncate();
  });
  afterAll(() => h.close());

  it('sets security headers', async () => {
    const res = await h.admin('GET', '/api/health', undefined, null);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it.each(['/twilio/inbound', '/twilio/status', '/api/messages'])(
    'answers 413 for a body over 1 MiB on %s',
    async (url) => {
      const res = await h.api.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': ADMIN_KEY },
        payload: `Body=${'x'.repeat(1024 * 1024 + 10)}`,
      });
      expect(res.statusCode).toBe(413);
    },
  );

  it('answers 400 for text PostgreSQL cannot store (NUL), not 500', async () => {
    const res = await h.admin('POST', '/api/messages', { to: '+15557654321', body: 'a\u0000b' });
    expect(res.statusCode).toBe(400);
    expect(await h.prisma.message.count({ where: { body: { startsWith: 'a' } } })).toBe(0);
  });

  it('answers 415 or 400 for bodies it cannot parse, never 500', async () => {
    for (const [type, payload] of [
      ['application/json', '{"to":'],
      ['application/json', '[1,2'],
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', '%E0%A4%A'],
      ['application/xml', '<a/>'],
    ]) {
      for (const url of ['/twilio/inbound', '/twilio/status', '/api/messages', '/api/ai/config']) {
        const res = await h.api.inject({
          method: 'POST',
          url,
          headers: { 'content-type': type, 'x-api-key': ADMIN_KEY },
          payload,
        });
        expect({ url, type, status: res.statusCode < 500 }).toEqual({ url, type, status: true });
      }
    }
  });

  it('survives a few thousand random and malformed requests: no 5xx, nothing stored for rejected ones', async () => {
    const acceptedSids = new Set<string>();
    const junk = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.stringMatching(/^(whatsapp:)?\+?\d{0,16}$/),
    );
    const twilioForm = fc.record(
      {
        MessageSid: fc.oneof(fc.stringMatching(/^SM[0-9a-f]{32}$/), junk),
        // Past Twilio's sizes as well: a 3,000-character From was a 500 (index row too large).
        From: fc.oneof(junk, fc.string({ minLength: 60, maxLength: 3_000 })),
        To: junk,
        Body: fc.oneof(junk, fc.string({ minLength: 1_500, maxLength: 2_500 })),
        NumMedia: fc.oneof(fc.integer({ min: -2, max: 20 }).map(String), junk),
        MediaUrl0: junk,
        // Object.prototype's names as well: a status is looked up in a table.
        MessageStatus: fc.oneof(
          fc.constantFrom('queued', 'sent', 'delivered', 'failed', 'read', '__proto__', 'constructor', 'tostring'),
          junk,
        ),
        ErrorCode: fc.oneof(fc.integer().map(String), junk),
        ProfileName: junk,
      },
      { requiredKeys: [] },
    );
    const routes = ['/twilio/inbound', '/twilio/status'] as const;
    let requests = 0;

    // Signed forms reach the parser behind the signature check.
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), twilioForm, async (route, form) => {
        const params = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<
          string,
          string
        >;
        const signature = twilio.getExpectedTwilioSignature(h.twilio.authToken, `${PUBLIC_BASE_URL}${route}`, params);
        const res = await h.webhook(route, params, signature);
        requests++;
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode === 200 && params.MessageSid) acceptedSids.add(params.MessageSid);
      }),
      {
        numRuns: RUNS,
        // Found by a CI run (seed -798432746): a status named after Object.prototype's member was a 500.
        examples: [
          ['/twilio/status', { MessageSid: 'SM00aaa00a0a0aa00000a000aaa00a00a0', MessageStatus: '__proto__' }],
        ],
      },
    );

    // Unsigned or garbage bodies, any content type, every public route.
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/twilio/inbound', '/twilio/status', '/api/health', '/api/messages', '/nope'),
        fc.constantFrom('POST', 'GET', 'PUT', 'DELETE'),
        fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data'),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.option(fc.string({ maxLength: 40 })),
        async (url, method, type, payload, signature) => {
          const res = await h.api.inject({
            method: method as 'POST',
            url,
            headers: { 'content-type': type, ...(signature ? { 'x-twilio-signature': signature } : {}) },
            payload: method === 'GET' ? undefined : payload,
          });
          requests++;
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );

    expect(requests).toBe(2 * RUNS);
    const stored = await h.prisma.message.findMany({ select: { sid: true } });
    for (const { sid } of stored) expect(acceptedSids.has(sid!)).toBe(true);
    expect((await h.admin('GET', '/api/health', undefined, null)).statusCode).toBe(200);
  }, 120_000);
});

describe('admin API rate limit', () => {
  it('answers 429 past the limit, but never limits Twilio webhooks', async () => {
    const h = await Harness.start({ worker: false, env: { ADMIN_RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await h.admin('GET', '/api/messages')).statusCode);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      for (let i = 0; i < 10; i++) expect((await h.inbound('+15557654321', `hi ${i}`)).statusCode).toBe(200);
      expect((await h.admin('GET', '/api/health', undefined, null)).statusCode).toBe(200);
    } finally {
      await h.close();
    }
  });
});
