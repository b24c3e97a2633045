import { DateTime } from 'luxon';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { ALERT_COOLDOWN_MS, EmergencyService, ReplyService } from '@app/messaging';
import { BUSINESS_NUMBER, Harness, waitFor } from './support';

const NY = 'America/New_York';
const CUSTOMER = '+15557654321';
const OWNER = '+15557770000';
const SAFETY = 'If anyone is in danger, call 911 now.';

/**
 * Emergencies (issue 15, item 5), end to end: signed webhook → reply job → the emergency hook over
 * PostgreSQL → the customer's reply and the owner's alert at the fake Twilio.
 */
describe('emergencies', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.truncate();
    const res = await h.admin('PATCH', '/api/businesses/default', {
      name: 'Acme Plumbing',
      timezone: NY,
      ownerPhone: OWNER,
      bookingEnabled: true,
    });
    expect(res.statusCode).toBe(200);
    h.businessesChanged();
  });

  const textsTo = (to: string) => h.twilio.sent.filter((m) => m.to === to);
  const alerts = () => h.prisma.message.findMany({ where: { source: 'owner_alert' }, orderBy: { createdAt: 'asc' } });

  /** Texts the business (from `from`, to `to`) and waits for the reply to be stored and settled. */
  async function text(body: string, from = CUSTOMER, to = BUSINESS_NUMBER) {
    const sid = `SM${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`;
    expect((await h.inbound(from, body, { To: to, MessageSid: sid, SmsSid: sid, SmsMessageSid: sid })).statusCode).toBe(
      200,
    );
    const inbound = (await waitFor(
      () => h.prisma.message.findUnique({ where: { sid } }),
      `the inbound "${body}" to be stored`,
    ))!;
    const reply = await waitFor(async () => {
      const found = await h.prisma.message.findFirst({ where: { replyToId: inbound.id } });
      return found && found.status !== 'pending' && found.status !== 'submitting' ? found : null;
    }, `the reply to "${body}"`);
    return { inbound, reply: reply! };
  }

  it('texts the owner once, inside quiet hours too, and answers the customer with the safety line first', async () => {
    // Quiet hours around now, in the business's zone: they hold campaigns back, never an alert.
    const hour = DateTime.now().setZone(NY).hour;
    const hh = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    expect(
      (await h.admin('PATCH', '/api/businesses/default', { quietHours: `${hh(hour - 1)}-${hh(hour + 2)}` })).statusCode,
    ).toBe(200);
    h.businessesChanged();

    const { inbound, reply } = await text('BURST PIPE!! water everywhere');
    expect(reply.body).toBe(
      `${SAFETY} We've alerted Acme Plumbing and someone will contact you shortly. Reply BOOK to book a visit.`,
    );
    await waitFor(() => textsTo(OWNER).length === 1, 'the owner alert');
    const [alert] = textsTo(OWNER);
    expect(alert.from).toBe(BUSINESS_NUMBER);
    expect(alert.body).toBe(
      `EMERGENCY for Acme Plumbing. Customer ${CUSTOMER}: "BURST PIPE!! water everywhere" (keyword: burst pipe). ` +
        'No appointment booked: call them back.',
    );
    const [recorded] = await h.prisma.emergency.findMany();
    expect(recorded).toMatchObject({ inboundMessageId: inbound.id, appointmentId: null });

    // A retried reply job (its reply lost before it was written) and two workers raising at once.
    await h.prisma.message.delete({ where: { id: reply.id } });
    await h.worker!.get(ReplyService).replyTo(inbound.id, false);
    const again = { businessId: DEFAULT_BUSINESS_ID, channel: 'sms' as const, customerPhone: CUSTOMER };
    const raised = await Promise.all(
      [h.api, h.worker!].map((app) =>
        app.get(EmergencyService).raise({ ...again, summary: 'burst pipe', inboundMessageId: inbound.id }),
      ),
    );
    expect(raised).toEqual([
      { safetyLine: SAFETY, alerted: true, appointmentId: null },
      { safetyLine: SAFETY, alerted: true, appointmentId: null },
    ]);
    await h.settle();
    expect(await alerts()).toHaveLength(1);
    expect(textsTo(OWNER)).toHaveLength(1);
    expect(await h.prisma.emergency.count()).toBe(1);
    expect(textsTo(CUSTOMER).map((m) => m.body.startsWith(SAFETY))).toEqual([true, true]);
  });

  it('texts the owner once per customer per quarter hour: more panicked texts are recorded under the same alert', async () => {
    const first = await text('Gas leak in the kitchen');
    const second = await text('Smell gas everywhere, please hurry');
    expect(second.reply.body).toMatch(new RegExp(`^${SAFETY} We've alerted Acme Plumbing`));
    await waitFor(() => textsTo(OWNER).length === 1, 'the owner alert');
    const emergencies = await h.prisma.emergency.findMany({ orderBy: { createdAt: 'asc' } });
    expect(emergencies.map((e) => e.inboundMessageId)).toEqual([first.inbound.id, second.inbound.id]);
    expect(new Set(emergencies.map((e) => e.ownerMessageId)).size).toBe(1);
    // Another customer is alerted about at once; the first one again once the quarter hour is over.
    await text('Sewage backing up', '+15557650001');
    await waitFor(() => textsTo(OWNER).length === 2, "the second customer's alert");
    h.setClockOffset(ALERT_COOLDOWN_MS + 1_000);
    try {
      await text('Still smell gas', CUSTOMER);
      await waitFor(() => textsTo(OWNER).length === 3, 'a new alert after the cooldown');
    } finally {
      h.setClockOffset(0);
    }
    expect((await alerts()).map((m) => m.to)).toEqual([OWNER, OWNER, OWNER]);
  });

  it('marks the customer’s next booked appointment isEmergency and names its time to the owner', async () => {
    const allDay = [{ start: '00:00', end: '23:59' }];
    const weeklyHours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]));
    expect((await h.admin('PUT', '/api/availability', { weeklyHours })).statusCode).toBe(200);
    const startsAt = DateTime.now()
      .setZone(NY)
      .plus({ days: 2 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const later = startsAt.plus({ days: 1 });
    for (const at of [later, startsAt]) {
      const res = await h.admin('POST', '/api/appointments', { phone: CUSTOMER, startsAt: at.toISO() });
      expect(res.statusCode).toBe(201);
    }

    const { reply } = await text('my basement is flooding');
    expect(reply.body).toBe(
      `${SAFETY} We've alerted Acme Plumbing and someone will contact you shortly. Your upcoming appointment is marked urgent.`,
    );
    const marked = await h.prisma.appointment.findMany({ orderBy: { startsAt: 'asc' } });
    expect(marked.map((a) => a.isEmergency)).toEqual([true, false]);
    await waitFor(() => textsTo(OWNER).length === 1, 'the owner alert');
    expect(textsTo(OWNER)[0].body).toContain(
      `Their appointment on ${startsAt.toFormat("ccc d LLL 'at' h:mm a")} is marked emergency.`,
    );
    const list = (await h.admin('GET', '/api/emergencies')).json();
    expect(list.items).toEqual([
      expect.objectContaining({
        contact: { phone: CUSTOMER, name: null },
        appointment: { id: marked[0].id, startsAt: startsAt.toISO() },
        ownerAlert: { messageId: expect.any(String), status: expect.any(String) },
      }),
    ]);

    // The summary counts the customer's emergency once: the appointment it marked and a second text are the same one.
    await text('still flooding, please hurry');
    expect((await h.admin('GET', '/api/owner/summary')).json().emergencies).toBe(1);
    expect(await h.prisma.emergency.count()).toBe(2);
    // Another customer's lead, and an emergency appointment booked through the API: one each.
    await text('sparks from the outlet', '+15557650009');
    const booked = await h.admin('POST', '/api/appointments', {
      phone: '+15557650010',
      startsAt: later.plus({ hours: 2 }).toISO(),
      isEmergency: true,
    });
    expect(booked.statusCode).toBe(201);
    expect((await h.admin('GET', '/api/owner/summary')).json().emergencies).toBe(3);
  });

  it('keeps STOP an opt-out mid-conversation; an opted-out customer’s emergency alerts the owner, their reply is suppressed', async () => {
    await text('smell gas in the kitchen');
    const { reply: stop } = await text('STOP');
    expect(stop.source).toBe('keyword');
    expect((await h.prisma.contact.findFirstOrThrow({ where: { phone: CUSTOMER } })).optedOut).toBe(true);
    expect(await h.prisma.emergency.count()).toBe(1);

    const { reply } = await text('gas leak now');
    expect(reply.status).toBe('suppressed');
    // Recorded under the alert of ten seconds ago (one text per customer per quarter hour).
    expect(await h.prisma.emergency.count()).toBe(2);
    await h.settle();
    expect(textsTo(OWNER)).toHaveLength(1);
    expect(textsTo(CUSTOMER)).toHaveLength(2); // the first safety reply and the STOP confirmation only
  });

  it('stores the alert `suppressed` when the owner’s own number opted out', async () => {
    await h.prisma.contact.create({ data: { businessId: DEFAULT_BUSINESS_ID, phone: OWNER, optedOut: true } });
    const { reply } = await text('Fire in the breaker box');
    expect(reply.body.startsWith(SAFETY)).toBe(true);
    await waitFor(async () => (await alerts())[0]?.status === 'suppressed', 'the alert to be suppressed');
    expect(textsTo(OWNER)).toHaveLength(0);
  });

  it('uses the business’s own keywords and safety line, set on PATCH /api/businesses', async () => {
    const res = await h.admin('PATCH', '/api/businesses/default', {
      emergencyKeywords: ['Roof Leak', 'roof-leak', 'tree on house'],
      safetyLine: 'Stay away from the damage.',
    });
    expect(res.statusCode).toBe(200);
    // "roof-leak" is "Roof Leak" as the matcher reads it: kept once.
    expect(res.json()).toMatchObject({
      emergencyKeywords: ['Roof Leak', 'tree on house'],
      safetyLine: 'Stay away from the damage.',
    });
    h.businessesChanged();

    const { reply: routine } = await text('burst pipe'); // not on its list any more
    expect(routine.body.startsWith(SAFETY)).toBe(false);
    const { reply } = await text('ROOF LEAK!!');
    expect(reply.body).toMatch(/^Stay away from the damage\. We've alerted Acme Plumbing/);
    await waitFor(() => textsTo(OWNER).length === 1, 'the owner alert');
    expect(textsTo(OWNER)[0].body).toContain('(keyword: Roof Leak)');

    // null and [] bring the defaults back.
    const reset = await h.admin('PATCH', '/api/businesses/default', { emergencyKeywords: [], safetyLine: null });
    expect(reset.json()).toMatchObject({ emergencyKeywords: [], safetyLine: null });
  });

  it('records an emergency without an ownerPhone (not alerted), and none for a business that does not book by text', async () => {
    await h.admin('PATCH', '/api/businesses/default', { ownerPhone: null });
    h.businessesChanged();
    const { reply } = await text('sewage coming up the drain');
    expect(reply.body).toBe(
      `${SAFETY} Your message is marked urgent for Acme Plumbing and someone will contact you as soon as possible. Reply BOOK to book a visit.`,
    );
    expect((await h.admin('GET', '/api/emergencies')).json().items).toEqual([
      expect.objectContaining({ ownerAlert: null, appointment: null }),
    ]);

    await h.admin('PATCH', '/api/businesses/default', { bookingEnabled: false });
    h.businessesChanged();
    const { reply: plain } = await text('sewage again');
    expect(plain.body.startsWith(SAFETY)).toBe(false);
    expect(await h.prisma.emergency.count()).toBe(1);
  });

  it('shows each business only its own emergencies; no key is a 401, a bad query a 400 naming the field', async () => {
    const bravoNumber = '+15005550177';
    const created = await h.admin('POST', '/api/businesses', {
      name: 'Bravo Heating',
      slug: 'bravo',
      timezone: NY,
      ownerPhone: '+15557770001',
      bookingEnabled: true,
      numbers: [{ address: bravoNumber }],
    });
    expect(created.statusCode).toBe(201);
    const bravo = created.json().id as string;
    const bravoKey = (await h.admin('POST', `/api/businesses/${bravo}/api-keys`, { name: 'tests' })).json().key;
    h.businessesChanged();

    await text('no heat and the baby is cold', '+15557650001', bravoNumber);
    await text('leaking everywhere', '+15557650002');
    await waitFor(() => textsTo('+15557770001').length === 1, "bravo's owner alert");
    expect(textsTo('+15557770001')[0].from).toBe(bravoNumber);

    const phonesFor = async (key: string | undefined, headers: Record<string, string> = {}) =>
      (await h.admin('GET', '/api/emergencies', undefined, key, headers))
        .json()
        .items.map((e: { contact: { phone: string } }) => e.contact.phone);
    expect(await phonesFor(bravoKey)).toEqual(['+15557650001']);
    expect(await phonesFor(undefined)).toEqual(['+15557650002']);
    expect(await phonesFor(undefined, { 'x-business-id': 'bravo' })).toEqual(['+15557650001']);
    // Bravo's key cannot act for the default business.
    const crossed = await h.admin('GET', '/api/emergencies', undefined, bravoKey, { 'x-business-id': 'default' });
    expect(crossed.statusCode).toBe(403);

    expect((await h.admin('GET', '/api/emergencies', undefined, null)).statusCode).toBe(401);
    for (const [query, field] of [
      ['from=yesterday', 'from'],
      ['to=2026-13-01', 'to'],
      ['limit=0', 'limit'],
      ['from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'to'],
    ]) {
      const res = await h.admin('GET', `/api/emergencies?${query}`);
      expect({ query, status: res.statusCode }).toEqual({ query, status: 400 });
      expect(res.json().message.join(' ')).toMatch(new RegExp(`^${field} `));
    }
    const now = Date.now();
    const window = (from: number, to: number) =>
      `/api/emergencies?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
    expect((await h.admin('GET', window(now - 60_000, now + 60_000))).json().items).toHaveLength(1);
    expect((await h.admin('GET', window(now + 60_000, now + 120_000))).json().items).toHaveLength(0);
  });

  it('refuses bad emergency settings with a 400 naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ emergencyKeywords: 'flood' }, 'emergencyKeywords'],
      [{ emergencyKeywords: ['x'] }, 'emergencyKeywords'],
      [{ emergencyKeywords: ['a'.repeat(41)] }, 'emergencyKeywords'],
      [{ emergencyKeywords: [7] }, 'emergencyKeywords'],
      [{ emergencyKeywords: Array.from({ length: 51 }, (_, i) => `word${i}`) }, 'emergencyKeywords'],
      [{ emergencyKeywords: ['flood', '!!!'] }, 'emergencyKeywords.1'],
      [{ safetyLine: 'x'.repeat(161) }, 'safetyLine'],
      [{ safetyLine: '   ' }, 'safetyLine'],
    ];
    for (const [body, field] of cases) {
      for (const [method, url, extra] of [
        ['PATCH', '/api/businesses/default', {}],
        ['POST', '/api/businesses', { name: 'Charlie', slug: 'charlie' }],
      ] as const) {
        const res = await h.admin(method, url, { ...extra, ...body });
        expect({ method, body, status: res.statusCode }).toEqual({ method, body, status: 400 });
        expect(res.json().message[0]).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
      }
    }
    const ok = await h.admin('POST', '/api/businesses', {
      name: 'Charlie',
      slug: 'charlie',
      emergencyKeywords: Array.from({ length: 50 }, (_, i) => `word${i}`),
      safetyLine: 'x'.repeat(160),
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().emergencyKeywords).toHaveLength(50);
  });
});
