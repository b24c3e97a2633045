import { Clock, DEFAULT_BUSINESS_ID } from '@app/common';
import { BUSINESS_NUMBER, Harness, waitFor } from './support';

/**
 * WhatsApp's 24-hour customer-service window (issue 16, item 5) and profile names (item 8),
 * through the real path: signed webhooks, API, PostgreSQL, queue, worker, the real twilio SDK
 * and the fake Twilio over HTTP. "Now" for the rule is the apps' Clock, which the tests move.
 */
describe("WhatsApp's 24-hour window, templates and profile names", () => {
  const HOUR = 3_600_000;
  const WA_BUSINESS = `whatsapp:${BUSINESS_NUMBER}`;
  const WROTE = '+15557650001';
  const SILENT = '+15557650002';
  const TEMPLATE = `HX${'0123456789abcdef'.repeat(2)}`;
  const OUTSIDE = "outside WhatsApp's 24-hour window: send a template (contentSid)";
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: { MAINTENANCE_INTERVAL_MS: '100', SEND_RATE_PER_SECOND: '0' } });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    setClock(0);
    await h.truncate();
  });

  /** Moves "now" for the rules in both apps, without waiting. */
  const setClock = (offsetMs: number) => h.setClockOffset(offsetMs);
  /** The contact writes to the business on WhatsApp; its reply (the keyword bot's) is let through first. */
  async function writesIn(phone: string, extra: Record<string, string> = {}) {
    expect((await h.inbound(`whatsapp:${phone}`, 'hi', { To: WA_BUSINESS, ...extra })).statusCode).toBe(200);
    await h.settle();
  }
  const sentTo = (phone: string) => h.twilio.sent.filter((m) => m.to === `whatsapp:${phone}`);
  const createRequests = () =>
    h.twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
  async function send(payload: object, headers: Record<string, string> = {}) {
    const res = await h.admin('POST', '/api/messages', { channel: 'whatsapp', ...payload }, undefined, headers);
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>();
  }
  async function settled(id: string) {
    return waitFor(async () => {
      const m = await h.prisma.message.findUniqueOrThrow({ where: { id } });
      return ['pending', 'submitting'].includes(m.status) ? null : m;
    }, `message ${id} to settle`);
  }

  it('sends free text to a contact who wrote within 24 hours', async () => {
    await writesIn(WROTE);
    setClock(23 * HOUR);
    const { id } = await send({ to: WROTE, body: 'Your order is ready' });
    expect(await settled(id)).toMatchObject({ status: 'queued', errorCode: null });
    expect(sentTo(WROTE).map((m) => m.body)).toContain('Your order is ready');
  });

  it('refuses free text outside the window: 63016 stored, Twilio never called, counted', async () => {
    await writesIn(WROTE);
    setClock(25 * HOUR);
    const before = createRequests().length;
    const late = await send({ to: WROTE, body: 'Still there?' });
    const never = await send({ to: SILENT, body: 'Hello stranger' });
    for (const id of [late.id, never.id])
      expect(await settled(id)).toMatchObject({ status: 'failed', errorCode: 63016, errorMessage: OUTSIDE });
    expect(createRequests()).toHaveLength(before);
    const shown = (await h.admin('GET', `/api/messages/${never.id}`)).json();
    expect(shown).toMatchObject({ status: 'failed', errorCode: 63016, errorMessage: OUTSIDE, contentSid: null });
    const refusals =
      /switchboard_twilio_sends_total\{outcome="refused_locally",code="63016",business="default"\} (\d+)/;
    await waitFor(
      async () => Number(refusals.exec((await h.admin('GET', '/metrics')).body)?.[1] ?? 0) >= 2,
      'the refusals counted',
    );
  });

  it('sends a template outside the window, with ContentSid and ContentVariables at Twilio and no Body', async () => {
    const { id } = await send({ to: SILENT, contentSid: TEMPLATE, contentVariables: { '1': 'Ada', '2': '9:00' } });
    expect(await settled(id)).toMatchObject({ status: 'queued', contentSid: TEMPLATE, body: '' });
    const [request] = createRequests();
    expect(request.params).toMatchObject({ ContentSid: TEMPLATE, ContentVariables: '{"1":"Ada","2":"9:00"}' });
    expect(request.params.Body).toBeUndefined();
    expect(sentTo(SILENT)[0]).toMatchObject({ contentSid: TEMPLATE, errorCode: null });
    expect((await h.admin('GET', `/api/messages/${id}`)).json()).toMatchObject({
      contentSid: TEMPLATE,
      contentVariables: { '1': 'Ada', '2': '9:00' },
    });
  });

  it("opens the window from a WhatsApp message that only a sync found in Twilio's history", async () => {
    // Texts that came while the webhook was not pointed here: one an hour ago, one 30 hours ago.
    h.twilio.addRemoteMessage({
      from: `whatsapp:${WROTE}`,
      to: WA_BUSINESS,
      body: 'hi from before',
      direction: 'inbound',
      dateCreated: new Date(Date.now() - HOUR),
    });
    h.twilio.addRemoteMessage({
      from: `whatsapp:${SILENT}`,
      to: WA_BUSINESS,
      body: 'long ago',
      direction: 'inbound',
      dateCreated: new Date(Date.now() - 30 * HOUR),
    });
    expect((await h.admin('POST', '/api/messages/sync', {})).statusCode).toBe(200);
    const contact = (await h.admin('GET', `/api/contacts/${encodeURIComponent(WROTE)}`)).json();
    expect(Date.parse(contact.lastInboundWhatsappAt)).toBeGreaterThan(Date.now() - HOUR - 60_000);
    const inside = await send({ to: WROTE, body: 'Following up' });
    const outside = await send({ to: SILENT, body: 'Following up' });
    expect(await settled(inside.id)).toMatchObject({ status: 'queued', errorCode: null });
    expect(await settled(outside.id)).toMatchObject({ status: 'failed', errorCode: 63016 });
    // A second sync of the same history does not move the window back.
    expect((await h.admin('POST', '/api/messages/sync', {})).statusCode).toBe(200);
    const again = (await h.admin('GET', `/api/contacts/${encodeURIComponent(WROTE)}`)).json();
    expect(again.lastInboundWhatsappAt).toBe(contact.lastInboundWhatsappAt);
  });

  it('always sends a reply to an inbound WhatsApp message, however late it goes out', async () => {
    // The window is checked at send time: a reply whose job ran after the clock moved on still goes.
    h.worker!.get(Clock).offsetMs = 30 * HOUR;
    await h.inbound(`whatsapp:${WROTE}`, 'HELP', { To: WA_BUSINESS });
    await waitFor(() => sentTo(WROTE).length === 1, 'the reply at Twilio');
    const reply = await h.prisma.message.findFirstOrThrow({ where: { direction: 'outbound' } });
    expect(reply).toMatchObject({ replyToId: expect.any(String), errorCode: null });
  });

  it('sends a WhatsApp campaign as each recipient allows: free text inside the window, a template to everyone', async () => {
    await writesIn(WROTE);
    const recent = '+15557650003';
    await writesIn(recent);
    setClock(2 * HOUR);
    const stale = '+15557650004';
    await writesIn(stale);
    setClock(2 * HOUR + 25 * HOUR); // the first two wrote 27 h ago, `stale` 25 h ago: all outside
    await writesIn(recent); // …but `recent` writes again
    const recipients = [WROTE, recent, stale, SILENT];
    const free = await launch({ name: 'Free text', body: 'Sale today', recipients, channel: 'whatsapp' });
    const byPhone = await outcomes(free);
    expect(byPhone).toEqual({
      [WROTE]: 'failed 63016',
      [recent]: 'queued',
      [stale]: 'failed 63016',
      [SILENT]: 'failed 63016',
    });
    expect(sentTo(recent).filter((m) => m.body === 'Sale today')).toHaveLength(1);
    expect(h.twilio.sent.filter((m) => m.body === 'Sale today')).toHaveLength(1);

    const templated = await launch({
      name: 'Template',
      contentSid: TEMPLATE,
      contentVariables: { '1': 'spring' },
      recipients,
      channel: 'whatsapp',
    });
    expect(Object.values(await outcomes(templated))).toEqual(['queued', 'queued', 'queued', 'queued']);
    const templates = h.twilio.sent.filter((m) => m.contentSid === TEMPLATE);
    expect(templates.map((m) => m.to).sort()).toEqual(recipients.map((p) => `whatsapp:${p}`).sort());
    expect(templates.every((m) => m.contentVariables === '{"1":"spring"}' && m.errorCode === null)).toBe(true);
    const counters = (await h.admin('GET', `/api/campaigns/${templated}`)).json();
    expect(counters).toMatchObject({ contentSid: TEMPLATE, contentVariables: { '1': 'spring' }, body: '' });
  });

  async function launch(payload: object): Promise<string> {
    const created = await h.admin('POST', '/api/campaigns', payload);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await h.admin('POST', `/api/campaigns/${id}/launch`)).statusCode).toBe(200);
    await waitFor(async () => (await h.admin('GET', `/api/campaigns/${id}`)).json().status === 'completed', 'the end');
    return id;
  }
  async function outcomes(campaignId: string): Promise<Record<string, string>> {
    const rows = await h.prisma.$queryRaw<Array<{ phone: string; status: string; errorCode: number | null }>>`
      SELECT r.phone, m.status::text AS status, m."errorCode" FROM campaign_recipients r
      JOIN messages m ON m.id = r."messageId" WHERE r."campaignId" = ${campaignId}::uuid ORDER BY r.phone`;
    return Object.fromEntries(rows.map((r) => [r.phone, r.errorCode ? `${r.status} ${r.errorCode}` : r.status]));
  }

  it('sends a Multi-SMS batch template on WhatsApp', async () => {
    const res = await h.admin('POST', '/api/multi-sms/batches', {
      contentSid: TEMPLATE,
      recipients: [SILENT],
      channel: 'whatsapp',
    });
    expect(res.statusCode).toBe(201);
    await waitFor(() => sentTo(SILENT).length === 1, 'the batch at Twilio');
    expect(sentTo(SILENT)[0]).toMatchObject({ contentSid: TEMPLATE, contentVariables: null, errorCode: null });
  });

  it('sends a WhatsApp reminder with a template to a contact who never wrote, and fails one without', async () => {
    const withTemplate = await h.admin('POST', '/api/reminders', {
      to: SILENT,
      channel: 'whatsapp',
      contentSid: TEMPLATE,
      contentVariables: { '1': 'Tuesday' },
      intervalSeconds: 3600,
    });
    expect(withTemplate.statusCode).toBe(201);
    expect(withTemplate.json()).toMatchObject({ body: '', contentSid: TEMPLATE, contentVariables: { '1': 'Tuesday' } });
    const freeText = await h.admin('POST', '/api/reminders', {
      to: SILENT,
      channel: 'whatsapp',
      body: 'Take your medication',
      intervalSeconds: 3600,
    });
    expect(freeText.statusCode).toBe(201);
    setClock(HOUR + 60_000);
    await waitFor(() => sentTo(SILENT).length === 1, 'the templated occurrence at Twilio');
    expect(sentTo(SILENT)[0]).toMatchObject({ contentSid: TEMPLATE, contentVariables: '{"1":"Tuesday"}' });
    const failed = await waitFor(
      () => h.prisma.message.findFirst({ where: { reminderId: freeText.json().id, status: 'failed' } }),
      'the free-text occurrence refused',
    );
    expect(failed).toMatchObject({ errorCode: 63016, errorMessage: OUTSIDE });
    expect(sentTo(SILENT)).toHaveLength(1);
  });

  it('turns a draft campaign and a reminder into templates by PATCH, and back, always leaving something to send', async () => {
    const draft = await h.admin('POST', '/api/campaigns', {
      name: 'Sale',
      body: 'Sale today',
      recipients: [SILENT],
      channel: 'whatsapp',
    });
    expect(draft.statusCode).toBe(201);
    const campaign = `/api/campaigns/${draft.json().id}`;
    const patched = await h.admin('PATCH', campaign, {
      contentSid: TEMPLATE,
      contentVariables: { '1': 'Ada' },
      body: null,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ body: '', contentSid: TEMPLATE, contentVariables: { '1': 'Ada' } });
    // Variables alone change against the stored template; without any template they are refused.
    const vars = await h.admin('PATCH', campaign, { contentVariables: { '1': 'Bo' } });
    expect(vars.json()).toMatchObject({ contentSid: TEMPLATE, contentVariables: { '1': 'Bo' } });
    const refusals: Array<[object, string]> = [
      [{ contentSid: null }, 'body is required unless a template (contentSid) is given'],
      [{ contentSid: null, contentVariables: { '1': 'x' }, body: 'hi' }, 'contentVariables needs contentSid'],
      [{ contentSid: 'HX123' }, 'contentSid must be HX followed by 32 hex digits'],
      [{ contentVariables: [1] }, 'contentVariables must be an object of text values'],
      [{ body: '' }, 'body should not be empty'],
    ];
    for (const [body, message] of refusals) {
      const res = await h.admin('PATCH', campaign, body);
      expect({ body, status: res.statusCode }).toEqual({ body, status: 400 });
      expect(JSON.stringify(res.json().message)).toContain(message);
    }
    // Nothing the refused requests said was kept; the template goes out on launch.
    expect((await h.admin('GET', campaign)).json()).toMatchObject({
      contentSid: TEMPLATE,
      contentVariables: { '1': 'Bo' },
    });
    expect((await h.admin('POST', `${campaign}/launch`)).statusCode).toBe(200);
    await waitFor(() => sentTo(SILENT).length === 1, 'the templated campaign send');
    expect(sentTo(SILENT)[0]).toMatchObject({ contentSid: TEMPLATE, contentVariables: '{"1":"Bo"}' });

    const reminder = await h.admin('POST', '/api/reminders', {
      to: WROTE,
      channel: 'whatsapp',
      contentSid: TEMPLATE,
      contentVariables: { '1': 'Tuesday' },
      intervalSeconds: 3600,
    });
    const path = `/api/reminders/${reminder.json().id}`;
    // A new template drops the old one's variables; back to text clears the template.
    const other = `HX${'f'.repeat(32)}`;
    expect((await h.admin('PATCH', path, { contentSid: other })).json()).toMatchObject({
      contentSid: other,
      contentVariables: null,
    });
    expect((await h.admin('PATCH', path, { body: 'Take your medication', contentSid: null })).json()).toMatchObject({
      body: 'Take your medication',
      contentSid: null,
      contentVariables: null,
    });
    expect((await h.admin('PATCH', path, { body: null })).statusCode).toBe(400);
  });

  it('tells the conversation API when the window closes: 24 hours after the last WhatsApp message, null when none', async () => {
    await writesIn(WROTE);
    const contact = await h.prisma.contact.findFirstOrThrow({ where: { phone: WROTE } });
    const thread = await h.admin('GET', `/api/conversations/${encodeURIComponent(WROTE)}`);
    expect(thread.statusCode).toBe(200);
    expect(thread.json().whatsappWindowClosesAt).toBe(
      new Date(contact.lastInboundWhatsappAt!.getTime() + 24 * HOUR).toISOString(),
    );
    // An SMS-only contact, and a number nobody wrote from, have no window at all.
    expect((await h.inbound(SILENT, 'hi by SMS')).statusCode).toBe(200);
    await h.settle();
    for (const phone of [SILENT, '+15557650009']) {
      const other = await h.admin('GET', `/api/conversations/${encodeURIComponent(phone)}`);
      expect(other.json()).toMatchObject({ participant: phone, whatsappWindowClosesAt: null });
    }
    // Another business never sees this business's window.
    await h.prisma.business.create({ data: { name: 'Acme', slug: 'acme' } });
    h.businessesChanged();
    const asAcme = await h.admin('GET', `/api/conversations/${encodeURIComponent(WROTE)}`, undefined, undefined, {
      'x-business-id': 'acme',
    });
    expect(asAcme.json()).toMatchObject({ whatsappWindowClosesAt: null, messages: [] });
  });

  it("never counts another business's window: a contact who wrote to A is outside it for B", async () => {
    const acmeNumber = '+15005550124';
    await h.prisma.business.create({
      data: { name: 'Acme', slug: 'acme', numbers: { create: { channel: 'whatsapp', address: acmeNumber } } },
    });
    h.businessesChanged();
    await writesIn(WROTE); // to the default business
    const asAcme = { 'x-business-id': 'acme' };
    const { id } = await send({ to: WROTE, body: 'From Acme' }, asAcme);
    expect(await settled(id)).toMatchObject({ status: 'failed', errorCode: 63016 });
    expect(h.twilio.sent.filter((m) => m.body === 'From Acme')).toHaveLength(0);
    // And the default business, which it did write to, may answer it freely.
    const own = await send({ to: WROTE, body: 'From us' });
    expect(await settled(own.id)).toMatchObject({ status: 'queued' });
    const contacts = await h.prisma.contact.findMany({ where: { phone: WROTE } });
    expect(contacts.map((c) => [c.businessId === DEFAULT_BUSINESS_ID, c.lastInboundWhatsappAt !== null])).toEqual([
      [true, true],
    ]);
  });

  it('keeps the WhatsApp profile name on the contact, updated when it changes, beside the operator’s own name', async () => {
    await writesIn(WROTE, { ProfileName: 'Ada' });
    let contact = (await h.admin('GET', `/api/contacts/${encodeURIComponent(WROTE)}`)).json();
    expect(contact).toMatchObject({ profileName: 'Ada', name: null, lastInboundWhatsappAt: expect.any(String) });
    const wroteAt = new Date(contact.lastInboundWhatsappAt).getTime();
    expect(Math.abs(wroteAt - Date.now())).toBeLessThan(60_000);
    expect(
      (await h.admin('PATCH', `/api/contacts/${encodeURIComponent(WROTE)}`, { name: 'Ada Lovelace' })).statusCode,
    ).toBe(200);
    await writesIn(WROTE, { ProfileName: 'Ada L.' });
    await writesIn(WROTE); // no profile name this time: the last one is kept
    contact = (await h.admin('GET', `/api/contacts/${encodeURIComponent(WROTE)}`)).json();
    expect(contact).toMatchObject({ profileName: 'Ada L.', name: 'Ada Lovelace' });
    const listed = (await h.admin('GET', '/api/contacts')).json();
    expect(listed.items).toEqual([expect.objectContaining({ phone: WROTE, profileName: 'Ada L.' })]);
    // An SMS never moves the WhatsApp window.
    await h.inbound(WROTE, 'sms hi');
    await h.settle();
    const after = (await h.admin('GET', `/api/contacts/${encodeURIComponent(WROTE)}`)).json();
    expect(after.lastInboundWhatsappAt).toBe(contact.lastInboundWhatsappAt);
  });

  it.each([
    ['/api/messages', { to: SILENT, channel: 'whatsapp' }],
    ['/api/campaigns', { name: 'x', recipients: [SILENT], channel: 'whatsapp' }],
    ['/api/multi-sms/batches', { recipients: [SILENT] }],
    ['/api/reminders', { to: SILENT, intervalSeconds: 3600 }],
  ])('%s: 400s name the field, and nothing is stored', async (url, base) => {
    const cases: Array<[object, RegExp]> = [
      [{}, /^body is required unless a template \(contentSid\)( or mediaUrls)? is given$/],
      [{ contentSid: 'HX123' }, /^contentSid must be HX followed by 32 hex digits/],
      [{ contentSid: `MG${'0'.repeat(32)}` }, /^contentSid must be HX/],
      [{ contentSid: TEMPLATE, contentVariables: ['Ada'] }, /^contentVariables must be an object/],
      [{ contentSid: TEMPLATE, contentVariables: 'Ada' }, /^contentVariables must be an object/],
      [{ contentSid: TEMPLATE, contentVariables: { '1': 7 } }, /^contentVariables\.1 must be text/],
      [
        { contentSid: TEMPLATE, contentVariables: { '1': 'x'.repeat(4_000) } },
        /^contentVariables must be at most 4000/,
      ],
      [{ body: 'hi', contentVariables: { '1': 'Ada' } }, /^contentVariables needs contentSid/],
      [{ body: '   ', contentSid: TEMPLATE }, /^body should not be empty$/],
    ];
    for (const [extra, message] of cases) {
      const res = await h.admin('POST', url, { ...base, ...extra });
      expect({ extra, status: res.statusCode }).toEqual({ extra, status: 400 });
      expect(res.json().message).toEqual([expect.stringMatching(message)]);
    }
    expect(await h.prisma.message.count()).toBe(0);
    expect(await h.prisma.campaign.count()).toBe(0);
    expect(await h.prisma.reminder.count()).toBe(0);
  });
});
