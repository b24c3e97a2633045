import { Harness } from './support';

/**
 * Times that cannot misfire (first-hour issue, part 3). The README's own examples had fixed dates:
 * once they passed, "a one-off for tomorrow" was sent at once (a real SMS in live mode) and "every
 * 8 hours for a week" was stored with nextRunAt: null and never fired, all answered 201.
 */
const CUSTOMER = '+15557651234';
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('times in the past', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.truncate();
  });
  afterAll(() => h.close());

  const problem = (res: { json: () => { message: string[] } }) => res.json().message.join('; ');

  it('refuses a message sendAt in the past, naming it, and stores nothing; allowPast sends at once', async () => {
    const yesterday = inMinutes(-24 * 60);
    const res = await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'past', sendAt: yesterday });
    expect(res.statusCode).toBe(400);
    expect(problem(res)).toMatch(/^sendAt .* is in the past; leave it out to send now, or set allowPast: true/);
    expect(await h.prisma.message.count({ where: { body: 'past' } })).toBe(0);

    const allowed = await h.admin('POST', '/api/messages', {
      to: CUSTOMER,
      body: 'past, on purpose',
      sendAt: yesterday,
      allowPast: true,
    });
    expect(allowed.statusCode).toBe(201);
    expect(allowed.json().status).not.toBe('scheduled');
    // A client's clock a little behind ours is still "now".
    const skewed = await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'skew', sendAt: inMinutes(-0.5) });
    expect(skewed.statusCode).toBe(201);
    const later = await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'later', sendAt: inMinutes(60) });
    expect(later.json()).toMatchObject({ status: 'scheduled' });
  });

  it('refuses a campaign sendAt in the past, on create and on edit', async () => {
    const campaign = { name: 'spring', body: 'Hello', recipients: [CUSTOMER] };
    const past = await h.admin('POST', '/api/campaigns', { ...campaign, sendAt: inMinutes(-60) });
    expect(past.statusCode).toBe(400);
    expect(problem(past)).toMatch(/^sendAt .* is in the past/);
    expect(await h.prisma.campaign.count()).toBe(0);

    const created = await h.admin('POST', '/api/campaigns', { ...campaign, sendAt: inMinutes(60) });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const edit = await h.admin('PATCH', `/api/campaigns/${id}`, { sendAt: inMinutes(-60) });
    expect(edit.statusCode).toBe(400);
    expect(problem(edit)).toMatch(/set it to null to send on launch, or set allowPast: true/);
    const allowed = await h.admin('PATCH', `/api/campaigns/${id}`, { sendAt: inMinutes(-60), allowPast: true });
    expect(allowed.statusCode).toBe(200);
  });

  it('refuses a reminder startAt in the past unless allowPast anchors the grid there', async () => {
    const reminder = { to: CUSTOMER, body: 'Take your pills', intervalSeconds: 8 * 3600 };
    const past = await h.admin('POST', '/api/reminders', { ...reminder, startAt: inMinutes(-90) });
    expect(past.statusCode).toBe(400);
    expect(problem(past)).toMatch(/^startAt .* is in the past; leave it out to start now/);

    const anchored = await h.admin('POST', '/api/reminders', { ...reminder, startAt: inMinutes(-90), allowPast: true });
    expect(anchored.statusCode).toBe(201);
    const next = new Date(anchored.json().nextRunAt as string).getTime();
    expect(next).toBeGreaterThan(Date.now());
    expect(next).toBeLessThanOrEqual(Date.now() + 8 * 3600_000);
  });

  it('refuses a reminder that would never fire (its end before its first run), on create and on edit', async () => {
    const ended = await h.admin('POST', '/api/reminders', {
      to: CUSTOMER,
      body: 'Every 8 hours for a week',
      intervalSeconds: 8 * 3600,
      endAt: inMinutes(-60),
    });
    expect(ended.statusCode).toBe(400);
    expect(problem(ended)).toMatch(/^endAt .* comes before the schedule's first run: this reminder would never send/);
    const beforeFirst = await h.admin('POST', '/api/reminders', {
      to: CUSTOMER,
      body: 'hourly',
      intervalSeconds: 3600,
      endAt: inMinutes(30),
    });
    expect(beforeFirst.statusCode).toBe(400);
    expect(await h.prisma.reminder.count({ where: { to: CUSTOMER, body: { not: 'Take your pills' } } })).toBe(0);

    const ok = await h.admin('POST', '/api/reminders', { to: CUSTOMER, body: 'daily', intervalSeconds: 86_400 });
    const id = ok.json().id as string;
    const edit = await h.admin('PATCH', `/api/reminders/${id}`, { endAt: inMinutes(60) });
    expect(edit.statusCode).toBe(400);
    // Disabled, it may end whenever it likes: it sits there without pretending to be scheduled.
    const disabled = await h.admin('PATCH', `/api/reminders/${id}`, { endAt: inMinutes(60), enabled: false });
    expect(disabled.statusCode).toBe(200);
  });
});
