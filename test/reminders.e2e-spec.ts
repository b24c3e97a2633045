import { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Harness, waitFor } from './support';

const CUSTOMER = '+15557654321';

describe('Reminders and scheduled messages (controllable clock)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: { MAINTENANCE_INTERVAL_MS: '100' } });
  });
  afterAll(() => h.close());
  // A reminder tick that read the clock before it went back (hours ahead, in the cron test)
  // could still fire this test's reminder as if it were due: startOver lets it finish first.
  // (The in-process worker is the only consumer of this harness's maintenance queue.)
  beforeEach(() => h.startOver());

  /** Moves "now" for the rules in both apps, without waiting. */
  const setClock = (offsetMs: number) => h.setClockOffset(offsetMs);
  const reminderTexts = () => h.twilio.sent.filter((m) => m.body.startsWith('Take'));
  const create = async (body: object) => {
    const res = await h.admin('POST', '/api/reminders', { to: CUSTOMER, body: 'Take your medication', ...body });
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  it('fires an interval reminder on schedule, once per occurrence', async () => {
    const reminder = await create({ intervalSeconds: 60 });
    expect(new Date(reminder.nextRunAt).getTime() - Date.now()).toBeGreaterThan(55_000);
    await sleep(400);
    expect(reminderTexts()).toHaveLength(0);
    setClock(61_000);
    await waitFor(() => reminderTexts().length === 1, 'the first occurrence');
    await sleep(400);
    expect(reminderTexts()).toHaveLength(1);
    setClock(121_000);
    await waitFor(() => reminderTexts().length === 2, 'the second occurrence');
    const after = (await h.admin('GET', `/api/reminders/${reminder.id}`)).json();
    expect(after).toMatchObject({ sendCount: 2, skippedCount: 0, lastError: null });
    expect(await h.prisma.message.count({ where: { reminderId: reminder.id, sid: { not: null } } })).toBe(2);
  });

  it('fires a cron reminder in its time zone', async () => {
    const reminder = await create({ cron: '30 9 * * *', timezone: 'Europe/Warsaw' });
    const next = new Date(reminder.nextRunAt);
    expect(next.toLocaleString('en-GB', { timeZone: 'Europe/Warsaw', hour: '2-digit', minute: '2-digit' })).toBe(
      '09:30',
    );
    setClock(next.getTime() - Date.now() + 1_000);
    await waitFor(() => reminderTexts().length === 1, 'the cron occurrence');
  });

  it('after a long gap without workers sends one catch-up, not a burst', async () => {
    const reminder = await create({ intervalSeconds: 60 });
    // Half a minute off the minute grid: due exactly an hour ago, its 61st occurrence would be
    // "now", and a tick that read its clock just before this UPDATE would rightly send that one
    // too, a moment later (seen under load: 59 missed, then a second text).
    await h.prisma.$executeRaw`
      UPDATE reminders SET "nextRunAt" = now() - interval '1 hour 30 seconds' WHERE id = ${reminder.id}::uuid`;
    await waitFor(() => reminderTexts().length === 1, 'the catch-up send');
    await sleep(500);
    expect(reminderTexts()).toHaveLength(1);
    const after = (await h.admin('GET', `/api/reminders/${reminder.id}`)).json();
    expect(after.skippedCount).toBe(60);
    expect(after.lastError).toMatch(/missed 60 occurrence/);
    expect(new Date(after.nextRunAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('takes edits, disabling and deletion into account from the next occurrence', async () => {
    const reminder = await create({ intervalSeconds: 60 });
    expect((await h.admin('PATCH', `/api/reminders/${reminder.id}`, { body: 'Take two today' })).statusCode).toBe(200);
    setClock(61_000);
    await waitFor(() => reminderTexts().length === 1, 'the edited occurrence');
    expect(reminderTexts()[0].body).toBe('Take two today');

    await h.admin('PATCH', `/api/reminders/${reminder.id}`, { enabled: false });
    setClock(200_000);
    await sleep(500);
    expect(reminderTexts()).toHaveLength(1);

    const reenabled = (
      await h.admin('PATCH', `/api/reminders/${reminder.id}`, { enabled: true, intervalSeconds: 120 })
    ).json();
    expect(new Date(reenabled.nextRunAt).getTime()).toBeGreaterThan(Date.now() + 200_000);

    expect((await h.admin('DELETE', `/api/reminders/${reminder.id}`)).statusCode).toBe(204);
    expect((await h.admin('GET', `/api/reminders/${reminder.id}`)).statusCode).toBe(404);
    setClock(1_000_000);
    await sleep(500);
    expect(reminderTexts()).toHaveLength(1);
  });

  it('skips an opted-out recipient and records it', async () => {
    await h.inbound(CUSTOMER, 'STOP');
    await waitFor(() => h.twilio.sent.length === 1, 'the STOP confirmation');
    const reminder = await create({ intervalSeconds: 60 });
    setClock(61_000);
    await waitFor(
      async () => (await h.admin('GET', `/api/reminders/${reminder.id}`)).json().skippedCount === 1,
      'the skip',
    );
    expect(reminderTexts()).toHaveLength(0);
    expect((await h.admin('GET', `/api/reminders/${reminder.id}`)).json().lastError).toBe('recipient opted out');
  });

  it('sends now on request without moving the schedule', async () => {
    const reminder = await create({ intervalSeconds: 3600 });
    const res = await h.admin('POST', `/api/reminders/${reminder.id}/send-now`);
    expect(res.statusCode).toBe(201);
    await waitFor(() => reminderTexts().length === 1, 'the send-now');
    const after = (await h.admin('GET', `/api/reminders/${reminder.id}`)).json();
    expect(after).toMatchObject({ sendCount: 1, nextRunAt: reminder.nextRunAt });
  });

  it('sends a one-off scheduled message at its time, and cancels another before it', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    const kept = (
      await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'Your table at 8', sendAt: later })
    ).json();
    const dropped = (
      await h.admin('POST', '/api/messages', { to: '+15557654322', body: 'Never mind', sendAt: later })
    ).json();
    expect(kept).toMatchObject({ status: 'scheduled', scheduledAt: later });
    const cancelled = await h.admin('DELETE', `/api/messages/${dropped.id}/schedule`);
    expect(cancelled.json().status).toBe('canceled');
    expect((await h.admin('DELETE', `/api/messages/${dropped.id}/schedule`)).statusCode).toBe(409);
    await sleep(400);
    expect(h.twilio.sent).toHaveLength(0);
    setClock(61_000);
    await waitFor(() => h.twilio.sent.length === 1, 'the scheduled send');
    await sleep(400);
    expect(h.twilio.sent.map((m) => m.body)).toEqual(['Your table at 8']);
    expect((await h.admin('GET', `/api/messages/${kept.id}`)).json()).toMatchObject({
      status: 'queued',
      sid: h.twilio.sent[0].sid,
    });
  });

  it.each([
    [{ intervalSeconds: 59 }, /intervalSeconds must be an integer from 60 to/],
    [{ intervalSeconds: 1e308 }, /intervalSeconds must be an integer from 60 to 315360000/],
    [{ cron: 'every day' }, /cron is not a valid cron expression/],
    [{}, /exactly one of intervalSeconds and cron/],
    [{ intervalSeconds: 60, cron: '* * * * *' }, /exactly one of intervalSeconds and cron/],
    [{ intervalSeconds: 60, to: 'nobody' }, /to must be a phone number/],
    [{ intervalSeconds: 60, body: '' }, /body should not be empty/],
    [{ intervalSeconds: 60, body: '   ' }, /body should not be empty/],
    [{ cron: '0 9 * * *', timezone: 'Mars/Base' }, /timezone must be an IANA time zone/],
  ])('rejects %j with 400 naming the field', async (body, message) => {
    const res = await h.admin('POST', '/api/reminders', { to: CUSTOMER, body: 'x', ...body });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().message)).toMatch(message);
    expect(await h.prisma.reminder.count()).toBe(0);
  });
});

describe('reminders with three worker processes', () => {
  let h: Harness;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { MAINTENANCE_INTERVAL_MS: '50' } });
    await h.truncate();
    workers.push(...(await Promise.all([h.spawnWorker(), h.spawnWorker(), h.spawnWorker()])));
  }, 30_000);
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await h.close();
  });

  it('sends each due occurrence exactly once', async () => {
    const to = Array.from({ length: 40 }, (_, i) => `+1555800${String(i).padStart(4, '0')}`);
    for (const number of to) {
      expect(
        (await h.admin('POST', '/api/reminders', { to: number, body: 'Weekly check-in', intervalSeconds: 60 }))
          .statusCode,
      ).toBe(201);
    }
    await h.prisma.$executeRaw`UPDATE reminders SET "nextRunAt" = now() - interval '1 second'`;
    await waitFor(() => h.twilio.sent.length >= 40, '40 reminder sends', 15_000);
    await sleep(1_000);
    expect(h.twilio.sent.map((m) => m.to).sort()).toEqual([...to].sort());
    expect(await h.prisma.reminder.aggregate({ _sum: { sendCount: true } })).toEqual({ _sum: { sendCount: 40 } });
  });
});
