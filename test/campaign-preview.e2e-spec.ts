import { newApiKey } from '@app/common';
import { BUSINESS_NUMBER, Harness, waitFor } from './support';

/**
 * The campaign preview (issue 16, item 6): each recipient's fate as the dispatcher's own rules
 * judge it (quiet hours in the contact's zone, opt-outs, WhatsApp's 24-hour window), checked
 * against what launching the campaign then does, through the real path to the fake Twilio.
 */
describe('Campaign preview', () => {
  const HOUR = 3_600_000;
  const TEMPLATE = `HX${'0123456789abcdef'.repeat(2)}`;
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({
      env: { SEND_RATE_PER_SECOND: '20', MAINTENANCE_INTERVAL_MS: '100', PRICE_PER_SEGMENT: '0.0079' },
    });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    h.setClockOffset(0);
    await h.truncate();
  });

  const preview = async (id: string, headers: Record<string, string> = {}) => {
    const res = await h.admin('GET', `/api/campaigns/${id}/preview`, undefined, undefined, headers);
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  async function create(payload: object) {
    const res = await h.admin('POST', '/api/campaigns', { name: 'Preview', ...payload });
    expect(res.statusCode).toBe(201);
    return res.json();
  }
  const campaign = async (id: string) => (await h.admin('GET', `/api/campaigns/${id}`)).json();
  const completed = (id: string) =>
    waitFor(
      async () => (await campaign(id)).status === 'completed' && campaign(id),
      'the campaign to complete',
      20_000,
    );
  const optOut = async (phone: string) =>
    expect((await h.admin('PATCH', `/api/contacts/${encodeURIComponent(phone)}`, { optedOut: true })).statusCode).toBe(
      200,
    );
  const empty = { count: 0, sample: [] };

  it('predicts a WhatsApp campaign: inside the window sent, outside failed 63016, opted out skipped', async () => {
    const [wrote, stale, silent, opted] = ['+15557650001', '+15557650002', '+15557650003', '+15557650004'];
    const writesIn = async (phone: string) => {
      expect((await h.inbound(`whatsapp:${phone}`, 'hi', { To: `whatsapp:${BUSINESS_NUMBER}` })).statusCode).toBe(200);
      await h.settle();
    };
    await writesIn(stale);
    h.setClockOffset(25 * HOUR); // `stale` wrote 25 hours ago
    await writesIn(wrote);
    await writesIn(opted);
    await optOut(opted); // inside the window, but opted out: the opt-out wins
    const recipients = [wrote, stale, 'not a number', silent, opted, wrote.replace('+1', '')];
    const created = await create({ body: 'Sale today', recipients, channel: 'whatsapp' });

    const expected = {
      total: 6,
      sendNow: { count: 1, sample: [wrote] },
      quietHours: { ...empty, until: null },
      optedOut: { count: 1, sample: [opted] },
      outsideWindow: { count: 2, sample: [stale, silent] },
      invalid: { count: 1, sample: ['not a number'] },
      duplicates: { count: 1, sample: [wrote] },
      alreadyProcessed: 0,
      messages: 1,
      segments: null, // WhatsApp is not priced per segment
      estimatedCost: null,
      sendRatePerSecond: 20,
    };
    expect(created.preview).toMatchObject(expected);
    const got = await preview(created.id);
    expect(got).toMatchObject(expected);
    // Four pending recipients take a turn each at 20 a second (the skipped ones too): the last 150 ms after the first.
    expect(new Date(got.estimatedFinishAt).getTime()).toBe(new Date(got.at).getTime() + 150);
    expect(Math.abs(new Date(got.at).getTime() - (Date.now() + 25 * HOUR))).toBeLessThan(10_000); // the Clock's now

    expect((await h.admin('POST', `/api/campaigns/${created.id}/launch`)).statusCode).toBe(200);
    const done = await completed(created.id);
    const sentOrBetter = done.counters.sent + done.counters.delivered;
    expect({
      sent: sentOrBetter,
      failed: done.counters.failed,
      optedOut: done.counters.skipped_opted_out,
      invalid: done.counters.invalid,
      duplicates: done.counters.skipped_duplicate,
    }).toEqual({
      sent: got.sendNow.count,
      failed: got.outsideWindow.count,
      optedOut: got.optedOut.count,
      invalid: got.invalid.count,
      duplicates: got.duplicates.count,
    });
    const failed = await h.prisma.message.findMany({ where: { source: 'campaign', status: 'failed' } });
    expect(failed.map((m) => [m.to, m.errorCode]).sort()).toEqual([
      [stale, 63016],
      [silent, 63016],
    ]);
    expect(h.twilio.sent.filter((m) => m.body === 'Sale today').map((m) => m.to)).toEqual([`whatsapp:${wrote}`]);
    // Afterwards nothing is left to predict: the outcomes are in the counters.
    expect(await preview(created.id)).toMatchObject({ alreadyProcessed: 4, messages: 0, estimatedFinishAt: null });
  });

  it('puts everyone in sendNow with a template: the window does not apply', async () => {
    const created = await create({ contentSid: TEMPLATE, recipients: ['+15557650009'], channel: 'whatsapp' });
    expect(created.preview).toMatchObject({ sendNow: { count: 1 }, outsideWindow: empty, segments: null });
  });

  it('predicts an SMS campaign in quiet hours: daytime zones now, the rest at the window’s end, opt-outs skipped', async () => {
    // 07:59:50 UTC: night in UTC (the campaign's zone, until 08:00), afternoon in Tokyo, morning in Warsaw.
    const [tokyo, warsaw, held1, held2, opted] = [
      '+15557660001',
      '+15557660002',
      '+15557660003',
      '+15557660004',
      '+15557660005',
    ];
    for (const [phone, timezone] of [
      [tokyo, 'Asia/Tokyo'],
      [warsaw, 'Europe/Warsaw'],
    ])
      expect((await h.admin('PATCH', `/api/contacts/${encodeURIComponent(phone)}`, { timezone })).statusCode).toBe(200);
    await optOut(opted);
    // Ten seconds before the window ends: time to create, preview and launch on a busy machine.
    const today = new Date();
    today.setUTCHours(7, 59, 50, 0);
    h.setClockTo(today);
    const body = `Spring sale. ${'x'.repeat(180)}`; // GSM-7, 193 characters: 2 segments
    const created = await create({
      body,
      recipients: [held1, tokyo, opted, 'call me', held2, warsaw],
      quietHours: { start: '21:00', end: '08:00', timezone: 'UTC' },
    });
    const windowEnd = new Date(today);
    windowEnd.setUTCHours(8, 0, 0, 0);
    const expected = {
      total: 6,
      sendNow: { count: 2, sample: [tokyo, warsaw] },
      quietHours: { count: 2, sample: [held1, held2], until: windowEnd.toISOString() },
      optedOut: { count: 1, sample: [opted] },
      outsideWindow: empty,
      invalid: { count: 1, sample: ['call me'] },
      duplicates: empty,
      messages: 4,
      segments: { encoding: 'GSM-7', perMessage: 2, total: 8 },
      estimatedCost: 0.0632,
      sendRatePerSecond: 20,
      // The held two and the opted-out one (skipped after its turn) go when the window ends, 50 ms apart at 20/s.
      estimatedFinishAt: new Date(windowEnd.getTime() + 100).toISOString(),
    };
    expect(created.preview).toMatchObject(expected);
    expect(await preview(created.id)).toMatchObject(expected);

    expect((await h.admin('POST', `/api/campaigns/${created.id}/launch`)).statusCode).toBe(200);
    await waitFor(() => h.twilio.sent.length === 2, 'the daytime recipients’ texts');
    expect(h.twilio.sent.map((m) => m.to).sort()).toEqual([tokyo, warsaw].sort());
    // While held, the preview of the running campaign counts what is still to come.
    expect(await preview(created.id)).toMatchObject({
      sendNow: empty,
      quietHours: { count: 2 },
      optedOut: { count: 1 },
      alreadyProcessed: 2,
      messages: 2,
    });
    const done = await completed(created.id);
    expect(h.twilio.sent.map((m) => m.to).sort()).toEqual([tokyo, warsaw, held1, held2].sort());
    expect(done.counters).toMatchObject({ sent: 4, skipped_opted_out: 1, invalid: 1, failed: 0 });
    expect(done.counters.sent).toBe(expected.sendNow.count + expected.quietHours.count);
  });

  it('judges a campaign waiting for sendAt at sendAt, and gives the finish at the send rate', async () => {
    const sendAt = new Date(Date.now() + 2 * HOUR);
    const recipients = Array.from({ length: 41 }, (_, i) => `+1555770${String(i).padStart(4, '0')}`);
    const created = await create({ body: 'Hello 😀', recipients, sendAt: sendAt.toISOString() });
    expect(created.preview).toMatchObject({
      at: sendAt.toISOString(),
      sendNow: { count: 41, sample: recipients.slice(0, 5) },
      segments: { encoding: 'UCS-2', perMessage: 1, total: 41 },
      estimatedCost: 0.3239,
      // 41 sends at 20 a second: the last 2 s after the first.
      estimatedFinishAt: new Date(sendAt.getTime() + 2_000).toISOString(),
    });
  });

  describe('abuse', () => {
    it('401 without a key or with a wrong one', async () => {
      const { id } = await create({ body: 'x', recipients: ['+15557650001'] });
      for (const key of [null, '', 'wrong', 'sbk_notakey']) {
        const res = await h.admin('GET', `/api/campaigns/${id}/preview`, undefined, key);
        expect({ key, status: res.statusCode }).toEqual({ key, status: 401 });
      }
    });

    it("404s another business's campaign, with the platform key and X-Business-Id or with that business's key", async () => {
      const acme = await h.prisma.business.create({
        data: { name: 'Acme', slug: 'acme', numbers: { create: { channel: 'sms', address: '+15005550123' } } },
      });
      h.businessesChanged();
      const { key, prefix, hash } = newApiKey();
      await h.prisma.apiKey.create({ data: { businessId: acme.id, name: 'test', prefix, keyHash: hash } });
      const ours = await create({ body: 'ours', recipients: ['+15557650001'] });
      const theirs = await h.admin(
        'POST',
        '/api/campaigns',
        { name: 'Acme', body: 'theirs', recipients: ['+15557650002', '+15557650003'] },
        undefined,
        { 'x-business-id': 'acme' },
      );
      expect(theirs.statusCode).toBe(201);
      const theirId = theirs.json().id;
      expect(theirs.json().preview).toMatchObject({ sendNow: { count: 2 } });
      // Acme sees its own, through either route in.
      expect(await preview(theirId, { 'x-business-id': 'acme' })).toMatchObject({ sendNow: { count: 2 } });
      expect((await h.admin('GET', `/api/campaigns/${theirId}/preview`, undefined, key)).statusCode).toBe(200);
      // …and never the default business's, nor the default business Acme's.
      expect((await h.admin('GET', `/api/campaigns/${ours.id}/preview`, undefined, key)).statusCode).toBe(404);
      const crossed = await h.admin('GET', `/api/campaigns/${ours.id}/preview`, undefined, undefined, {
        'x-business-id': 'acme',
      });
      expect(crossed.statusCode).toBe(404);
      expect((await h.admin('GET', `/api/campaigns/${theirId}/preview`)).statusCode).toBe(404);
      expect((await h.admin('GET', `/api/campaigns/${ours.id}/preview`)).json()).toMatchObject({ total: 1 });
    });

    it('404s malformed and unknown ids, never a 5xx', async () => {
      const ids = [
        'nope',
        '00000000-0000-0000-0000-000000000000',
        `${'f'.repeat(36)}`,
        'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
        '1; DROP TABLE campaigns',
        encodeURIComponent('ł'.repeat(36)),
        '%00',
      ];
      for (const id of ids) {
        const res = await h.admin('GET', `/api/campaigns/${id}/preview`);
        expect({ id, status: res.statusCode }).toEqual({ id, status: 404 });
      }
      // A path parameter over 100 characters is a 414, as on every route.
      expect((await h.admin('GET', `/api/campaigns/${'a'.repeat(101)}/preview`)).statusCode).toBe(414);
    });
  });
});
