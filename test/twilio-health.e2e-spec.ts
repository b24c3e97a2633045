import { randomBytes } from 'node:crypto';
import { newApiKey } from '@app/common';
import { ADMIN_KEY, Harness } from './support';

/**
 * Issue 21: GET /api/health/twilio — whether a business's Twilio account works, asked of Twilio
 * (the fake, through the real SDK) with the business's own credentials, at most once a minute per
 * account, and recorded in the metrics.
 */
describe('Twilio account health', () => {
  let h: Harness;
  /** A subaccount of its own per test: answers are kept a minute per account and token. */
  let SUB: { accountSid: string; authToken: string };

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.truncate();
    SUB = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') };
    h.twilio.addSubaccount(SUB.accountSid, SUB.authToken);
  });

  const check = (business?: string, key: string | null = ADMIN_KEY) =>
    h.admin('GET', '/api/health/twilio', undefined, key, business ? { 'x-business-id': business } : {});
  const accountFetches = (sid: string) =>
    h.twilio.requests.filter((r) => r.method === 'GET' && r.path === `/2010-04-01/Accounts/${sid}.json`);
  async function acme(authToken = SUB.authToken) {
    const res = await h.admin('POST', '/api/businesses', {
      name: 'Acme',
      slug: `acme-${Math.random().toString(36).slice(2, 8)}`,
      twilio: { accountSid: SUB.accountSid, authToken },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ slug: string }>().slug;
  }

  it('checks the platform account once a minute, however often it is asked', async () => {
    const first = await check();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      business: 'default',
      ok: true,
      mode: 'live',
      accountSid: h.twilio.accountSid,
      status: 'active',
      error: null,
      cached: false,
    });
    const again = await Promise.all([check(), check(), check()]);
    expect(again.map((r) => r.json().cached)).toEqual([true, true, true]);
    expect(accountFetches(h.twilio.accountSid)).toHaveLength(1);
  });

  it('checks a business’s own subaccount with its token; suspended, or a refused token, is a 503 saying so', async () => {
    const slug = await acme();
    h.twilio.setAccountStatus(SUB.accountSid, 'suspended');
    const suspended = await check(slug);
    expect(suspended.statusCode).toBe(503);
    expect(suspended.json()).toMatchObject({
      business: slug,
      ok: false,
      accountSid: SUB.accountSid,
      status: 'suspended',
      error: 'the account is suspended',
    });
    const fetched = accountFetches(SUB.accountSid);
    expect(fetched).toHaveLength(1);

    const metrics = await h.api.inject({ method: 'GET', url: '/metrics', headers: { 'x-api-key': ADMIN_KEY } });
    expect(metrics.body).toContain(`switchboard_twilio_account_up{business="${slug}"} 0`);
  });

  it('names credentials Twilio refuses, never showing them', async () => {
    const wrong = 'not-the-subaccount-token-987654321';
    const slug = await acme(wrong);
    const res = await check(slug);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ ok: false, status: null, error: 'Twilio refused the credentials (20003)' });
    expect(res.body).not.toContain(wrong);
  });

  it('answers within its own timeout when Twilio is slow', async () => {
    const slug = await acme();
    h.twilio.latencyMs = 4_000;
    const started = Date.now();
    const res = await check(slug);
    expect(Date.now() - started).toBeLessThan(3_800);
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toBe('Twilio did not answer within 3 s');
  }, 10_000);

  it('needs a key; a business key checks its own business only', async () => {
    expect((await check(undefined, null)).statusCode).toBe(401);
    const slug = await acme();
    const { key, prefix, hash } = newApiKey();
    const business = await h.prisma.business.findUniqueOrThrow({ where: { slug } });
    await h.prisma.apiKey.create({ data: { businessId: business.id, name: 'k', prefix, keyHash: hash } });
    const own = await check(undefined, key);
    expect(own.json()).toMatchObject({ business: slug, accountSid: SUB.accountSid });
    expect((await check('default', key)).statusCode).toBe(403);
    expect((await check('no-such-business')).statusCode).toBe(404);
  });
});
