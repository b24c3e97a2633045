import { DEFAULT_BUSINESS_ID } from '@app/common';
import { BUSINESS_NUMBER, Harness, waitFor } from './support';
import { Clock } from '@app/common';
import { JobName, JobQueue, QueueName } from '@app/queue';
import { setTimeout as sleep } from 'node:timers/promises';

const FAST = { SEND_RATE_PER_SECOND: '0', MAINTENANCE_INTERVAL_MS: '200' };
const numbers = (n: number, base = 5550100000) => Array.from({ length: n }, (_, i) => `+1${base + i}`);

describe('Campaigns', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: FAST });
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  const create = async (body: object) => {
    const res = await h.admin('POST', '/api/campaigns', { name: 'Test', body: 'Hello from Joe’s', ...body });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const campaign = async (id: string) => (await h.admin('GET', `/api/campaigns/${id}`)).json();
  const completed = (id: string) =>
    waitFor(
      async () => (await campaign(id)).status === 'completed' && campaign(id),
      'the campaign to complete',
      20_000,
    );

  it('reads 300 pasted entries: duplicates counted, junk reported, the cost shown', async () => {
    const valid = numbers(250);
    // Formats people paste: national with punctuation, international, 00-prefixed.
    const formatted = valid.map((n, i) =>
      i % 3 === 0 ? `(${n.slice(2, 5)}) ${n.slice(5, 8)}-${n.slice(8)}` : i % 3 === 1 ? `00${n.slice(1)}` : n,
    );
    const duplicates = valid.slice(0, 30).map((n) => `${n.slice(2, 5)}.${n.slice(5, 8)}.${n.slice(8)}`);
    const junk = Array.from({ length: 20 }, (_, i) => (i % 2 ? `call me ${i}` : `12${i}`));
    const pasted = [...formatted, ...duplicates, ...junk]
      .map((line, i) => (i % 4 === 0 ? `${line};` : i % 4 === 1 ? `${line},` : `${line}\n`))
      .join('');

    const created = await create({ recipients: pasted, body: 'Sale today 😀' });
    expect(created).toMatchObject({
      status: 'draft',
      from: BUSINESS_NUMBER,
      segments: { encoding: 'UCS-2', segments: 1 },
      accepted: { valid: 250, duplicates: 30 },
      counters: { total: 300, pending: 250, skipped_duplicate: 30, invalid: 20 },
    });
    expect(created.accepted.invalid).toHaveLength(20);
    const invalid = await h.admin('GET', `/api/campaigns/${created.id}/recipients?status=invalid&limit=50`);
    expect(invalid.json().items).toHaveLength(20);
  });

  it('sends to every pending recipient once, records each as a message, and completes by itself', async () => {
    const to = numbers(60);
    const { id } = await create({ recipients: to });
    expect(h.twilio.sent).toHaveLength(0); // a draft sends nothing
    const launched = await h.admin('POST', `/api/campaigns/${id}/launch`);
    expect(launched.json().status).toBe('running');
    const done = await completed(id);
    expect(done.counters).toMatchObject({ total: 60, sent: 60, pending: 0 });
    expect(h.twilio.sent.map((m) => m.to).sort()).toEqual([...to].sort());
    expect(h.twilio.sent.every((m) => m.from === BUSINESS_NUMBER && m.body === 'Hello from Joe’s')).toBe(true);
    expect(await h.prisma.message.count({ where: { source: 'campaign', sid: { not: null } } })).toBe(60);
    expect((await h.admin('POST', `/api/campaigns/${id}/launch`)).statusCode).toBe(409);
  });

  it('moves recipients with Twilio’s status callbacks', async () => {
    const [a, b] = numbers(2);
    const { id } = await create({ recipients: [a, b] });
    await h.admin('POST', `/api/campaigns/${id}/launch`);
    await completed(id);
    const sidOf = (to: string) => h.twilio.sent.find((m) => m.to === to)!.sid;
    await h.status(sidOf(a), 'delivered', { To: a });
    await h.status(sidOf(b), 'undelivered', {
      To: b,
      ErrorCode: '30003',
      ErrorMessage: 'Unreachable destination handset',
    });
    const { items } = (await h.admin('GET', `/api/campaigns/${id}/recipients`)).json();
    expect(items.find((r: { phone: string }) => r.phone === a)).toMatchObject({ status: 'delivered', sid: sidOf(a) });
    expect(items.find((r: { phone: string }) => r.phone === b)).toMatchObject({
      status: 'undelivered',
      errorCode: 30003,
    });
    expect((await campaign(id)).counters).toMatchObject({ delivered: 1, undelivered: 1, sent: 0 });
  });

  it('retries a 429 from Twilio and sends once; the rest of its batch is not held up or sent twice', async () => {
    h.twilio.failNext({ status: 429, code: 20429, message: 'Too Many Requests' });
    const recipients = numbers(3);
    const { id } = await create({ recipients });
    await h.admin('POST', `/api/campaigns/${id}/launch`);
    await completed(id);
    for (const to of recipients) expect(h.twilio.sent.filter((m) => m.to === to)).toHaveLength(1);
    const messages = await h.prisma.message.findMany({ where: { to: { in: recipients } } });
    // One of the three (whichever reached Twilio first) went on alone after the 429, at its second attempt.
    expect(messages.map((m) => m.attempts).sort()).toEqual([1, 1, 2]);
    expect(messages.every((m) => m.status === 'queued')).toBe(true);
  });

  it('marks a contact opted out on 21610', async () => {
    const [a, b] = numbers(2);
    h.twilio.failFor(a, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const { id } = await create({ recipients: [a, b] });
    await h.admin('POST', `/api/campaigns/${id}/launch`);
    const done = await completed(id);
    expect(done.counters).toMatchObject({ failed: 1, sent: 1 });
    expect(
      (
        await h.prisma.contact.findUniqueOrThrow({
          where: { businessId_phone: { businessId: DEFAULT_BUSINESS_ID, phone: a } },
        })
      ).optedOut,
    ).toBe(true);
  });

  it('skips a recipient who opted out between launch and send', async () => {
    const [a, b] = numbers(2);
    const { id } = await create({ recipients: [a, b], sendAt: new Date(Date.now() + 1_500).toISOString() });
    const launched = await h.admin('POST', `/api/campaigns/${id}/launch`);
    expect(launched.json().status).toBe('scheduled');
    await h.inbound(a, 'STOP');
    const done = await completed(id);
    expect(done.counters).toMatchObject({ skipped_opted_out: 1, sent: 1 });
    expect(h.twilio.sent.filter((m) => m.body === 'Hello from Joe’s').map((m) => m.to)).toEqual([b]);
  });

  /** Runs `test` while the rules of the workers and the API read today's `hours:minutes:seconds` UTC (real time still passes). */
  async function atUtc(hours: number, minutes: number, seconds: number, test: () => Promise<void>) {
    const clocks = [h.worker!.get(Clock), h.api.get(Clock)];
    const today = new Date();
    today.setUTCHours(hours, minutes, seconds, 0);
    for (const clock of clocks) clock.offsetMs = today.getTime() - Date.now();
    try {
      await test();
    } finally {
      for (const clock of clocks) clock.offsetMs = 0;
    }
  }

  it('delays a recipient inside quiet hours to the window’s end, then sends', async () => {
    // The window ends at 08:00, two seconds later.
    await atUtc(7, 59, 58, async () => {
      const [a] = numbers(1);
      const { id } = await create({ recipients: [a], quietHours: { start: '21:00', end: '08:00', timezone: 'UTC' } });
      await h.admin('POST', `/api/campaigns/${id}/launch`);
      await sleep(1_000);
      expect(h.twilio.sent).toHaveLength(0);
      // Running, everyone pending: it says why, and until when (it looked stuck).
      const held = await campaign(id);
      expect(held).toMatchObject({ status: 'running', counters: { pending: 1 }, heldReason: 'quiet hours' });
      expect(new Date(held.heldUntil as string).toISOString()).toMatch(/T08:00:00\.000Z$/);
      await completed(id);
      expect(await campaign(id)).toMatchObject({ heldUntil: null, heldReason: null });
      expect(h.twilio.sent.map((m) => m.to)).toEqual([a]);
    });
  });

  it('uses a contact’s own time zone for quiet hours before the campaign’s', async () => {
    // 23:30 UTC: night in the campaign's zone, 15:30 in Los Angeles.
    await atUtc(23, 30, 0, async () => {
      const [inLosAngeles, unknownZone] = numbers(2);
      const zoned = await h.admin('PATCH', `/api/contacts/${encodeURIComponent(inLosAngeles)}`, {
        timezone: 'America/Los_Angeles',
      });
      expect(zoned.statusCode).toBe(200);
      const { id } = await create({
        recipients: [inLosAngeles, unknownZone],
        quietHours: { start: '21:00', end: '08:00', timezone: 'UTC' },
      });
      await h.admin('POST', `/api/campaigns/${id}/launch`);
      await waitFor(() => h.twilio.sent.length === 1, 'the daytime recipient’s text');
      await sleep(500);
      expect(h.twilio.sent.map((m) => m.to)).toEqual([inLosAngeles]);
      expect((await campaign(id)).counters).toMatchObject({ pending: 1 });
      await h.admin('POST', `/api/campaigns/${id}/cancel`);
    });
  });

  it('cancels a campaign parked for quiet hours, and its parked sends leave Redis with it', async () => {
    const queue = h.api.get(JobQueue).queue(QueueName.Campaign);
    const queuedSends = async (campaignId: string) =>
      (await queue.getJobs(['delayed', 'waiting', 'prioritized'])).filter(
        (job) => job?.name === JobName.CampaignSend && job.data.campaignId === campaignId,
      );
    await atUtc(12, 0, 0, async () => {
      const { id } = await create({
        recipients: numbers(5, 5550400000),
        quietHours: { start: '11:00', end: '13:00', timezone: 'UTC' },
      });
      await h.admin('POST', `/api/campaigns/${id}/launch`);
      // Each send job wakes, sees quiet hours, and parks in the delayed set for an hour.
      await waitFor(async () => (await queuedSends(id)).length === 5, 'five parked sends');
      expect((await h.admin('POST', `/api/campaigns/${id}/cancel`)).json()).toMatchObject({
        status: 'canceled',
        counters: { canceled: 5, pending: 0 },
      });
      expect(await queuedSends(id)).toEqual([]);
      expect(h.twilio.sent).toHaveLength(0);
    });
  });

  it('edits a draft, but not a running campaign', async () => {
    const { id } = await create({ recipients: numbers(1) });
    const patched = await h.admin('PATCH', `/api/campaigns/${id}`, { name: 'Renamed', body: 'New text' });
    expect(patched.json()).toMatchObject({ name: 'Renamed', body: 'New text' });
    await h.admin('POST', `/api/campaigns/${id}/launch`);
    expect((await h.admin('PATCH', `/api/campaigns/${id}`, { name: 'Too late' })).statusCode).toBe(409);
  });

  it('clears sendAt and quiet hours with null, but never a required field', async () => {
    const { id } = await create({
      recipients: numbers(1),
      sendAt: '2099-01-01T09:00:00Z',
      quietHours: { start: '21:00', end: '08:00', timezone: 'Europe/Warsaw' },
    });
    const cleared = await h.admin('PATCH', `/api/campaigns/${id}`, { sendAt: null, quietHours: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ sendAt: null, quietHours: null });
    const refused = await h.admin('PATCH', `/api/campaigns/${id}`, { name: null });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json().message)).toMatch(/name must be a string/);
    expect((await campaign(id)).name).not.toBeNull();
  });

  it.each([
    [{ recipients: [] }, /recipients must be a non-empty array/],
    [{ recipients: 'junk, more junk' }, /at least one valid phone number/],
    [{ recipients: ['+15550100000'], body: '' }, /body should not be empty/],
    [{ recipients: ['+15550100000'], body: ' \n\t ' }, /body should not be empty/],
    [
      { recipients: ['+15550100000'], quietHours: { start: '9pm', end: '08:00' } },
      /^\["quietHours\.start must be HH:MM \(24h\)"\]$/,
    ],
    [
      { recipients: ['+15550100000'], quietHours: { start: '21:00', end: '08:00', timezone: 'Mars/Olympus' } },
      /timezone/,
    ],
    [
      { recipients: ['+15550100000'], quietHours: { start: '09:00', end: '09:00' } },
      /quietHours.end must differ from quietHours.start/,
    ],
    [
      { recipients: ['+15550100000'], quietHours: { start: '21:00', end: '08:00', timezone: 'local' } },
      /timezone must be an IANA time zone/,
    ],
    [
      { recipients: ['+15550100000'], sendAt: 'tomorrow' },
      /sendAt must be a date-time between 1970 and 9999, in ISO 8601/,
    ],
    [
      { recipients: ['+15550100000'], sendAt: '2026-W48-1' },
      /sendAt must be a date-time between 1970 and 9999, in ISO 8601/,
    ],
    [{ recipients: ['+15550100000'], messagingServiceSid: 'MG1' }, /messagingServiceSid must be MG/],
  ])('rejects %j with 400', async (body, message) => {
    const res = await h.admin('POST', '/api/campaigns', { name: 'x', body: 'x', ...body });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().message)).toMatch(message);
    expect(await h.prisma.campaign.count()).toBe(0);
  });

  it('deletes a draft or a finished campaign with its recipients, never one that may still send; its texts stay', async () => {
    const draft = await create({ recipients: numbers(3) });
    expect((await h.admin('DELETE', `/api/campaigns/${draft.id}`)).statusCode).toBe(204);
    expect((await h.admin('GET', `/api/campaigns/${draft.id}`)).statusCode).toBe(404);
    expect(await h.prisma.campaignRecipient.count({ where: { campaignId: draft.id } })).toBe(0);

    const scheduled = await create({
      recipients: numbers(3, 5550200000),
      sendAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect((await h.admin('POST', `/api/campaigns/${scheduled.id}/launch`)).json().status).toBe('scheduled');
    const refused = await h.admin('DELETE', `/api/campaigns/${scheduled.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/is scheduled; only a draft, completed or canceled campaign can be deleted/);
    expect(await h.prisma.campaignRecipient.count({ where: { campaignId: scheduled.id } })).toBe(3);

    const sent = await create({ recipients: numbers(2, 5550300000) });
    await h.admin('POST', `/api/campaigns/${sent.id}/launch`);
    await completed(sent.id);
    expect((await h.admin('DELETE', `/api/campaigns/${sent.id}`)).statusCode).toBe(204);
    expect(await h.prisma.message.count({ where: { source: 'campaign' } })).toBe(2);

    // Another business's campaign is as absent as a made-up one.
    await h.admin('POST', '/api/businesses', { name: 'Other', slug: 'other' });
    const foreign = await h.admin('DELETE', `/api/campaigns/${scheduled.id}`, undefined, undefined, {
      'x-business-id': 'other',
    });
    expect(foreign.statusCode).toBe(404);
    for (const id of ['nope', '00000000-0000-0000-0000-00000000dead'])
      expect((await h.admin('DELETE', `/api/campaigns/${id}`)).statusCode).toBe(404);
  });

  it('404s an unknown campaign', async () => {
    expect((await h.admin('GET', '/api/campaigns/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await h.admin('POST', '/api/campaigns/nope/launch')).statusCode).toBe(404);
  });
});

describe('Campaign pacing: pause, resume, cancel under the per-sender rate', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: { SEND_RATE_PER_SECOND: '4', MAINTENANCE_INTERVAL_MS: '200' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  it('keeps to the rate, pauses, resumes, and sends each recipient once', async () => {
    const to = numbers(10, 5550200000);
    const { id } = (await h.admin('POST', '/api/campaigns', { name: 'Paced', body: 'x', recipients: to })).json();
    await h.admin('POST', `/api/campaigns/${id}/launch`);
    await waitFor(() => h.twilio.sent.length >= 2, 'the first sends');
    expect((await h.admin('POST', `/api/campaigns/${id}/pause`)).json().status).toBe('paused');
    await sleep(300); // a send already past its checks may still land
    const atPause = h.twilio.sent.length;
    await sleep(1_500);
    expect(h.twilio.sent.length).toBe(atPause);
    expect(atPause).toBeLessThan(10);

    expect((await h.admin('POST', `/api/campaigns/${id}/resume`)).json().status).toBe('running');
    await waitFor(
      async () => (await h.admin('GET', `/api/campaigns/${id}`)).json().status === 'completed',
      'completion',
      20_000,
    );
    expect(h.twilio.sent.map((m) => m.to).sort()).toEqual([...to].sort());
    // 4 per second per sender: 10 sends take at least ~2 s from the first.
    const times = h.twilio.sent.map((m) => m.at).sort((a, b) => a - b);
    const firstSecond = times.filter((t) => t - times[0] < 1_000).length;
    expect(firstSecond).toBeLessThanOrEqual(5);
  });

  it('cancels: pending recipients are canceled and nothing more is sent', async () => {
    const to = numbers(8, 5550300000);
    const { id } = (await h.admin('POST', '/api/campaigns', { name: 'Cancelled', body: 'x', recipients: to })).json();
    await h.admin('POST', `/api/campaigns/${id}/launch`);
    await waitFor(() => h.twilio.sent.length >= 1, 'the first send');
    const cancelled = (await h.admin('POST', `/api/campaigns/${id}/cancel`)).json();
    expect(cancelled.status).toBe('canceled');
    await sleep(300);
    const atCancel = h.twilio.sent.length;
    await sleep(1_500);
    expect(h.twilio.sent.length).toBe(atCancel);
    const counters = (await h.admin('GET', `/api/campaigns/${id}`)).json().counters;
    expect(counters.canceled + counters.sent).toBe(8);
    expect(counters.canceled).toBeGreaterThan(0);
    expect((await h.admin('POST', `/api/campaigns/${id}/resume`)).statusCode).toBe(409);
  });
});

describe('Multi-SMS batches (seed-compatible routes)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: { ...FAST, MULTI_SMS_MAX_RECIPIENTS: '5' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  it('creates and launches at once, and lists with recipients on request', async () => {
    const to = numbers(3, 5550400000);
    const res = await h.admin('POST', '/api/multi-sms/batches', { body: 'Batch', recipients: to.join('\n') });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'multi_sms', status: 'running', counters: { total: 3 } });
    await waitFor(() => h.twilio.sent.length === 3, 'the batch');
    const list = (await h.admin('GET', '/api/multi-sms/batches?include_recipients=1')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].recipients).toHaveLength(3);
    expect(
      (await h.admin('GET', '/api/multi-sms/batches?includeRecipients=true')).json().items[0].recipients,
    ).toHaveLength(3);
    expect((await h.admin('GET', '/api/multi-sms/batches')).json().items[0].recipients).toBeUndefined();
    const id = res.json().id;
    expect((await h.admin('GET', `/api/multi-sms/batches/${id}`)).json().id).toBe(id);
    expect((await h.admin('GET', `/api/multi-sms/batches/${id}/recipients`)).json().items).toHaveLength(3);
    // Campaigns and batches are listed apart.
    expect((await h.admin('GET', '/api/campaigns')).json().items).toHaveLength(0);
  });

  it('enforces MULTI_SMS_MAX_RECIPIENTS', async () => {
    const res = await h.admin('POST', '/api/multi-sms/batches', { body: 'Batch', recipients: numbers(6) });
    expect(res.statusCode).toBe(400);
    expect(res.json().message.join(' ')).toMatch(/at most 5 numbers/);
    expect(await h.prisma.campaign.count()).toBe(0);
  });
});

describe('a campaign without a sender', () => {
  it('is refused with a clear 400', async () => {
    const h = await Harness.start({ worker: false, env: { TWILIO_DEFAULT_FROM: undefined } });
    try {
      const res = await h.admin('POST', '/api/campaigns', { name: 'x', body: 'x', recipients: ['+15550100000'] });
      expect(res.statusCode).toBe(400);
      expect(res.json().message.join(' ')).toMatch(/from or messagingServiceSid is required/);
    } finally {
      await h.close();
    }
  });
});
