import { Harness } from './support';

/**
 * Inputs a penetration test turned into 500s: bodies nested thousands deep, dates
 * outside the years PostgreSQL and our rules can hold, cursors that only look like
 * ours, cron lines with a seconds field. Each is a 400 that says why, and stores nothing.
 */
describe('Admin API: edge inputs are 400s, never 500s', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.truncate();
  });
  afterAll(() => h.close());

  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const cursor = (text: string) => Buffer.from(text).toString('base64url');
  const messages = (query: string) => h.admin('GET', `/api/messages?${query}`);

  it('refuses a JSON body nested deeper than 32 levels on every route, with or without a key', async () => {
    for (const [url, key] of [
      ['/api/messages', undefined],
      ['/api/campaigns', undefined],
      ['/api/campaigns', null],
      ['/twilio/inbound', null],
    ] as const) {
      const res = await h.api.inject({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/json',
          ...(key === null ? {} : { 'x-api-key': 'test-admin-key-7f3a' }),
        },
        payload: `{"body": ${nested(10_000)}}`,
      });
      // Twilio only sends forms: a JSON body there is refused before the signature check either way.
      const refused = url.startsWith('/twilio') ? [400, 415].includes(res.statusCode) : res.statusCode === 400;
      expect({ url, status: res.statusCode, refused }).toEqual({ url, status: res.statusCode, refused: true });
    }
    const ok = await h.api.inject({
      method: 'POST',
      url: '/api/messages',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test-admin-key-7f3a' },
      payload: { to: '+15557654321', body: 'Hi', mediaUrls: [] },
    });
    expect(ok.statusCode).toBe(201);
    expect(
      (
        await h.api.inject({
          method: 'POST',
          url: '/api/messages',
          headers: { 'content-type': 'application/json', 'x-api-key': 'test-admin-key-7f3a' },
          payload: `{"to": "+15557654321", "body": "Hi", "extra": ${nested(40)}}`,
        })
      ).json().message,
    ).toEqual([expect.stringMatching(/nested deeper than 32/)]);
  });

  it.each([
    ['since=0000-01-01T00:00:00Z', /since must be a date-time between 1970 and 9999/],
    ['since=-271821-04-20T00:00:00Z', /since must be/],
    ['since=1969-12-31T23:59:59Z', /since must be a date-time between 1970 and 9999/],
    [`cursor=${cursor(`0000-01-01T00:00:00.000Z|${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`)}`, /cursor/],
    [`cursor=${cursor(`2026-12-01T00:00:00.000Z|${'-'.repeat(36)}`)}`, /cursor/],
    [`cursor=${cursor('-271821-04-20T00:00:00.000Z|0b9d4c1e-6f2a-4e8b-9c3d-5a7f1e2b4c6d')}`, /cursor/],
  ])('GET /api/messages?%s is a 400', async (query, message) => {
    const res = await messages(query);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().message)).toMatch(message);
  });

  it.each([
    ['/api/messages', { to: '+15557654321', body: 'Hi', sendAt: '0000-01-01T00:00:00Z' }, /sendAt/],
    [
      '/api/campaigns',
      { name: 'x', body: 'Hi', recipients: ['+15557654321'], sendAt: '+010000-01-01T00:00:00Z' },
      /sendAt/,
    ],
    [
      '/api/reminders',
      { to: '+15557654321', body: 'Hi', intervalSeconds: 3600, startAt: '0000-01-01T00:00:00Z' },
      /startAt/,
    ],
    [
      '/api/reminders',
      { to: '+15557654321', body: 'Hi', intervalSeconds: 3600, endAt: '9999-12-31T23:59:60Z' },
      /endAt/,
    ],
    ['/api/reminders', { to: '+15557654321', body: 'Hi', cron: '* * * * * *' }, /cron must have five fields/],
    ['/api/reminders', { to: '+15557654321', body: 'Hi', cron: '*/10 * * * * *' }, /cron must have five fields/],
  ])('POST %s %j is a 400 and stores nothing', async (url, body, message) => {
    const res = await h.admin('POST', url, body);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().message)).toMatch(message);
    const [reminders, campaigns] = await Promise.all([h.prisma.reminder.count(), h.prisma.campaign.count()]);
    expect({ reminders, campaigns }).toEqual({ reminders: 0, campaigns: 0 });
  });

  it('still takes the calendar’s sane ends and a five-field cron', async () => {
    expect((await messages('since=1970-01-01T00:00:00Z')).statusCode).toBe(200);
    expect((await messages('since=9999-12-31T23:59:59Z')).statusCode).toBe(200);
    const reminder = await h.admin('POST', '/api/reminders', { to: '+15557654321', body: 'Hi', cron: '*/5 * * * *' });
    expect(reminder.statusCode).toBe(201);
  });
});
