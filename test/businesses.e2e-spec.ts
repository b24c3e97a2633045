import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { ApiKeysRepository, BusinessesRepository } from '@app/database';
import { ADMIN_KEY, builtAppEnv, freePort, Harness, spawnBuilt, TEST_SECRETS_KEY, waitFor } from './support';

/**
 * The platform's business administration (issue 14, part 4, and the API key routes of part 3):
 * every route's success and refusals, secrets that never come back out (responses, logs, the
 * database), and usage counted from the messages table.
 */
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const OTHER_ACCOUNT_SID = `AC${'fedcba9876543210'.repeat(2)}`;
const AUTH_TOKEN = `tok${randomBytes(14).toString('hex')}`;
const SERVICE_SID = `MG${'a1b2'.repeat(8)}`;
const UNKNOWN_ID = '6b1f3c9e-2a47-4d0b-9f1e-8c5a7d2e4b10';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describe('Businesses', () => {
  let h: Harness;
  /** Every answer the suite got: none may hold a secret. */
  const bodies: string[] = [];
  const call = async (method: Method, url: string, payload?: object, key: string | null = ADMIN_KEY) => {
    const res = await h.admin(method, url, payload, key);
    bodies.push(res.body);
    return res;
  };
  const create = (payload: object) => call('POST', '/api/businesses', payload);

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.truncate());

  describe('POST /api/businesses', () => {
    it('creates a business with its numbers, quiet hours and Twilio subaccount, and returns no secret', async () => {
      const res = await create({
        name: '  Acme Plumbing ',
        slug: 'acme-plumbing',
        timezone: 'America/Chicago',
        ownerPhone: '(415) 555-0100',
        ownerSummaryTime: '18:30',
        quietHours: '21:00-08:00',
        numbers: [
          { address: '+15550002222' },
          { channel: 'whatsapp', address: '+15550002222' },
          { address: 'whatsapp:+48601234567' },
          { address: '(415) 555-0133' },
          { address: '+15550002222' },
        ],
        twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
        messagingServiceSid: SERVICE_SID,
      });
      expect(res.statusCode).toBe(201);
      const business = res.json();
      expect(business).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Acme Plumbing',
        slug: 'acme-plumbing',
        status: 'active',
        timezone: 'America/Chicago',
        ownerPhone: '+14155550100',
        ownerSummaryTime: '18:30',
        reminderHours: 24,
        bookingEnabled: false,
        longReplies: 'cut',
        voiceGreeting: null,
        emergencyKeywords: [],
        safetyLine: null,
        quietHours: { start: '21:00', end: '08:00' },
        widget: { tokenSet: false, allowedOrigins: [] },
        calendar: { calendarId: null, serviceAccount: null },
        numbers: expect.any(Array),
        twilio: { accountSid: ACCOUNT_SID, authTokenSet: true },
        messagingServiceSid: SERVICE_SID,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      // Each number once (the repeat dropped), normalized, the channel from the prefix where not given.
      expect(
        business.numbers.map((n: { channel: string; address: string }) => `${n.channel} ${n.address}`).sort(),
      ).toEqual(['sms +14155550133', 'sms +15550002222', 'whatsapp +15550002222', 'whatsapp +48601234567']);
      expect(res.body).not.toContain(AUTH_TOKEN);
      expect(res.body).not.toContain('authToken"');

      // At rest: sealed for this business, not the token; it opens back to the token.
      const row = await h.prisma.business.findUniqueOrThrow({ where: { id: business.id } });
      expect(row.twilioAuthToken).toMatch(/^sb1\./);
      expect(row.twilioAuthToken).not.toContain(AUTH_TOKEN);
      expect(h.api.get(BusinessesRepository).twilioAccount(row)).toEqual({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
      });
    });

    it('needs only a name and a slug', async () => {
      const res = await create({ name: 'Bare', slug: 'b1' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        slug: 'b1',
        timezone: null,
        ownerPhone: null,
        ownerSummaryTime: null,
        quietHours: null,
        numbers: [],
        twilio: null,
        messagingServiceSid: null,
      });
    });

    it.each<[string, object, RegExp]>([
      ['a slug with capitals', { slug: 'Acme' }, /^slug must be 2 to 40 lowercase letters/],
      ['a one-letter slug', { slug: 'a' }, /^slug must be/],
      ['a 41-letter slug', { slug: 'a'.repeat(41) }, /^slug must be/],
      ['a slug shaped like a uuid', { slug: UNKNOWN_ID }, /^slug must be .*uuid/],
      ['a time zone that is none', { timezone: 'Mars/Olympus' }, /^timezone must be an IANA time zone/],
      ['an owner phone that is none', { ownerPhone: 'call me' }, /^ownerPhone must be a phone number/],
      ['a summary time that is none', { ownerSummaryTime: '6pm' }, /^ownerSummaryTime must be HH:MM \(24h\)/],
      ['a summary time past the day', { ownerSummaryTime: '24:00' }, /^ownerSummaryTime must be HH:MM/],
      ['a number that is none', { numbers: [{ address: '+1555' }] }, /^numbers\.0\.address must be a phone number/],
      ['a number as text', { numbers: ['+15550002222'] }, /^numbers\.0 must be an object {channel\?, address}$/],
      ['a number that is an array', { numbers: [[[]]] }, /^numbers\.0 must be an object {channel\?, address}$/],
      ['a channel that is none', { numbers: [{ channel: 'fax', address: '+15550002222' }] }, /^numbers\.0\.channel/],
      [
        'an sms channel on a whatsapp: address',
        { numbers: [{ channel: 'sms', address: 'whatsapp:+15550002222' }] },
        /^numbers\.0\.channel is sms but numbers\.0\.address is a whatsapp: address/,
      ],
      [
        'an account SID that is none',
        { twilio: { accountSid: 'AC123', authToken: 'x' } },
        /^twilio\.accountSid must be AC/,
      ],
      ['a Twilio account without a token', { twilio: { accountSid: ACCOUNT_SID } }, /^twilio\.authToken is required/],
      ['Twilio as text', { twilio: 'AC123' }, /^twilio must be an object/],
      ['a messaging service SID that is none', { messagingServiceSid: 'MG12' }, /^messagingServiceSid must be MG/],
      ['quiet hours that are none', { quietHours: '9pm-8am' }, /^quietHours must look like 21:00-08:00/],
      ['an empty quiet window', { quietHours: { start: '21:00', end: '21:00' } }, /^quietHours\.end must differ/],
      [
        'quiet hours with a zone of their own',
        { quietHours: { start: '21:00', end: '08:00', timezone: 'UTC' } },
        /^quietHours\.timezone is not taken for a business/,
      ],
    ])('refuses %s with a 400 naming the field, and stores nothing', async (_, change, message) => {
      const res = await create({ name: 'Acme', slug: 'acme', ...change });
      expect(res.statusCode).toBe(400);
      expect(res.json().message[0]).toMatch(message);
      expect(await h.prisma.business.count()).toBe(1);
    });

    it('names every missing field', async () => {
      const res = await create({});
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toEqual(['name is required', 'slug is required']);
    });

    it('refuses a taken slug with a 409 naming slug, default included', async () => {
      expect((await create({ name: 'Acme', slug: 'acme' })).statusCode).toBe(201);
      for (const slug of ['acme', 'default']) {
        const res = await create({ name: 'Acme again', slug });
        expect(res.statusCode).toBe(409);
        expect(res.json().message).toBe(`slug ${slug} is taken: another business has it`);
      }
      expect(await h.prisma.business.count()).toBe(2);
    });

    it('refuses a number another business has with a 409 naming the number, never the business, and stores nothing', async () => {
      const owner = (
        await create({
          name: 'Owner Co',
          slug: 'owner-co',
          numbers: [{ channel: 'whatsapp', address: '+15550003333' }],
        })
      ).json();
      const res = await create({
        name: 'Second',
        slug: 'second',
        numbers: [{ address: '+15550004444' }, { address: 'whatsapp:+1 555 000 3333' }],
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe('numbers.1.address whatsapp:+15550003333 belongs to another business');
      for (const secret of [owner.id, owner.slug, owner.name]) expect(res.body).not.toContain(secret);
      // In one transaction: neither the business nor its first number stayed.
      expect(await h.prisma.business.count({ where: { slug: 'second' } })).toBe(0);
      expect(await h.prisma.businessNumber.count()).toBe(1);
      // The same address on the other channel is another number.
      expect(
        (await create({ name: 'Second', slug: 'second', numbers: [{ address: '+15550003333' }] })).statusCode,
      ).toBe(201);
    });

    it('refuses a Twilio subaccount another business has with a 409', async () => {
      const twilio = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };
      expect((await create({ name: 'One', slug: 'one', twilio })).statusCode).toBe(201);
      const res = await create({ name: 'Two', slug: 'two', twilio });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe('twilio.accountSid is the Twilio subaccount of another business');
    });
  });

  describe('GET /api/businesses', () => {
    it('lists newest first, default included, with limit and offset', async () => {
      for (const slug of ['first', 'second', 'third']) await create({ name: slug, slug });
      const all = await call('GET', '/api/businesses');
      expect(all.statusCode).toBe(200);
      expect(all.json().items.map((b: { slug: string }) => b.slug)).toEqual(['third', 'second', 'first', 'default']);
      const page = await call('GET', '/api/businesses?limit=2&offset=1');
      expect(page.json().items.map((b: { slug: string }) => b.slug)).toEqual(['second', 'first']);
    });

    it.each(['limit=0', 'limit=201', 'limit=x', 'offset=-1'])('refuses %s with a 400', async (query) => {
      const res = await call('GET', `/api/businesses?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message[0]).toMatch(/^(limit|offset) /);
    });
  });

  describe('GET and PATCH /api/businesses/:id', () => {
    it('finds a business by id or by slug, and answers 404 for anything else', async () => {
      const { id } = (await create({ name: 'Acme', slug: 'acme' })).json();
      for (const key of [id, 'acme']) {
        const res = await call('GET', `/api/businesses/${key}`);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ id, slug: 'acme' });
      }
      expect((await call('GET', '/api/businesses/default')).json()).toMatchObject({ id: DEFAULT_BUSINESS_ID });
      for (const unknown of [UNKNOWN_ID, 'nobody', 'NOT A SLUG', '%00']) {
        const res = await call('GET', `/api/businesses/${encodeURIComponent(unknown)}`);
        expect(res.statusCode).toBe(404);
      }
    });

    it('changes what it is given, clears with null, and leaves the rest', async () => {
      const { id } = (
        await create({
          name: 'Acme',
          slug: 'acme',
          timezone: 'UTC',
          ownerPhone: '+15550009999',
          ownerSummaryTime: '07:00',
          quietHours: '21:00-08:00',
          twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
          messagingServiceSid: SERVICE_SID,
        })
      ).json();
      const renamed = await call('PATCH', '/api/businesses/acme', {
        name: 'Acme Plumbing',
        slug: 'acme-plumbing',
        timezone: 'Europe/Warsaw',
        ownerSummaryTime: '19:15',
        quietHours: { start: '22:00', end: '07:00' },
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({
        id,
        name: 'Acme Plumbing',
        slug: 'acme-plumbing',
        timezone: 'Europe/Warsaw',
        ownerPhone: '+15550009999',
        ownerSummaryTime: '19:15',
        quietHours: { start: '22:00', end: '07:00' },
        twilio: { accountSid: ACCOUNT_SID, authTokenSet: true },
        messagingServiceSid: SERVICE_SID,
      });
      expect((await call('GET', '/api/businesses/acme')).statusCode).toBe(404);

      const newToken = `rot${randomBytes(14).toString('hex')}`;
      const rotated = await call('PATCH', `/api/businesses/${id}`, {
        twilio: { accountSid: OTHER_ACCOUNT_SID, authToken: newToken },
      });
      expect(rotated.json().twilio).toEqual({ accountSid: OTHER_ACCOUNT_SID, authTokenSet: true });
      expect(rotated.body).not.toContain(newToken);
      const row = await h.prisma.business.findUniqueOrThrow({ where: { id } });
      expect(row.twilioAuthToken).not.toContain(newToken);
      expect(h.api.get(BusinessesRepository).twilioAccount(row)?.authToken).toBe(newToken);

      const cleared = await call('PATCH', `/api/businesses/${id}`, {
        timezone: null,
        ownerPhone: null,
        ownerSummaryTime: null,
        quietHours: null,
        twilio: null,
        messagingServiceSid: null,
      });
      expect(cleared.json()).toMatchObject({
        name: 'Acme Plumbing',
        timezone: null,
        ownerPhone: null,
        ownerSummaryTime: null,
        quietHours: null,
        twilio: null,
        messagingServiceSid: null,
      });
      expect((await h.prisma.business.findUniqueOrThrow({ where: { id } })).twilioAuthToken).toBeNull();
    });

    it('keeps the default business’s slug (400), but lets the rest of it change', async () => {
      const res = await call('PATCH', '/api/businesses/default', { slug: 'main' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toEqual(['slug of the default business cannot be changed (it stays default)']);
      const same = await call('PATCH', '/api/businesses/default', { slug: 'default', name: 'Main line' });
      expect(same.statusCode).toBe(200);
      expect(same.json()).toMatchObject({ id: DEFAULT_BUSINESS_ID, slug: 'default', name: 'Main line' });
    });

    it('refuses a taken slug (409), bad fields (400, naming them) and an unknown business (404)', async () => {
      await create({ name: 'One', slug: 'one' });
      await create({ name: 'Two', slug: 'two', twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } });
      const taken = await call('PATCH', '/api/businesses/one', { slug: 'two' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().message).toBe('slug two is taken: another business has it');
      const subaccount = await call('PATCH', '/api/businesses/one', {
        twilio: { accountSid: ACCOUNT_SID, authToken: 'other' },
      });
      expect(subaccount.statusCode).toBe(409);
      expect(subaccount.json().message).toMatch(/^twilio\.accountSid /);

      const bad = await call('PATCH', '/api/businesses/one', {
        timezone: 'Nowhere/Else',
        ownerPhone: '12',
        name: '',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toEqual(['name should not be empty']);
      const zones = await call('PATCH', '/api/businesses/one', { timezone: 'Nowhere/Else', ownerPhone: '12' });
      expect(zones.json().message).toEqual([
        'timezone must be an IANA time zone like America/Chicago',
        'ownerPhone must be a phone number (E.164 like +15551234567, or national in US)',
      ]);
      expect((await call('PATCH', '/api/businesses/one', { name: null })).json().message).toEqual([
        'name must be a string',
      ]);
      expect((await call('PATCH', `/api/businesses/${UNKNOWN_ID}`, { name: 'x' })).statusCode).toBe(404);
      expect((await h.prisma.business.findUniqueOrThrow({ where: { slug: 'one' } })).timezone).toBeNull();
    });
  });

  describe('numbers', () => {
    it('adds a number (201), again is a 200 with nothing changed, and removes it (204, then 404)', async () => {
      await create({ name: 'Acme', slug: 'acme' });
      const added = await call('POST', '/api/businesses/acme/numbers', { address: '(415) 555-0177' });
      expect(added.statusCode).toBe(201);
      expect(added.json().numbers).toEqual([
        { channel: 'sms', address: '+14155550177', createdAt: expect.any(String) },
      ]);
      const again = await call('POST', '/api/businesses/acme/numbers', { channel: 'sms', address: '+14155550177' });
      expect(again.statusCode).toBe(200);
      expect(again.json().numbers).toHaveLength(1);
      const whatsapp = await call('POST', '/api/businesses/acme/numbers', { address: 'whatsapp:+14155550177' });
      expect(whatsapp.statusCode).toBe(201);
      expect(whatsapp.json().numbers.map((n: { channel: string }) => n.channel)).toEqual(['sms', 'whatsapp']);

      const removed = await call(
        'DELETE',
        `/api/businesses/acme/numbers/${encodeURIComponent('whatsapp:+14155550177')}`,
      );
      expect(removed.statusCode).toBe(204);
      expect(removed.body).toBe('');
      const left = (await call('GET', '/api/businesses/acme')).json().numbers;
      expect(left).toEqual([expect.objectContaining({ channel: 'sms', address: '+14155550177' })]);
      expect(
        (await call('DELETE', `/api/businesses/acme/numbers/${encodeURIComponent('whatsapp:+14155550177')}`))
          .statusCode,
      ).toBe(404);
      expect(
        (await call('DELETE', `/api/businesses/acme/numbers/${encodeURIComponent('+14155550177')}`)).statusCode,
      ).toBe(204);
      expect(await h.prisma.businessNumber.count()).toBe(0);
    });

    it('refuses another business’s number (409, without naming that business) and never removes it', async () => {
      const owner = (
        await create({ name: 'Owner Co', slug: 'owner-co', numbers: [{ address: '+15550003333' }] })
      ).json();
      await create({ name: 'Acme', slug: 'acme' });
      const res = await call('POST', '/api/businesses/acme/numbers', { address: '+1 555 000 3333' });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe('address +15550003333 belongs to another business');
      expect(res.body).not.toContain(owner.id);
      expect(res.body).not.toContain('owner-co');
      const remove = await call('DELETE', `/api/businesses/acme/numbers/${encodeURIComponent('+15550003333')}`);
      expect(remove.statusCode).toBe(404);
      expect(await h.prisma.businessNumber.count({ where: { businessId: owner.id } })).toBe(1);
    });

    it('refuses a bad address (400 naming it), a missing one, and an unknown business (404)', async () => {
      await create({ name: 'Acme', slug: 'acme' });
      const bad = await call('POST', '/api/businesses/acme/numbers', { address: 'home' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toEqual([
        'address must be a phone number (E.164 like +15551234567, or national in US)',
      ]);
      expect((await call('POST', '/api/businesses/acme/numbers', {})).json().message).toEqual(['address is required']);
      const mixed = await call('POST', '/api/businesses/acme/numbers', {
        channel: 'sms',
        address: 'whatsapp:+15550003333',
      });
      expect(mixed.json().message).toEqual(['channel is sms but address is a whatsapp: address']);
      const badPath = await call('DELETE', '/api/businesses/acme/numbers/home');
      expect(badPath.statusCode).toBe(400);
      expect(badPath.json().message[0]).toMatch(/^address must be a phone number/);
      expect((await call('POST', '/api/businesses/nobody/numbers', { address: '+15550003333' })).statusCode).toBe(404);
      expect(
        (await call('DELETE', `/api/businesses/nobody/numbers/${encodeURIComponent('+15550003333')}`)).statusCode,
      ).toBe(404);
    });
  });

  describe('suspend and resume', () => {
    it('suspends and resumes (idempotent), and never suspends the default business', async () => {
      const { id } = (await create({ name: 'Acme', slug: 'acme' })).json();
      for (let i = 0; i < 2; i++) {
        const res = await call('POST', `/api/businesses/${id}/suspend`);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ id, status: 'suspended' });
      }
      expect((await call('GET', '/api/businesses/acme')).json().status).toBe('suspended');
      for (let i = 0; i < 2; i++) {
        const res = await call('POST', '/api/businesses/acme/resume');
        expect(res.statusCode).toBe(200);
        expect(res.json().status).toBe('active');
      }
      const res = await call('POST', '/api/businesses/default/suspend');
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(/default business cannot be suspended/);
      expect((await call('GET', '/api/businesses/default')).json().status).toBe('active');
      expect((await call('POST', '/api/businesses/default/resume')).statusCode).toBe(200);
      expect((await call('POST', '/api/businesses/nobody/suspend')).statusCode).toBe(404);
      expect((await call('POST', `/api/businesses/${UNKNOWN_ID}/resume`)).statusCode).toBe(404);
    });
  });

  describe('GET /api/businesses/:id/usage', () => {
    const TZ = 'Pacific/Kiritimati'; // UTC+14: its days are nowhere near UTC's
    const LONG = 'x'.repeat(200); // GSM-7: 2 segments
    const UNICODE = `Réservé ✓ ${'é'.repeat(62)}`; // UCS-2 (the ✓), 72 characters: 2 segments
    const ESCAPED = `{${'y'.repeat(158)}}`; // GSM-7 with two escapes: 162 septets, 2 segments

    it('counts each day’s messages in the business’s zone, from its own messages only', async () => {
      const acme = (await create({ name: 'Acme', slug: 'acme', timezone: TZ })).json();
      const now = Date.now();
      const minutesAgo = (m: number) => new Date(now - m * 60_000);
      const message = (
        businessId: string,
        createdAt: Date,
        direction: 'inbound' | 'outbound',
        extra: Partial<{ body: string; status: string; source: string; channel: 'sms' | 'whatsapp' }> = {},
      ) =>
        h.prisma.message.create({
          data: {
            businessId,
            createdAt,
            direction,
            from: direction === 'inbound' ? '+15557654321' : '+15550002222',
            to: direction === 'inbound' ? '+15550002222' : '+15557654321',
            participant: '+15557654321',
            body: extra.body ?? 'hello',
            status: (extra.status ?? (direction === 'inbound' ? 'received' : 'delivered')) as 'delivered',
            source: (extra.source ?? (direction === 'inbound' ? 'inbound' : 'api')) as 'api',
            channel: extra.channel ?? 'sms',
          },
        });
      const recent = minutesAgo(1);
      const earlier = minutesAgo(3 * 24 * 60);
      await Promise.all([
        message(acme.id, recent, 'inbound'),
        message(acme.id, recent, 'inbound', { channel: 'whatsapp' }),
        message(acme.id, recent, 'outbound', { source: 'ai', body: LONG }), // 2 segments
        message(acme.id, recent, 'outbound', { body: UNICODE }), // 2
        message(acme.id, recent, 'outbound', { body: ESCAPED, status: 'failed' }), // 2
        message(acme.id, recent, 'outbound', { status: 'undelivered', source: 'campaign' }), // 1
        message(acme.id, recent, 'outbound', { channel: 'whatsapp', body: LONG, source: 'ai' }), // no segments
        message(acme.id, recent, 'outbound', { status: 'suppressed', body: LONG }), // never sent: not counted
        message(acme.id, recent, 'outbound', { status: 'canceled' }), // never sent: not counted
        message(acme.id, earlier, 'outbound', { body: 'hi' }), // 1
        message(acme.id, earlier, 'inbound'),
        message(acme.id, minutesAgo(40 * 24 * 60), 'inbound'), // before the range
        message(DEFAULT_BUSINESS_ID, recent, 'inbound'), // another business
        message(DEFAULT_BUSINESS_ID, recent, 'outbound', { body: LONG }),
      ]);
      const localDate = (d: Date) => DateTime.fromJSDate(d).setZone(TZ).toISODate();
      const todayBefore = localDate(new Date());

      const res = await call('GET', '/api/businesses/acme/usage');
      expect(res.statusCode).toBe(200);
      const usage = res.json();
      expect(usage).toMatchObject({ businessId: acme.id, slug: 'acme', timezone: TZ, days: 30 });
      expect(usage.items).toHaveLength(30);
      expect([todayBefore, localDate(new Date())]).toContain(usage.items.at(-1).date);
      const day = (d: Date) => usage.items.find((item: { date: string }) => item.date === localDate(d));
      expect(day(recent)).toEqual({
        date: localDate(recent),
        inbound: 2,
        outbound: 5,
        segments: 7,
        aiReplies: 2,
        failedSends: 2,
      });
      expect(day(earlier)).toEqual({
        date: localDate(earlier),
        inbound: 1,
        outbound: 1,
        segments: 1,
        aiReplies: 0,
        failedSends: 0,
      });
      expect(usage.totals).toEqual({ inbound: 3, outbound: 6, segments: 8, aiReplies: 2, failedSends: 2 });
      // Consecutive days, the quiet ones with zeros.
      const dates = usage.items.map((item: { date: string }) => item.date);
      expect(dates).toEqual(
        dates.map((_: string, i: number) => DateTime.fromISO(dates[0]).plus({ days: i }).toISODate()),
      );

      const one = (await call('GET', '/api/businesses/acme/usage?days=1')).json();
      expect(one.items).toHaveLength(1);
      const year = (await call('GET', `/api/businesses/${acme.id}/usage?days=366`)).json();
      expect(year.items).toHaveLength(366);
      expect(year.totals.inbound).toBe(4);
      // The default business has no zone of its own: DEFAULT_TIMEZONE (UTC in the tests).
      const main = (await call('GET', '/api/businesses/default/usage?days=2')).json();
      expect(main.timezone).toBe('UTC');
      expect(main.totals).toEqual({ inbound: 1, outbound: 1, segments: 2, aiReplies: 0, failedSends: 0 });
    });

    it.each(['days=0', 'days=367', 'days=x', 'days=1.5'])('refuses %s with a 400 naming days', async (query) => {
      await create({ name: 'Acme', slug: 'acme' });
      const res = await call('GET', `/api/businesses/acme/usage?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message[0]).toMatch(/^days /);
    });

    it('answers 404 for an unknown business', async () => {
      expect((await call('GET', '/api/businesses/nobody/usage')).statusCode).toBe(404);
    });
  });

  describe('API keys', () => {
    it('shows a new key once, stores only its SHA-256, lists keys without secrets, and revokes', async () => {
      const { id: businessId } = (await create({ name: 'Acme', slug: 'acme' })).json();
      const created = await call('POST', '/api/businesses/acme/api-keys', { name: ' booking widget ' });
      expect(created.statusCode).toBe(201);
      const key = created.json();
      expect(key).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'booking widget',
        prefix: key.key.slice(0, 12),
        key: expect.stringMatching(/^sbk_[A-Za-z0-9_-]{43}$/),
        createdAt: expect.any(String),
      });
      expect(Buffer.from(key.key.slice(4), 'base64url')).toHaveLength(32);

      const row = await h.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
      const sha256 = createHash('sha256').update(key.key).digest('hex');
      expect(row).toMatchObject({ businessId, prefix: key.prefix, keyHash: sha256, revokedAt: null });
      expect(JSON.stringify(row)).not.toContain(key.key);

      const second = (await call('POST', `/api/businesses/${businessId}/api-keys`, { name: 'second' })).json();
      const listed = await call('GET', '/api/businesses/acme/api-keys');
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items).toEqual([
        {
          id: second.id,
          name: 'second',
          prefix: second.prefix,
          createdAt: expect.any(String),
          lastUsedAt: null,
          revokedAt: null,
        },
        {
          id: key.id,
          name: 'booking widget',
          prefix: key.prefix,
          createdAt: expect.any(String),
          lastUsedAt: null,
          revokedAt: null,
        },
      ]);
      expect(listed.body).not.toContain(key.key);
      expect(listed.body).not.toContain(sha256);

      // The key works, for its business (refusals of suspended and revoked keys: business-keys.e2e-spec.ts).
      const used = await h.admin('GET', '/api/messages', undefined, key.key);
      expect(used.statusCode).toBe(200);
      await waitFor(
        async () => (await h.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt !== null,
        'lastUsedAt',
      );

      const revoked = await call('DELETE', `/api/businesses/acme/api-keys/${key.id}`);
      expect(revoked.statusCode).toBe(204);
      const revokedAt = (await h.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt;
      expect(revokedAt).toBeInstanceOf(Date);
      // Again: still 204, and the first revocation's time stays.
      expect((await call('DELETE', `/api/businesses/acme/api-keys/${key.id}`)).statusCode).toBe(204);
      expect((await h.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toEqual(revokedAt);
      const after = (await call('GET', '/api/businesses/acme/api-keys')).json().items;
      expect(after.find((k: { id: string }) => k.id === key.id).revokedAt).toBe(revokedAt!.toISOString());
      expect(after.find((k: { id: string }) => k.id === second.id).revokedAt).toBeNull();
    });

    it('never revokes another business’s key, and answers 404 for unknown keys and businesses', async () => {
      await create({ name: 'Acme', slug: 'acme' });
      await create({ name: 'Other', slug: 'other' });
      const theirs = (await call('POST', '/api/businesses/other/api-keys', { name: 'theirs' })).json();
      const res = await call('DELETE', `/api/businesses/acme/api-keys/${theirs.id}`);
      expect(res.statusCode).toBe(404);
      expect((await h.prisma.apiKey.findUniqueOrThrow({ where: { id: theirs.id } })).revokedAt).toBeNull();
      expect((await call('GET', '/api/businesses/acme/api-keys')).json().items).toEqual([]);
      for (const keyId of [UNKNOWN_ID, 'not-a-key']) {
        expect((await call('DELETE', `/api/businesses/acme/api-keys/${keyId}`)).statusCode).toBe(404);
      }
      expect((await call('POST', '/api/businesses/nobody/api-keys', { name: 'x' })).statusCode).toBe(404);
      expect((await call('GET', '/api/businesses/nobody/api-keys')).statusCode).toBe(404);
      expect((await call('DELETE', `/api/businesses/nobody/api-keys/${theirs.id}`)).statusCode).toBe(404);
      const unnamed = await call('POST', '/api/businesses/acme/api-keys', { name: '   ' });
      expect(unnamed.statusCode).toBe(400);
      expect(unnamed.json().message).toEqual(['name should not be empty']);
      expect((await call('POST', '/api/businesses/acme/api-keys', {})).json().message).toEqual(['name is required']);
    });

    it('writes lastUsedAt at most once a minute per key', async () => {
      await create({ name: 'Acme', slug: 'acme' });
      const { id } = (await call('POST', '/api/businesses/acme/api-keys', { name: 'k' })).json();
      const keys = h.api.get(ApiKeysRepository);
      const lastUsed = async () => (await h.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
      await keys.touchLastUsed(id);
      const first = await lastUsed();
      expect(first).toBeInstanceOf(Date);
      await keys.touchLastUsed(id);
      expect(await lastUsed()).toEqual(first);
      // Another process (no memory of this one's write) is held back by the row itself.
      await new ApiKeysRepository(h.prisma).touchLastUsed(id);
      expect(await lastUsed()).toEqual(first);
      // A minute on, it moves.
      await h.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
      await keys.touchLastUsed(id, Date.now() + 61_000);
      expect((await lastUsed())!.getTime()).toBeGreaterThan(Date.now() - 5_000);
    });
  });

  it('needs the platform key on every route', async () => {
    const { id } = (await create({ name: 'Acme', slug: 'acme' })).json();
    const routes: Array<[Method, string, object?]> = [
      ['POST', '/api/businesses', { name: 'x', slug: 'xx' }],
      ['GET', '/api/businesses'],
      ['GET', `/api/businesses/${id}`],
      ['PATCH', `/api/businesses/${id}`, { name: 'y' }],
      ['POST', `/api/businesses/${id}/numbers`, { address: '+15550002222' }],
      ['DELETE', `/api/businesses/${id}/numbers/${encodeURIComponent('+15550002222')}`],
      ['POST', `/api/businesses/${id}/suspend`],
      ['POST', `/api/businesses/${id}/resume`],
      ['GET', `/api/businesses/${id}/usage`],
      ['POST', `/api/businesses/${id}/api-keys`, { name: 'k' }],
      ['GET', `/api/businesses/${id}/api-keys`],
      ['DELETE', `/api/businesses/${id}/api-keys/${UNKNOWN_ID}`],
    ];
    for (const [method, url, payload] of routes) {
      expect({ method, url, status: (await call(method, url, payload, null)).statusCode }).toEqual({
        method,
        url,
        status: 401,
      });
      expect({ method, url, status: (await call(method, url, payload, 'wrong')).statusCode }).toEqual({
        method,
        url,
        status: 401,
      });
    }
    expect(await h.prisma.business.count()).toBe(2);
    expect((await h.prisma.business.findUniqueOrThrow({ where: { id } })).name).toBe('Acme');
  });

  it('never answered with a secret', () => {
    expect(bodies.length).toBeGreaterThan(50);
    const leaks = bodies.filter((body) => body.includes(AUTH_TOKEN) || /sb1\.|keyHash|authToken"/.test(body));
    expect(leaks).toEqual([]);
  });

  describe('without SECRETS_KEY', () => {
    let bare: Harness;
    beforeAll(async () => {
      bare = await Harness.start({ worker: false, env: { SECRETS_KEY: undefined } });
    });
    afterAll(() => bare.close());

    it('refuses to store a Twilio auth token with a 400 naming SECRETS_KEY, and stores nothing', async () => {
      await bare.truncate();
      const twilio = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };
      const res = await bare.admin('POST', '/api/businesses', { name: 'Acme', slug: 'acme', twilio });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toEqual([
        expect.stringMatching(/^twilio\.authToken cannot be stored: SECRETS_KEY is not set/),
      ]);
      expect(res.body).not.toContain(AUTH_TOKEN);
      expect(await bare.prisma.business.count()).toBe(1);
      // Without a token to store, a business needs no SECRETS_KEY.
      expect((await bare.admin('POST', '/api/businesses', { name: 'Acme', slug: 'acme' })).statusCode).toBe(201);
      const patch = await bare.admin('PATCH', '/api/businesses/acme', { twilio });
      expect(patch.statusCode).toBe(400);
      expect(patch.json().message[0]).toMatch(/SECRETS_KEY/);
      expect((await bare.prisma.business.findUniqueOrThrow({ where: { slug: 'acme' } })).twilioAccountSid).toBeNull();
    });
  });
});

/** The built API at LOG_LEVEL=debug: nothing it writes while businesses are made holds a secret. */
describe('Businesses in the logs of the built API', () => {
  const ADMIN_API_KEY = `businesses-log-admin-key-${randomBytes(8).toString('hex')}`;

  it('never logs a Twilio auth token or an API key', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = await spawnBuilt(
      'api',
      builtAppEnv('businesses-log', {
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        PORT: String(port),
        HOST: '127.0.0.1',
        ADMIN_API_KEY,
        SECRETS_KEY: TEST_SECRETS_KEY,
      }),
      'Nest application successfully started',
    );
    try {
      const send = async (method: Method, path: string, body?: object) => {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { 'x-api-key': ADMIN_API_KEY, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, body: await res.text() };
      };
      const slug = `log-${randomBytes(4).toString('hex')}`;
      const twilio = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };
      expect((await send('POST', '/api/businesses', { name: 'Logged', slug, twilio })).status).toBe(201);
      // The refusals too: a conflict, a bad field beside the token, an edit.
      expect((await send('POST', '/api/businesses', { name: 'Again', slug: `${slug}-2`, twilio })).status).toBe(409);
      expect((await send('POST', '/api/businesses', { name: 'Bad', slug: 'BAD', twilio })).status).toBe(400);
      expect((await send('PATCH', `/api/businesses/${slug}`, { twilio })).status).toBe(200);
      const created = await send('POST', `/api/businesses/${slug}/api-keys`, { name: 'logged key' });
      expect(created.status).toBe(201);
      const { key } = JSON.parse(created.body) as { key: string };
      await waitFor(() => api.output().includes(`/api/businesses/:id/api-keys`), 'the access log line of the key');
      const output = api.output();
      expect(output).toContain('"msg":"request completed"');
      for (const secret of [AUTH_TOKEN, key, createHash('sha256').update(key).digest('hex'), ADMIN_API_KEY]) {
        expect(output).not.toContain(secret);
      }
    } finally {
      const exited = new Promise((resolve) => api.child.once('exit', resolve));
      api.child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
