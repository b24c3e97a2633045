import { generateKeyPairSync } from 'node:crypto';
import { DateTime } from 'luxon';
import { FakeGoogleCalendar, Harness, waitFor } from './support';

/**
 * Appointments synced to Google Calendar through the official client (@googleapis/calendar, and
 * google-auth-library's JWT flow), Google faked at the far end: its token endpoint (reached
 * through the key's token_uri, the assertion's signature checked) and Calendar v3 (reached through
 * GOOGLE_API_ROOT_URL). The worker is the built one, in its own process, so its log can be read.
 */
describe('calendar sync', () => {
  const NY = 'America/New_York';
  const DEFAULT_CALENDAR = 'owner@default.example';
  const google = new FakeGoogleCalendar();
  let h: Harness;
  /** Every answer the API gave, to look for the keys in. */
  const answers: string[] = [];

  const serviceAccount = (clientEmail: string) => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    google.register(clientEmail, publicKey);
    const json = JSON.stringify({
      type: 'service_account',
      project_id: 'switchboard-test',
      private_key_id: 'a1b2c3',
      private_key: privateKey,
      client_email: clientEmail,
      client_id: '1234567890',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: google.tokenUri,
    });
    // A line from the middle of the PEM: what a leak of the key would contain.
    return { json, clientEmail, keyLine: privateKey.split('\n')[5] };
  };
  // Made once the fake listens: their token_uri is its address.
  let keyA: ReturnType<typeof serviceAccount>;
  let keyB: ReturnType<typeof serviceAccount>;

  const call = async (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body?: object,
    headers: Record<string, string> = {},
  ) => {
    const res = await h.admin(method, url, body, undefined, headers);
    answers.push(res.body);
    return res;
  };
  /** Three days ahead at `hour` in New York. */
  const at = (hour: number, minute = 0) =>
    DateTime.now().setZone(NY).plus({ days: 3 }).set({ hour, minute, second: 0, millisecond: 0 });
  const book = (startsAt: DateTime, extra: object = {}, headers: Record<string, string> = {}) =>
    call('POST', '/api/appointments', { phone: '+15557654321', startsAt: startsAt.toISO(), ...extra }, headers);
  const appointment = async (id: string, headers: Record<string, string> = {}) =>
    (await call('GET', `/api/appointments/${id}`, undefined, headers)).json();
  const synced = (id: string, headers: Record<string, string> = {}, timeoutMs = 15_000) =>
    waitFor(
      async () => {
        const a = await appointment(id, headers);
        return a.calendar?.sync === 'synced' ? a : null;
      },
      `appointment ${id} to be synced`,
      timeoutMs,
    );
  const eventIdOf = (appointmentId: string) => appointmentId.replace(/-/g, '');

  beforeAll(async () => {
    await google.start();
    keyA = serviceAccount('switchboard@acme.iam.gserviceaccount.com');
    keyB = serviceAccount('bookings@bravo.iam.gserviceaccount.com');
    h = await Harness.start({
      worker: false,
      env: { GOOGLE_CALENDAR_ID: DEFAULT_CALENDAR, GOOGLE_API_ROOT_URL: google.url, GOOGLE_TIMEOUT_MS: '5000' },
    });
    await h.truncate();
    await h.spawnWorker({ LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await h?.resetDefaultBusiness();
    await h?.close();
    await google.stop();
  });

  it('makes no call for a business with no key (the default calendar alone is not enough)', async () => {
    const booked = await book(at(8));
    expect(booked.statusCode).toBe(201);
    expect(booked.json().calendar).toBeNull();
    const cancelled = await call('PATCH', `/api/appointments/${booked.json().id}`, { status: 'cancelled' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', calendar: null });
    await h.settle();
    expect(google.requests).toEqual([]);
    expect(google.tokensIssued).toEqual([]);
  });

  it('stores a business key sealed and shows only its address; refuses a bad key or calendar id naming the field', async () => {
    const unauthenticated = await h.admin('PATCH', '/api/businesses/default', { calendarId: 'x@y.z' }, null);
    expect(unauthenticated.statusCode).toBe(401);
    const bad: Array<[object, string]> = [
      [
        { googleServiceAccount: 'not json' },
        'googleServiceAccount must be the JSON text of a service-account key file',
      ],
      [
        { googleServiceAccount: '{"client_email":"a@b.c"}' },
        'googleServiceAccount has no private_key (a PEM private key)',
      ],
      [{ googleServiceAccount: 42 }, 'googleServiceAccount must be the JSON text of a service-account key file'],
      [
        { googleServiceAccount: JSON.stringify({ ...JSON.parse(keyA.json), token_uri: 'http://evil.example/token' }) },
        'googleServiceAccount has a token_uri that is not an https URL',
      ],
      [{ calendarId: 'has spaces in it' }, 'calendarId must be a Google Calendar id like owner@example.com'],
    ];
    for (const [body, message] of bad) {
      const res = await call('PATCH', '/api/businesses/default', body);
      expect({ body, status: res.statusCode }).toEqual({ body, status: 400 });
      expect(JSON.stringify(res.json().message)).toContain(message);
    }
    const res = await call('PATCH', '/api/businesses/default', { timezone: NY, googleServiceAccount: keyA.json });
    expect(res.statusCode).toBe(200);
    expect(res.json().calendar).toEqual({
      calendarId: null,
      serviceAccount: { clientEmail: keyA.clientEmail, keySet: true },
    });
    const stored = await h.prisma.business.findFirstOrThrow({ where: { slug: 'default' } });
    expect(stored.googleServiceAccount).toMatch(/^sb1\./);
    expect(stored.googleServiceAccount).not.toContain(keyA.keyLine);
  });

  it('creates the event on booking (its time, zone and text), moves it on rescheduling, deletes it on cancelling', async () => {
    const res = await book(at(9), { service: 'Burst pipe', address: '12 Oak Street', notes: 'Dog in the yard' });
    expect(res.statusCode).toBe(201);
    // The booking does not wait for Google: it answers with the sync on its way.
    expect(res.json().calendar).toMatchObject({ sync: 'pending', link: null, error: null });
    const id: string = res.json().id;
    const done = await synced(id);
    const [event] = google.live(DEFAULT_CALENDAR);
    expect(event).toMatchObject({
      id: eventIdOf(id),
      summary: 'Burst pipe: +15557654321',
      location: '12 Oak Street',
      start: { dateTime: at(9).toUTC().toISO(), timeZone: NY },
      end: { dateTime: at(10).toUTC().toISO(), timeZone: NY },
    });
    expect(event.description).toContain('Dog in the yard');
    expect(done.calendar).toEqual({ sync: 'synced', link: event.htmlLink, error: null });
    expect(google.tokensIssued).toEqual([keyA.clientEmail]);
    expect(google.requests.map((r) => [r.method, r.account])).toEqual([['POST', keyA.clientEmail]]);

    const moved = await call('PATCH', `/api/appointments/${id}`, { startsAt: at(14, 30).toISO() });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().calendar.sync).toBe('pending');
    await synced(id);
    expect(google.live(DEFAULT_CALENDAR)).toEqual([
      expect.objectContaining({
        id: eventIdOf(id),
        start: { dateTime: at(14, 30).toUTC().toISO(), timeZone: NY },
        end: { dateTime: at(15, 30).toUTC().toISO(), timeZone: NY },
      }),
    ]);
    expect(google.requests.at(-1)).toMatchObject({ method: 'PATCH', eventId: eventIdOf(id), status: 200 });

    await call('PATCH', `/api/appointments/${id}`, { status: 'cancelled' });
    const cancelled = await synced(id);
    expect(cancelled.calendar).toEqual({ sync: 'synced', link: null, error: null });
    expect(google.live(DEFAULT_CALENDAR)).toEqual([]);
    expect(google.requests.at(-1)).toMatchObject({ method: 'DELETE', eventId: eventIdOf(id), status: 204 });
    // The access token is kept for its hour: one token for all of it.
    expect(google.tokensIssued).toEqual([keyA.clientEmail]);
  });

  it('shows a failure on the appointment and retries it as a job until Google answers', async () => {
    google.failNext(2, 503);
    const res = await book(at(11));
    expect(res.statusCode).toBe(201);
    const id: string = res.json().id;
    const failed = await waitFor(async () => {
      const a = await appointment(id);
      return a.calendar?.sync === 'failed' ? a : null;
    }, 'the failure to show');
    expect(failed.calendar).toEqual({ sync: 'failed', link: null, error: 'Google Calendar 503: Backend Error' });
    const done = await synced(id, {}, 30_000);
    expect(done.calendar).toMatchObject({ sync: 'synced', error: null });
    expect(done.calendar.link).toEqual(expect.stringContaining('https://www.google.com/calendar/event?eid='));
    const tries = google.requests.filter((r) => r.eventId === null && r.body?.id === eventIdOf(id));
    expect(tries.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('never makes a second event when a create got through but its answer was lost', async () => {
    google.failNext(1, 503, true);
    const id: string = (await book(at(16))).json().id;
    await synced(id, {}, 20_000);
    const mine = google.live(DEFAULT_CALENDAR).filter((e) => e.id === eventIdOf(id));
    expect(mine).toHaveLength(1);
    // The retry's create met the first one (409) and wrote over it instead.
    expect(
      google.requests
        .filter((r) => r.eventId === eventIdOf(id) || r.body?.id === eventIdOf(id))
        .map((r) => [r.method, r.status]),
    ).toEqual([
      ['POST', 503],
      ['POST', 409],
      ['PATCH', 200],
    ]);
  });

  it("sends business B's appointments to B's calendar with B's key, and keeps them from A", async () => {
    const created = await call('POST', '/api/businesses', {
      name: 'Bravo Bikes',
      slug: 'bravo',
      timezone: 'Europe/Warsaw',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().calendar).toEqual({ calendarId: null, serviceAccount: null });
    const configured = await call('PATCH', '/api/businesses/bravo', {
      calendarId: 'bookings@bravo.example',
      googleServiceAccount: keyB.json,
    });
    expect(configured.json().calendar).toEqual({
      calendarId: 'bookings@bravo.example',
      serviceAccount: { clientEmail: keyB.clientEmail, keySet: true },
    });
    const asB = { 'x-business-id': 'bravo' };
    const before = google.requests.length;
    const id: string = (await book(at(10), { service: 'Wheel truing' }, asB)).json().id;
    await synced(id, asB);
    const [event] = google.live('bookings@bravo.example');
    expect(event).toMatchObject({ id: eventIdOf(id), start: { timeZone: 'Europe/Warsaw' } });
    expect(google.requests.slice(before).map((r) => [r.calendarId, r.account])).toEqual([
      ['bookings@bravo.example', keyB.clientEmail],
    ]);
    expect(google.tokensIssued.at(-1)).toBe(keyB.clientEmail);
    // Another business's appointment is a 404 here, as everywhere.
    expect((await h.admin('GET', `/api/appointments/${id}`)).statusCode).toBe(404);

    // Taken off (null): B's appointments go nowhere any more; its key is forgotten.
    const off = await call('PATCH', '/api/businesses/bravo', { googleServiceAccount: null, calendarId: null });
    expect(off.json().calendar).toEqual({ calendarId: null, serviceAccount: null });
    const later = await book(at(12), {}, asB);
    expect(later.json().calendar).toBeNull();
  });

  it('never shows a key in an answer or the worker log', () => {
    for (const key of [keyA, keyB]) {
      for (const answer of answers) {
        expect(answer).not.toContain(key.keyLine);
        expect(answer).not.toContain('PRIVATE KEY');
      }
    }
    const log = h.outputs[0]();
    expect(log).toContain('Calendar sync of appointment');
    expect(log).not.toContain('PRIVATE KEY');
    for (const key of [keyA, keyB]) expect(log).not.toContain(key.keyLine);
    expect(log).not.toMatch(/ya29\./);
  });
});
