import twilio from 'twilio';
import { Harness, inboundForm, PUBLIC_BASE_URL, type Form } from './support';

/**
 * Twilio's webhooks are cheap to refuse (security issue, part 1): forms only, 64 KiB, at most 100
 * fields of Twilio's sizes, one HMAC for PUBLIC_BASE_URL + path, and a budget of bad signatures
 * per address. Each case names what the code before this change did.
 */
const CUSTOMER = '+15551230001';
const form = (body: string, extra: Form = {}) => inboundForm('AC' + 'a'.repeat(32), CUSTOMER, body, extra);

function post(h: Harness, payload: string, headers: Record<string, string>, remoteAddress?: string) {
  return h.api.inject({ method: 'POST', url: '/twilio/inbound', headers, payload, remoteAddress });
}

/** A form signed by Twilio's own function for the URL given (PUBLIC_BASE_URL + path unless told). */
function signed(h: Harness, fields: Form, url = `${PUBLIC_BASE_URL}/twilio/inbound`) {
  return {
    payload: new URLSearchParams(fields).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(h.twilio.authToken, url, fields),
    },
  };
}

describe('Twilio webhooks: what is refused before any work', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.truncate();
  });
  afterAll(() => h.close());

  it('refuses JSON with 415, however deep (was: parsed, 403, and 500 at 10,000 levels)', async () => {
    for (const payload of ['{"From":"+15551230001"}', '['.repeat(10_000) + ']'.repeat(10_000)]) {
      const res = await post(h, payload, { 'content-type': 'application/json', 'x-twilio-signature': 'x' });
      expect(res.statusCode).toBe(415);
    }
    const text = await post(h, 'Body=hi', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
  });

  it('takes a form with a charset, as Twilio may send it', async () => {
    const { payload, headers } = signed(h, form('hello'));
    const res = await post(h, payload, {
      ...headers,
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a body over 64 KiB with 413 (was: 1 MiB parsed, then 403)', async () => {
    const res = await post(h, `Body=${'x'.repeat(64 * 1024)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.statusCode).toBe(413);
  });

  it('refuses more than 100 fields before decoding them (was: 100,000 parsed, sorted and HMAC-ed, then 403)', async () => {
    const payload = Array.from({ length: 101 }, (_, i) => `F${i}=1`).join('&');
    const res = await post(h, payload, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toEqual([expect.stringMatching(/more than 100 fields/)]);
  });

  it('refuses fields longer than Twilio sends, naming them, even signed (was: a 3,000-character From → 500)', async () => {
    for (const [field, value] of [
      ['From', '+1' + '5'.repeat(2_998)],
      ['To', 'whatsapp:+' + '1'.repeat(60)],
      ['AccountSid', 'AC' + 'a'.repeat(63)],
      ['Body', 'x'.repeat(2_001)],
      ['MediaUrl0', 'https://media.example/' + 'a'.repeat(2_100)],
    ]) {
      const { payload, headers } = signed(h, form('hi', { [field]: value }));
      const res = await post(h, payload, headers);
      expect({ field, status: res.statusCode }).toEqual({ field, status: 400 });
      expect(String(res.json().message)).toContain(`${field} must be at most`);
    }
    const repeated = await post(h, 'Body=a&Body=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(repeated.statusCode).toBe(400);
    expect(await h.prisma.message.count({ where: { body: 'hi' } })).toBe(0);
  });

  it("accepts Twilio's largest message: a 1,600-character body and ten media URLs", async () => {
    const media = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        [`MediaUrl${i}`, `https://api.twilio.com/2010-04-01/Accounts/AC${'a'.repeat(32)}/Messages/MM${i}/Media/ME${i}`],
        [`MediaContentType${i}`, 'image/jpeg'],
      ]).flat(),
    ) as Form;
    const { payload, headers } = signed(h, form('é'.repeat(1_600), { NumMedia: '10', ...media }));
    const res = await post(h, payload, headers);
    expect(res.statusCode).toBe(200);
    expect(await h.prisma.message.findFirst({ where: { body: 'é'.repeat(1_600) } })).toMatchObject({ numMedia: 10 });
  });

  it('checks one URL: PUBLIC_BASE_URL + path (was: with and without :443, escaped, the legacy query: six HMACs)', async () => {
    const withPort = signed(h, form('port'), 'https://switchboard.test:443/twilio/inbound');
    expect((await post(h, withPort.payload, withPort.headers)).statusCode).toBe(403);
    const otherHost = signed(h, form('host'), 'https://attacker.example/twilio/inbound');
    const res = await post(h, otherHost.payload, { ...otherHost.headers, host: 'attacker.example' });
    expect(res.statusCode).toBe(403);
    const right = signed(h, form('right'));
    expect((await post(h, right.payload, right.headers)).statusCode).toBe(200);
  });
});

describe('Twilio webhooks without PUBLIC_BASE_URL', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { PUBLIC_BASE_URL: undefined, TRUST_PROXY: '1' } });
  });
  afterAll(() => h.close());

  it("never signs against the request's own Host or X-Forwarded-* (was: accepted)", async () => {
    const fields = form('forged');
    const { payload, headers } = signed(h, fields, 'https://attacker.example/twilio/inbound');
    const viaHost = await post(h, payload, { ...headers, host: 'attacker.example', 'x-forwarded-proto': 'https' });
    expect(viaHost.statusCode).toBe(403);
    const viaForwarded = await post(h, payload, {
      ...headers,
      'x-forwarded-host': 'attacker.example',
      'x-forwarded-proto': 'https',
    });
    expect(viaForwarded.statusCode).toBe(403);
    expect(await h.prisma.message.count({ where: { body: 'forged' } })).toBe(0);
  });
});

describe('Twilio webhooks: a budget of bad signatures per address', () => {
  let h: Harness;
  const ATTACKER = '203.0.113.7';
  const TWILIO = '54.172.60.1';

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { WEBHOOK_BAD_SIGNATURES_PER_MINUTE: '5' } });
    await h.truncate();
  });
  afterAll(() => h.close());

  it('refuses an address with 429 after 5 bad signatures a minute (was: no limit); valid ones never count', async () => {
    // Valid webhooks first, many more than the budget, from the address that will go wrong.
    for (let i = 0; i < 12; i++) {
      const { payload, headers } = signed(h, form(`valid ${i}`));
      expect((await post(h, payload, headers, ATTACKER)).statusCode).toBe(200);
    }
    const junk = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm9wZQ==' };
    for (let i = 0; i < 5; i++) expect((await post(h, 'Body=junk', junk, ATTACKER)).statusCode).toBe(403);
    const limited = await post(h, 'Body=junk', junk, ATTACKER);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Unsigned and oversized alike: refused before the body is looked at.
    expect((await post(h, 'x'.repeat(100_000), junk, ATTACKER)).statusCode).toBe(429);

    // Another address (Twilio's) is untouched, and its webhooks are stored.
    const { payload, headers } = signed(h, form('from twilio'));
    expect((await post(h, payload, headers, TWILIO)).statusCode).toBe(200);
    expect((await post(h, 'Body=junk', junk, TWILIO)).statusCode).toBe(403);
    expect(await h.prisma.message.count({ where: { direction: 'inbound', from: CUSTOMER } })).toBe(13);
    // The admin API is another surface: not behind this budget.
    expect((await h.admin('GET', '/api/health', undefined, null)).statusCode).toBe(200);
  });
});
