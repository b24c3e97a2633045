import { DEFAULT_BUSINESS_ID } from '@app/common';
import twilio from 'twilio';
import { BUSINESS_NUMBER, Harness, inboundForm, newMessageSid, PUBLIC_BASE_URL, waitFor } from './support';

/**
 * Inbound messages land in the business whose number was texted, and each business's data
 * stays its own: contacts and opt-outs, replies (from the number texted), and what the
 * admin API shows the default business.
 */
describe('businesses: inbound routing and isolation', () => {
  const ACME_NUMBER = '+15005550123';
  const CUSTOMER = '+15557654321';
  let h: Harness;
  let acme: string;

  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  beforeEach(async () => {
    await h.truncate();
    await h.prisma.business.deleteMany({ where: { id: { not: DEFAULT_BUSINESS_ID } } });
    acme = (
      await h.prisma.business.create({
        data: { name: 'Acme', slug: 'acme', numbers: { create: { channel: 'sms', address: ACME_NUMBER } } },
      })
    ).id;
    h.businessesChanged();
  });

  it("stores a text to a business's number in that business, and replies from that number", async () => {
    const res = await h.inbound(CUSTOMER, 'HELP', { To: ACME_NUMBER });
    expect(res.statusCode).toBe(200);
    await waitFor(() => h.twilio.sent.length >= 1, 'the reply at Twilio');
    expect(h.twilio.sent[0]).toMatchObject({ to: CUSTOMER, from: ACME_NUMBER });
    const messages = await h.prisma.message.findMany({ orderBy: { createdAt: 'asc' } });
    expect(messages.map((m) => [m.direction, m.businessId])).toEqual([
      ['inbound', acme],
      ['outbound', acme],
    ]);
    expect(await h.prisma.contact.findMany({ select: { businessId: true, phone: true } })).toEqual([
      { businessId: acme, phone: CUSTOMER },
    ]);
  });

  it("keeps a suspended business's texts (200, stored) without answering them", async () => {
    await h.prisma.business.update({ where: { id: acme }, data: { status: 'suspended' } });
    const res = await h.inbound(CUSTOMER, 'HELP', { To: ACME_NUMBER });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<Response');
    await h.settle();
    expect(h.twilio.sent).toEqual([]);
    expect(await h.prisma.message.findMany({ select: { direction: true, businessId: true } })).toEqual([
      { direction: 'inbound', businessId: acme },
    ]);
  });

  it('keeps contacts and opt-outs per business: STOP to one business does not silence the other', async () => {
    await h.inbound(CUSTOMER, 'STOP', { To: ACME_NUMBER });
    await h.inbound(CUSTOMER, 'HELP', { To: BUSINESS_NUMBER });
    await waitFor(() => h.twilio.sent.length >= 2, 'both replies at Twilio');
    const contacts = await h.prisma.contact.findMany({ orderBy: { businessId: 'asc' } });
    expect(contacts.map((c) => [c.businessId, c.optedOut])).toEqual(
      [
        [DEFAULT_BUSINESS_ID, false],
        [acme, true],
      ].sort(),
    );
    const help = h.twilio.sent.find((m) => m.from === BUSINESS_NUMBER);
    expect(help?.body).toMatch(/STOP to unsubscribe/);
  });

  it("never shows the default business another business's messages or contacts (404 for its ids)", async () => {
    const sid = newMessageSid();
    await h.inbound(CUSTOMER, 'hello acme', { To: ACME_NUMBER, MessageSid: sid });
    await h.settle();
    const stored = await h.prisma.message.findUniqueOrThrow({ where: { sid } });
    expect(stored.businessId).toBe(acme);

    expect((await h.admin('GET', '/api/messages')).json().items).toEqual([]);
    expect((await h.admin('GET', `/api/messages/${sid}`)).statusCode).toBe(404);
    expect((await h.admin('GET', `/api/messages/${stored.id}`)).statusCode).toBe(404);
    expect((await h.admin('POST', `/api/messages/${sid}/redact`)).statusCode).toBe(404);
    expect((await h.admin('DELETE', `/api/messages/${sid}`)).statusCode).toBe(404);
    expect((await h.admin('GET', '/api/conversations')).json().items).toEqual([]);
    expect((await h.admin('GET', `/api/conversations/${encodeURIComponent(CUSTOMER)}`)).json()).toMatchObject({
      messages: [],
    });
    expect((await h.admin('GET', '/api/contacts')).json().items).toEqual([]);
    expect((await h.admin('GET', `/api/contacts/${encodeURIComponent(CUSTOMER)}`)).statusCode).toBe(404);
    // Nothing of it was touched.
    expect(await h.prisma.message.findUniqueOrThrow({ where: { sid } })).toMatchObject({ body: 'hello acme' });
  });

  it("holds a business's campaign in its own quiet hours, in its own time zone, while another business's goes out", async () => {
    // Quiet from an hour ago to an hour from now, in Tokyo: whatever time this runs.
    const tokyo = (hours: number) =>
      new Date(Date.now() + hours * 3_600_000)
        .toLocaleTimeString('en-GB', { timeZone: 'Asia/Tokyo', hour12: false })
        .slice(0, 5);
    const patched = await h.admin('PATCH', '/api/businesses/acme', {
      timezone: 'Asia/Tokyo',
      quietHours: { start: tokyo(-1), end: tokyo(1) },
    });
    expect(patched.statusCode).toBe(200);
    const launch = async (business: string, to: string) => {
      const headers = { 'x-business-id': business };
      const created = await h.admin(
        'POST',
        '/api/campaigns',
        { name: 'N', body: 'Hi', recipients: [to] },
        undefined,
        headers,
      );
      expect(created.statusCode).toBe(201);
      const id = created.json().id;
      expect((await h.admin('POST', `/api/campaigns/${id}/launch`, undefined, undefined, headers)).statusCode).toBe(
        200,
      );
      return id;
    };
    const acmeCampaign = await launch('acme', '+15557654401');
    await launch('default', '+15557654402');
    await waitFor(() => h.twilio.sent.some((m) => m.to === '+15557654402'), "the default business's send");
    await h.settle();
    expect(h.twilio.sent.map((m) => m.to)).toEqual(['+15557654402']);
    const held = (
      await h.admin('GET', `/api/campaigns/${acmeCampaign}`, undefined, undefined, { 'x-business-id': 'acme' })
    ).json();
    expect(held).toMatchObject({ status: 'running', counters: { pending: 1 }, heldReason: 'quiet hours' });
  });

  describe('a business with a Twilio subaccount of its own', () => {
    const BETA_NUMBER = '+15005550177';
    const SUB = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'beta-subaccount-token-0123456789' };
    let beta: string;
    const signed = (token: string, path: '/twilio/inbound' | '/twilio/status', form: Record<string, string>) =>
      h.webhook(path, form, twilio.getExpectedTwilioSignature(token, `${PUBLIC_BASE_URL}${path}`, form));
    const betaInbound = (body: string, token = SUB.authToken, extra: Record<string, string> = {}) =>
      signed(token, '/twilio/inbound', inboundForm(SUB.accountSid, CUSTOMER, body, { To: BETA_NUMBER, ...extra }));

    beforeEach(async () => {
      h.twilio.addSubaccount(SUB.accountSid, SUB.authToken);
      const created = await h.admin('POST', '/api/businesses', {
        name: 'Beta',
        slug: 'beta',
        numbers: [{ channel: 'sms', address: BETA_NUMBER }],
        twilio: SUB,
      });
      expect(created.statusCode).toBe(201);
      beta = created.json().id;
    });

    it('checks its webhooks against its own token and answers through its own account, from its number', async () => {
      expect((await betaInbound('HELP')).statusCode).toBe(200);
      expect((await h.inbound(CUSTOMER, 'HELP', { To: ACME_NUMBER })).statusCode).toBe(200);
      await waitFor(() => h.twilio.sent.length >= 2, 'both replies at Twilio');
      // The Basic-auth account each reply was sent as, at the fake Twilio.
      const byFrom = Object.fromEntries(h.twilio.sent.map((m) => [m.from, m.accountSid]));
      expect(byFrom).toEqual({ [BETA_NUMBER]: SUB.accountSid, [ACME_NUMBER]: h.twilio.accountSid });
      const inbound = await h.prisma.message.findMany({ where: { direction: 'inbound' }, orderBy: { body: 'asc' } });
      expect(inbound.map((m) => m.businessId).sort()).toEqual([acme, beta].sort());
    });

    it("refuses (403) a webhook signed with another account's token, and stores nothing of it", async () => {
      // Its number, signed with the platform's token (what the other businesses' webhooks use).
      expect((await betaInbound('hi', h.twilio.authToken)).statusCode).toBe(403);
      // Another business's number, signed with the subaccount's token.
      const form = inboundForm(SUB.accountSid, CUSTOMER, 'hi', { To: ACME_NUMBER });
      expect((await signed(SUB.authToken, '/twilio/inbound', form)).statusCode).toBe(403);
      // A status callback naming the subaccount but signed with the platform's token.
      const status = { AccountSid: SUB.accountSid, MessageSid: newMessageSid(), MessageStatus: 'delivered' };
      expect((await signed(h.twilio.authToken, '/twilio/status', status)).statusCode).toBe(403);
      expect(await h.prisma.message.count()).toBe(0);
    });

    it("finds the business from AccountSid when the number is none of the businesses' (a Messaging Service number)", async () => {
      const res = await betaInbound('hello', SUB.authToken, { To: '+15005550188' });
      expect(res.statusCode).toBe(200);
      expect(await h.prisma.message.findFirstOrThrow()).toMatchObject({ businessId: beta, to: '+15005550188' });
    });

    it('sends API texts, campaigns and their status callbacks through its account, from its number by default', async () => {
      const asBeta = { 'x-business-id': 'beta' };
      const sent = await h.admin(
        'POST',
        '/api/messages',
        { to: CUSTOMER, body: 'Your table is ready' },
        undefined,
        asBeta,
      );
      expect(sent.statusCode).toBe(201);
      expect(sent.json()).toMatchObject({ from: BETA_NUMBER });
      const campaign = await h.admin(
        'POST',
        '/api/campaigns',
        { name: 'Spring', body: 'Spring sale', recipients: ['+15557654322'] },
        undefined,
        asBeta,
      );
      expect(campaign.statusCode).toBe(201);
      expect(campaign.json()).toMatchObject({ from: BETA_NUMBER });
      const launched = await h.admin(
        'POST',
        `/api/campaigns/${campaign.json().id}/launch`,
        undefined,
        undefined,
        asBeta,
      );
      expect(launched.statusCode).toBe(200);
      await waitFor(() => h.twilio.sent.length >= 2, 'both texts at Twilio');
      expect(h.twilio.sent.map((m) => [m.from, m.accountSid])).toEqual([
        [BETA_NUMBER, SUB.accountSid],
        [BETA_NUMBER, SUB.accountSid],
      ]);
      // Twilio's status callback comes signed with the subaccount's token: applied.
      const { sid } = h.twilio.sent.find((m) => m.to === CUSTOMER)!;
      const status = { AccountSid: SUB.accountSid, MessageSid: sid, MessageStatus: 'delivered' };
      expect((await signed(SUB.authToken, '/twilio/status', status)).statusCode).toBe(200);
      await waitFor(
        async () => (await h.prisma.message.findUnique({ where: { sid } }))?.status === 'delivered',
        'the delivered status',
      );
    });

    it('refuses a send for a business with nothing to send from (400 naming from)', async () => {
      const bare = await h.admin('POST', '/api/businesses', { name: 'Bare', slug: 'bare' });
      expect(bare.statusCode).toBe(201);
      const res = await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'hi' }, undefined, {
        'x-business-id': 'bare',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toEqual([expect.stringMatching(/^from is required: business bare has no sms number/)]);
      expect(h.twilio.sent).toEqual([]);
    });

    it("syncs each business's own history only: its subaccount's, or its numbers' in the platform account", async () => {
      h.twilio.addRemoteMessage({ from: CUSTOMER, to: ACME_NUMBER, body: 'to acme', direction: 'inbound' });
      h.twilio.addRemoteMessage({ from: CUSTOMER, to: BUSINESS_NUMBER, body: 'to default', direction: 'inbound' });
      const acmeSync = await h.admin('POST', '/api/messages/sync', {}, undefined, { 'x-business-id': 'acme' });
      expect(acmeSync.json()).toMatchObject({ fetched: 1, created: 1 });
      const betaSync = await h.admin('POST', '/api/messages/sync', {}, undefined, { 'x-business-id': 'beta' });
      expect(betaSync.json()).toMatchObject({ fetched: 0, created: 0 });
      const stored = await h.prisma.message.findMany({ select: { body: true, businessId: true } });
      expect(stored).toEqual([{ body: 'to acme', businessId: acme }]);
    });
  });
});

describe('businesses: the environment’s Messaging Service is the default business’s only', () => {
  const SERVICE = `MG${'1'.repeat(32)}`;
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: { TWILIO_MESSAGING_SERVICE_SID: SERVICE } });
    await h.truncate();
    await h.admin('POST', '/api/businesses', {
      name: 'Acme',
      slug: 'acme',
      numbers: [{ channel: 'sms', address: '+15005550123' }],
    });
  });
  afterAll(() => h.close());

  it('answers another business from the number texted, the default one through the service as before', async () => {
    await h.inbound('+15557654321', 'HELP', { To: '+15005550123' });
    await h.inbound('+15557654322', 'HELP');
    await waitFor(() => h.twilio.sent.length >= 2, 'both replies');
    const byTo = Object.fromEntries(h.twilio.sent.map((m) => [m.to, [m.from, m.messagingServiceSid]]));
    expect(byTo).toEqual({ '+15557654321': ['+15005550123', null], '+15557654322': [null, SERVICE] });
  });
});
