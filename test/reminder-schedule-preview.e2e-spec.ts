import { ADMIN_KEY, Harness } from './support';

const CUSTOMER = '+15557654321';
const PREVIEW = '/api/reminders/preview-schedule';

/**
 * What a reminder's schedule will do, before and after saving it: POST /api/reminders/preview-schedule
 * (the next five runs, or the 400 a create would get, nothing stored) and `nextRuns` on the
 * reminder itself, both by the workers' own schedule rules (libs/messaging/src/reminders/schedule.ts).
 */
describe('reminder schedules previewed (POST /api/reminders/preview-schedule, nextRuns)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.truncate();
  });
  afterAll(() => h.close());

  const day = 86_400_000;

  it('lists the next five runs of a cron schedule in its time zone, storing nothing', async () => {
    const res = await h.admin('POST', PREVIEW, { cron: '30 9 * * 1-5', timezone: 'Europe/Warsaw' });
    expect(res.statusCode).toBe(200);
    const runs: string[] = res.json().runs;
    expect(runs).toHaveLength(5);
    for (const run of runs) {
      const at = new Date(run);
      expect(at.getTime()).toBeGreaterThan(Date.now());
      expect(at.toLocaleString('en-GB', { timeZone: 'Europe/Warsaw', hour: '2-digit', minute: '2-digit' })).toBe(
        '09:30',
      );
      const weekday = at.toLocaleString('en-GB', { timeZone: 'Europe/Warsaw', weekday: 'short' });
      expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(weekday);
    }
    expect([...runs].sort()).toEqual(runs);
    expect(await h.prisma.reminder.count()).toBe(0);
  });

  it('lists an interval from startAt, and stops at endAt', async () => {
    const startAt = new Date(Date.now() + day);
    const endAt = new Date(startAt.getTime() + 2.5 * 3_600_000);
    const res = await h.admin('POST', PREVIEW, {
      intervalSeconds: 3600,
      startAt: startAt.toISOString(),
      endAt: endAt.toISOString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().runs).toEqual([0, 1, 2].map((k) => new Date(startAt.getTime() + k * 3_600_000).toISOString()));
    // An end before the first run: a schedule that never runs, said as no runs.
    const never = await h.admin('POST', PREVIEW, {
      cron: '0 9 1 1 *',
      startAt: startAt.toISOString(),
      endAt: new Date(startAt.getTime() + 60_000).toISOString(),
    });
    expect(never.json()).toEqual({ runs: [] });
  });

  it('gives a saved reminder its nextRuns from nextRunAt, the same as the preview, and none while disabled', async () => {
    const schedule = { cron: '0 8 * * *', timezone: 'America/Chicago' };
    const preview = (await h.admin('POST', PREVIEW, schedule)).json().runs;
    const created = await h.admin('POST', '/api/reminders', { to: CUSTOMER, body: 'Water the plants', ...schedule });
    expect(created.statusCode).toBe(201);
    const reminder = created.json();
    expect(reminder.nextRuns).toEqual(preview);
    expect(reminder.nextRuns[0]).toBe(reminder.nextRunAt);
    const listed = (await h.admin('GET', '/api/reminders')).json().items[0];
    expect(listed.nextRuns).toEqual(preview);

    const disabled = await h.admin('PATCH', `/api/reminders/${reminder.id}`, { enabled: false });
    expect(disabled.json()).toMatchObject({ enabled: false, nextRuns: [] });
    const enabled = await h.admin('PATCH', `/api/reminders/${reminder.id}`, { enabled: true });
    expect(enabled.json().nextRuns).toHaveLength(5);
  });

  describe('abuse', () => {
    it('401 without a key or with a wrong one', async () => {
      for (const key of [null, '', 'wrong', 'sbk_notakey']) {
        const res = await h.admin('POST', PREVIEW, { intervalSeconds: 3600 }, key);
        expect({ key, status: res.statusCode }).toEqual({ key, status: 401 });
      }
    });

    it('400 naming the field, as a create with the same schedule would', async () => {
      const cases: Array<[object, RegExp]> = [
        [{}, /^exactly one of intervalSeconds and cron is required/],
        [{ intervalSeconds: 3600, cron: '* * * * *' }, /^exactly one of intervalSeconds and cron/],
        [{ intervalSeconds: 59 }, /^intervalSeconds must be an integer from 60/],
        [{ intervalSeconds: '3600' }, /^intervalSeconds must be an integer/],
        [{ cron: 'every day' }, /^cron is not a valid cron expression/],
        [{ cron: '* * * * * *' }, /^cron must have five fields/],
        [{ cron: '0 9 * * *', timezone: 'Mars/Olympus' }, /^timezone must be an IANA time zone/],
        [{ intervalSeconds: 3600, startAt: 'tomorrow' }, /^startAt must be a date-time/],
        [
          { intervalSeconds: 3600, startAt: '2020-01-01T00:00:00Z' },
          /^startAt 2020-01-01T00:00:00.000Z is in the past/,
        ],
        [
          { intervalSeconds: 3600, startAt: '2099-01-02T00:00:00Z', endAt: '2099-01-01T00:00:00Z' },
          /^endAt must be after startAt/,
        ],
        [{ intervalSeconds: 3600, allowPast: 'yes' }, /^allowPast must be a boolean/],
        [{ intervalSeconds: 3600, to: CUSTOMER }, /^property to should not exist/],
      ];
      for (const [body, message] of cases) {
        const res = await h.admin('POST', PREVIEW, body);
        expect({ body, status: res.statusCode }).toEqual({ body, status: 400 });
        expect({ body, message: res.json().message[0] }).toEqual({ body, message: expect.stringMatching(message) });
      }
      // allowPast keeps an interval's grid from a past startAt, as for a create.
      const past = await h.admin('POST', PREVIEW, {
        intervalSeconds: 3600,
        startAt: '2020-01-01T00:30:00Z',
        allowPast: true,
      });
      expect(past.statusCode).toBe(200);
      expect(new Date(past.json().runs[0]).getUTCMinutes()).toBe(30);
    });

    it('never a 5xx on junk', async () => {
      const junk: unknown[] = [
        { cron: 'x'.repeat(101) },
        { cron: '@reboot' },
        { cron: '0 0 31 2 *' },
        { cron: 60 },
        { cron: null },
        { intervalSeconds: 1e308 },
        { intervalSeconds: -1 },
        { intervalSeconds: 3600, startAt: '9999-12-31T23:59:59Z' },
        { intervalSeconds: 3600, timezone: 'x'.repeat(65) },
        { intervalSeconds: 315_360_000, endAt: '9999-12-31T23:59:59Z' },
        [],
        'text',
      ];
      for (const body of junk) {
        const res = await h.api.inject({
          method: 'POST',
          url: PREVIEW,
          headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expect({ body, status: res.statusCode < 500 }).toEqual({ body, status: true });
      }
    });
  });
});
