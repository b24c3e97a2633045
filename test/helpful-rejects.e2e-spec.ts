import { ADMIN_KEY, Harness } from './support';

/**
 * Helpful rejects (issue 20, part 7). A 400 used to repeat itself — `{}` sent to POST /api/messages
 * got six messages, three per missing field — led a typo (`too`) with "property too should not
 * exist" and three messages about the missing `to`, refused quietHours written the way QUIET_HOURS
 * writes them ("21:00-08:00") as "must be either object or array", and answered a body that is not
 * JSON in a shape of its own (no `error`, `message` a string). Now one message per field, the most
 * useful first, a guess at the field a typo meant, the text form of quiet hours, and every 400 in
 * one shape.
 */
const CUSTOMER = '+15557654321';
const CAMPAIGN = { name: 'Spring sale', body: 'Hi', recipients: [CUSTOMER] };

type Answer = { statusCode: number; json: () => unknown };

describe('helpful rejects', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.truncate();
  });
  afterAll(() => h.close());

  /** A 400 in the one shape every 400 has; its messages. */
  function refused(res: Answer): string[] {
    expect(res.statusCode).toBe(400);
    const body = res.json() as { message: string[] };
    expect(body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(Array) });
    expect(body.message.every((m) => typeof m === 'string')).toBe(true);
    return body.message;
  }

  const postJson = (url: string, payload: string) =>
    h.api.inject({
      method: 'POST',
      url,
      headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
      payload,
    });

  it('answers {} with one message per missing field, in the order of the fields', async () => {
    expect(refused(await h.admin('POST', '/api/messages', {}))).toEqual([
      'to is required',
      'body is required unless a template (contentSid) or mediaUrls is given',
    ]);
    expect(refused(await h.admin('POST', '/api/campaigns', {}))).toEqual([
      'name is required',
      'body is required unless a template (contentSid) is given',
      'recipients is required',
    ]);
    expect(refused(await h.admin('POST', '/api/reminders', {}))[0]).toBe('to is required');
    expect(await h.prisma.message.count()).toBe(0);
  });

  it('gives a value of the wrong type one message that says which type', async () => {
    expect(refused(await h.admin('POST', '/api/messages', { to: 15557654321, body: 'hi' }))).toEqual([
      'to must be a string',
    ]);
  });

  it('leads a typo with the field it most likely meant, and says once that that field is missing', async () => {
    const messages = refused(await h.admin('POST', '/api/messages', { too: CUSTOMER, body: 'hi' }));
    expect(messages).toEqual(['property too should not exist — did you mean `to`?', 'to is required']);

    // In a query string and a nested object too; a field nothing resembles gets no guess.
    expect(refused(await h.admin('GET', '/api/messages?limt=5'))).toEqual([
      'property limt should not exist — did you mean `limit`?',
    ]);
    expect(
      refused(await h.admin('POST', '/api/campaigns', { ...CAMPAIGN, quietHours: { strat: '21:00', end: '08:00' } })),
    ).toEqual([
      'property quietHours.strat should not exist — did you mean `quietHours.start`?',
      'quietHours.start is required',
    ]);
    expect(refused(await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'hi', colour: 'red' }))).toEqual([
      'property colour should not exist',
    ]);
    expect(await h.prisma.message.count()).toBe(0);
  });

  it('answers a body that is not JSON with a 400 of the same shape that says why', async () => {
    for (const url of ['/api/messages', '/api/campaigns/00000000-0000-0000-0000-000000000000/launch']) {
      expect(refused(await postJson(url, '{"to": '))).toEqual([
        'request body is not valid JSON: Unexpected end of JSON input',
      ]);
    }
    expect(refused(await postJson('/api/messages', `{"to": "${CUSTOMER}", body: "hi"}`))).toEqual([
      expect.stringMatching(/^request body is not valid JSON: Expected (double-quoted )?property name/),
    ]);
    expect(refused(await postJson('/api/messages', '{"__proto__": {"isAdmin": true}}'))).toEqual([
      expect.stringMatching(/^request body must not contain a "__proto__" key/),
    ]);
    expect(refused(await postJson('/api/messages', `{"to": ${'['.repeat(40)}${']'.repeat(40)}}`))).toEqual([
      'request body is JSON nested deeper than 32 levels',
    ]);
    expect(await h.prisma.message.count()).toBe(0);
  });

  it('answers the 400s a service raises in that shape too', async () => {
    expect(refused(await h.admin('POST', '/api/messages', { to: 'not a number', body: 'hi' }))).toEqual([
      expect.stringMatching(/^to must be a phone number \(E\.164/),
    ]);
    // PostgreSQL refusing the text (NUL) used to be the one 400 whose message was a string.
    expect(refused(await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'a\u0000b' }))).toEqual([
      'The request contains characters that cannot be stored (NUL)',
    ]);
  });

  describe('quietHours as QUIET_HOURS writes them', () => {
    it('takes "21:00-08:00" where the object is taken, and stores the same window', async () => {
      const created = await h.admin('POST', '/api/campaigns', { ...CAMPAIGN, quietHours: '21:00-08:00' });
      expect(created.statusCode).toBe(201);
      expect(created.json().quietHours).toEqual({ start: '21:00', end: '08:00', timezone: null });
      const { id } = created.json();
      expect(await h.prisma.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
        quietStart: '21:00',
        quietEnd: '08:00',
      });

      const patched = await h.admin('PATCH', `/api/campaigns/${id}`, { quietHours: ' 22:30 - 06:15 ' });
      expect(patched.statusCode).toBe(200);
      expect(patched.json().quietHours).toEqual({ start: '22:30', end: '06:15', timezone: null });

      const cleared = await h.admin('PATCH', `/api/campaigns/${id}`, { quietHours: null });
      expect(cleared.json().quietHours).toBeNull();
    });

    it('refuses text it cannot read with a 400 naming quietHours and the forms it takes', async () => {
      const before = await h.prisma.campaign.count();
      for (const quietHours of ['9pm-8am', '25:00-08:00', '21:00', '10:00-10:00', '21:00-08:00-09:00']) {
        expect(refused(await h.admin('POST', '/api/campaigns', { ...CAMPAIGN, quietHours }))).toEqual([
          'quietHours must look like 21:00-08:00 (start and end differ), or be an object {start, end, timezone?}',
        ]);
      }
      expect(refused(await h.admin('POST', '/api/campaigns', { ...CAMPAIGN, quietHours: 2100 }))).toEqual([
        'quietHours must be an object {start, end, timezone?} or text like 21:00-08:00',
      ]);
      const { id } = (await h.admin('POST', '/api/campaigns', CAMPAIGN)).json();
      expect(refused(await h.admin('PATCH', `/api/campaigns/${id}`, { quietHours: 'nights' }))).toEqual([
        'quietHours must look like 21:00-08:00 (start and end differ), or be an object {start, end, timezone?}',
      ]);
      expect(await h.prisma.campaign.count()).toBe(before + 1);
    });
  });
});
