import { DEFAULT_BUSINESS_ID } from '@app/common';
import { BUSINESS_NUMBER, Harness, newMessageSid, waitFor } from './support';

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
});
