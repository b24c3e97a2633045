import { ADMIN_KEY, BUSINESS_NUMBER, Harness, waitFor } from './support';

const CUSTOMER = '+15557654321';

/** Every admin route, with a request that succeeds when the key is right. */
const ROUTES: Array<[method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body: object | undefined]> = [
  ['GET', '/api/messages', undefined],
  ['POST', '/api/messages', { to: CUSTOMER, body: 'hi' }],
  ['GET', '/api/messages/SM00000000000000000000000000000000', undefined],
  ['POST', '/api/messages/SM00000000000000000000000000000000/redact', undefined],
  ['DELETE', '/api/messages/SM00000000000000000000000000000000', undefined],
  ['POST', '/api/messages/sync', {}],
  ['GET', '/api/messages/remote', undefined],
  ['GET', '/api/conversations', undefined],
  ['GET', `/api/conversations/${encodeURIComponent(CUSTOMER)}`, undefined],
  ['POST', `/api/conversations/${encodeURIComponent(CUSTOMER)}/read`, undefined],
  ['GET', '/api/auto-reply/config', undefined],
  ['POST', '/api/auto-reply/config', { enabled: false }],
  ['GET', '/api/ai/config', undefined],
  ['POST', '/api/ai/config', { temperature: 0.5 }],
  ['POST', '/api/ai/test', { prompt: 'hello' }],
  ['POST', '/api/ai/send', { to: CUSTOMER, prompt: 'hello' }],
  ['POST', '/api/ai/reply', { to: CUSTOMER, prompt: 'hello' }],
  ['GET', '/api/campaigns', undefined],
  ['POST', '/api/campaigns', { name: 'x', body: 'x', recipients: [CUSTOMER] }],
  ['GET', '/api/campaigns/00000000-0000-0000-0000-000000000000', undefined],
  ['GET', '/api/campaigns/00000000-0000-0000-0000-000000000000/recipients', undefined],
  ['PATCH', '/api/campaigns/00000000-0000-0000-0000-000000000000', { name: 'y' }],
  ['POST', '/api/campaigns/00000000-0000-0000-0000-000000000000/launch', undefined],
  ['POST', '/api/campaigns/00000000-0000-0000-0000-000000000000/pause', undefined],
  ['POST', '/api/campaigns/00000000-0000-0000-0000-000000000000/resume', undefined],
  ['POST', '/api/campaigns/00000000-0000-0000-0000-000000000000/cancel', undefined],
  ['GET', '/api/multi-sms/batches', undefined],
  ['POST', '/api/multi-sms/batches', { body: 'x', recipients: [CUSTOMER] }],
  ['GET', '/api/multi-sms/batches/00000000-0000-0000-0000-000000000000', undefined],
  ['GET', '/api/multi-sms/batches/00000000-0000-0000-0000-000000000000/recipients', undefined],
  ['GET', '/api/reminders', undefined],
  ['POST', '/api/reminders', { to: CUSTOMER, body: 'x', intervalSeconds: 3600 }],
  ['GET', '/api/reminders/00000000-0000-0000-0000-000000000000', undefined],
  ['PATCH', '/api/reminders/00000000-0000-0000-0000-000000000000', { body: 'y' }],
  ['DELETE', '/api/reminders/00000000-0000-0000-0000-000000000000', undefined],
  ['POST', '/api/reminders/00000000-0000-0000-0000-000000000000/send-now', undefined],
  ['DELETE', '/api/messages/00000000-0000-0000-0000-000000000000/schedule', undefined],
  ['GET', '/api/contacts', undefined],
  ['GET', `/api/contacts/${encodeURIComponent(CUSTOMER)}`, undefined],
  ['PATCH', `/api/contacts/${encodeURIComponent(CUSTOMER)}`, { timezone: 'UTC' }],
  ['GET', '/api/businesses', undefined],
  ['POST', '/api/businesses', { name: 'x', slug: 'auth-x' }],
  ['GET', '/api/businesses/default', undefined],
  ['PATCH', '/api/businesses/default', { name: 'Default' }],
  ['POST', '/api/businesses/default/numbers', { address: '+15550008888' }],
  ['DELETE', `/api/businesses/default/numbers/${encodeURIComponent('+15550008888')}`, undefined],
  ['POST', '/api/businesses/default/suspend', undefined],
  ['POST', '/api/businesses/default/resume', undefined],
  ['GET', '/api/businesses/default/usage', undefined],
  ['POST', '/api/businesses/default/api-keys', { name: 'k' }],
  ['GET', '/api/businesses/default/api-keys', undefined],
  ['DELETE', '/api/businesses/default/api-keys/00000000-0000-0000-0000-000000000000', undefined],
];

describe('Admin API', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  describe('authentication', () => {
    it.each(ROUTES)('%s %s needs the API key', async (method, url, body) => {
      const missing = await h.admin(method, url, body, null);
      expect(missing.statusCode).toBe(401);
      const wrong = await h.admin(method, url, body, 'test-admin-key-7f3b');
      expect(wrong.statusCode).toBe(401);
      const right = await h.admin(method, url, body);
      expect(right.statusCode).not.toBe(401);
      expect(right.statusCode).toBeLessThan(500);
    });

    it('leaves /api/health open and reports dependencies, queues and live workers', async () => {
      const res = await h.admin('GET', '/api/health', undefined, null);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'ok',
        db: 'ok',
        redis: 'ok',
        queues: {
          inbound: { waiting: 0, active: 0, delayed: 0, failed: 0 },
          outbound: expect.any(Object),
          campaign: expect.any(Object),
        },
      });
      // The in-process worker beats on start.
      await waitFor(
        async () => (await h.admin('GET', '/api/health', undefined, null)).json().workers.length === 1,
        'a live worker',
      );
      const worker = (await h.admin('GET', '/api/health', undefined, null)).json().workers[0];
      // host-pid-random: a restarted container with the same pid is another worker (its claims' owner).
      expect(worker.name).toMatch(/-\d+-[0-9a-f]+$/);
    });

    it('answers unknown routes with a 404 JSON body', async () => {
      const res = await h.admin('GET', '/api/nope');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ statusCode: 404 });
    });
  });

  describe('validation', () => {
    it.each([
      [
        'POST',
        '/api/messages',
        {},
        /^\["to is required","body is required unless a template \(contentSid\) or mediaUrls is given"\]$/,
      ],
      [
        'POST',
        '/api/messages',
        { to: CUSTOMER },
        /^\["body is required unless a template \(contentSid\) or mediaUrls is given"\]$/,
      ],
      ['POST', '/api/messages', { to: 'not a number', body: 'x' }, /to must be a phone number/],
      ['POST', '/api/messages', { to: CUSTOMER, body: 'x', colour: 'red' }, /property colour should not exist/],
      ['POST', '/api/messages', { to: CUSTOMER, body: 'x'.repeat(1601) }, /body must be shorter than or equal to 1600/],
      ['POST', '/api/messages', { to: CUSTOMER, body: 'x', channel: 'fax' }, /channel must be one of/],
      ['POST', '/api/auto-reply/config', { enabled: true }, /message is required when auto-reply is enabled/],
      ['POST', '/api/auto-reply/config', { enabled: 'yes' }, /enabled must be a boolean/],
      ['POST', '/api/ai/config', { temperature: 5 }, /temperature must not be greater than 2/],
      ['POST', '/api/ai/config', { targetNumber: '12' }, /targetNumber must be a phone number/],
      ['POST', '/api/ai/test', {}, /prompt/],
      ['POST', '/api/messages', { to: CUSTOMER, body: '  \n ' }, /body should not be empty/],
      [
        'POST',
        '/api/auto-reply/config',
        { enabled: true, message: '   ' },
        /message is required when auto-reply is enabled/,
      ],
      ['GET', '/api/messages?limit=0', undefined, /limit must not be less than 1/],
      ['GET', '/api/messages?direction=sideways', undefined, /direction must be one of/],
      [
        'GET',
        '/api/messages?since=yesterday',
        undefined,
        /since must be a date-time between 1970 and 9999, in ISO 8601/,
      ],
      ['GET', '/api/messages?cursor=zzz', undefined, /cursor is not valid/],
    ] as const)('%s %s %j → 400', async (method, url, body, message) => {
      const res = await h.admin(method, url, body);
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json().message)).toMatch(message);
      expect(await h.prisma.message.count()).toBe(0);
    });

    it('answers malformed JSON with 400, not 500', async () => {
      const res = await h.api.inject({
        method: 'POST',
        url: '/api/messages',
        headers: { 'x-api-key': 'test-admin-key-7f3a', 'content-type': 'application/json' },
        payload: '{"to": ',
      });
      expect(res.statusCode).toBe(400);
    });
  });

  describe('messages', () => {
    it('queues a send, which the worker hands to Twilio and status callbacks complete', async () => {
      const res = await h.admin('POST', '/api/messages', { to: '(555) 765-4321', body: 'Your table is ready' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        direction: 'outbound',
        channel: 'sms',
        from: BUSINESS_NUMBER,
        to: CUSTOMER,
        body: 'Your table is ready',
        status: 'pending',
        sid: null,
        numMedia: 0,
        mediaUrls: [],
      });
      const sent = await waitFor(() => h.twilio.sent[0], 'the send');
      expect(sent).toMatchObject({ to: CUSTOMER, from: BUSINESS_NUMBER, body: 'Your table is ready' });
      await waitFor(() => h.prisma.message.findUnique({ where: { sid: sent.sid } }), 'the SID');
      await h.status(sent.sid, 'delivered', { To: CUSTOMER });
      const bySid = await h.admin('GET', `/api/messages/${sent.sid}`);
      expect(bySid.json()).toMatchObject({ sid: sent.sid, status: 'delivered', id: res.json().id });
      const byId = await h.admin('GET', `/api/messages/${res.json().id}`);
      expect(byId.json().sid).toBe(sent.sid);
    });

    it('sends WhatsApp with whatsapp: addresses', async () => {
      // Free text on WhatsApp needs the contact to have written in the last 24 hours.
      await h.inbound(`whatsapp:${CUSTOMER}`, 'hola?', { To: `whatsapp:${BUSINESS_NUMBER}` });
      await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'hola', channel: 'whatsapp' });
      const sent = await waitFor(() => h.twilio.sent.find((m) => m.body === 'hola'), 'the send');
      expect(sent).toMatchObject({ to: `whatsapp:${CUSTOMER}`, from: `whatsapp:${BUSINESS_NUMBER}` });
    });

    it('lists with filters and cursor pagination', async () => {
      for (let i = 0; i < 5; i++) await h.inbound(CUSTOMER, `in ${i}`);
      await h.inbound('+15550009999', 'other person');
      await h.settle();
      const first = await h.admin(
        'GET',
        `/api/messages?direction=inbound&participant=${encodeURIComponent(CUSTOMER)}&limit=3`,
      );
      expect(first.statusCode).toBe(200);
      expect(first.json().items.map((m: { body: string }) => m.body)).toEqual(['in 4', 'in 3', 'in 2']);
      const second = await h.admin(
        'GET',
        `/api/messages?direction=inbound&participant=${encodeURIComponent(CUSTOMER)}&limit=3&cursor=${first.json().nextCursor}`,
      );
      expect(second.json().items.map((m: { body: string }) => m.body)).toEqual(['in 1', 'in 0']);
      expect(second.json().nextCursor).toBeNull();
      const future = await h.admin('GET', `/api/messages?since=${new Date(Date.now() + 60_000).toISOString()}`);
      expect(future.json().items).toEqual([]);
      const outbound = await h.admin('GET', '/api/messages?direction=outbound&status=queued');
      expect(outbound.json().items.length).toBe(6);
    });

    it('404s an unknown message', async () => {
      expect((await h.admin('GET', '/api/messages/SM0123456789abcdef0123456789abcdef')).statusCode).toBe(404);
      expect((await h.admin('DELETE', '/api/messages/SM0123456789abcdef0123456789abcdef')).statusCode).toBe(404);
    });

    it('redacts and deletes on Twilio and locally', async () => {
      await h.inbound(CUSTOMER, 'HELP');
      const sent = await waitFor(() => h.twilio.sent[0], 'the reply');
      await waitFor(() => h.prisma.message.findUnique({ where: { sid: sent.sid } }), 'the SID');

      const redacted = await h.admin('POST', `/api/messages/${sent.sid}/redact`);
      expect(redacted.statusCode).toBe(200);
      expect(redacted.json().body).toBe('');
      expect(h.twilio.message(sent.sid)?.body).toBe('');

      const deleted = await h.admin('DELETE', `/api/messages/${sent.sid}`);
      expect(deleted.statusCode).toBe(204);
      expect(h.twilio.message(sent.sid)).toBeUndefined();
      expect(await h.prisma.message.findUnique({ where: { sid: sent.sid } })).toBeNull();
    });

    it('syncs recent messages from Twilio without duplicates', async () => {
      h.twilio.addRemoteMessage({ from: CUSTOMER, to: BUSINESS_NUMBER, body: 'from the past', direction: 'inbound' });
      h.twilio.addRemoteMessage({ from: BUSINESS_NUMBER, to: CUSTOMER, body: 'our answer', direction: 'outbound-api' });
      const first = await h.admin('POST', '/api/messages/sync', { limit: 20 });
      expect(first.json()).toEqual({ fetched: 2, created: 2, replyQueuedFor: null });
      const again = await h.admin('POST', '/api/messages/sync', { limit: 20 });
      expect(again.json()).toMatchObject({ fetched: 2, created: 0 });
      const stored = await h.prisma.message.findMany({ orderBy: { body: 'asc' } });
      expect(stored.map((m) => [m.body, m.direction, m.participant])).toEqual([
        ['from the past', 'inbound', CUSTOMER],
        ['our answer', 'outbound', CUSTOMER],
      ]);
    });
  });

  describe('a message as Twilio has it now (remote=true)', () => {
    it('reads status, price and error through the SDK and updates ours; status only moves forward', async () => {
      const res = await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'Your table is ready' });
      const sent = await waitFor(() => h.twilio.sent[0], 'the send');
      await waitFor(() => h.prisma.message.findUnique({ where: { sid: sent.sid } }), 'the SID');
      // Local reads never touch Twilio; remote ones do, once each.
      const gets = () => h.twilio.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/${sent.sid}.json`));
      expect((await h.admin('GET', `/api/messages/${sent.sid}`)).json()).toMatchObject({
        price: null,
        status: 'queued',
      });
      expect(gets()).toHaveLength(0);

      h.twilio.update(sent.sid, {
        status: 'undelivered',
        errorCode: 30003,
        errorMessage: 'Unreachable handset',
        price: '-0.00790',
      });
      const fetched = await h.admin('GET', `/api/messages/${res.json().id}?remote=true`);
      expect(fetched.statusCode).toBe(200);
      expect(fetched.json()).toMatchObject({
        status: 'undelivered',
        errorCode: 30003,
        errorMessage: 'Unreachable handset',
        price: '-0.00790',
        priceUnit: 'USD',
      });
      expect(gets()).toHaveLength(1);
      // Twilio's record saying an earlier status (a stale read) does not move ours back.
      h.twilio.update(sent.sid, { status: 'sent' });
      expect((await h.admin('GET', `/api/messages/${sent.sid}?remote=true`)).json().status).toBe('undelivered');
      // Gone at Twilio: 404 saying so, ours kept.
      h.twilio.reset();
      const gone = await h.admin('GET', `/api/messages/${sent.sid}?remote=true`);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().message).toMatch(/Twilio has no message SM/);
      expect((await h.admin('GET', `/api/messages/${sent.sid}`)).json().price).toBe('-0.00790');
    });

    it('answers 409 for a message Twilio never had, 404 for another business’s, 400 for a bad flag', async () => {
      const later = await h.admin('POST', '/api/messages', {
        to: CUSTOMER,
        body: 'Later',
        sendAt: new Date(Date.now() + 3600_000).toISOString(),
      });
      const notYet = await h.admin('GET', `/api/messages/${later.json().id}?remote=true`);
      expect(notYet.statusCode).toBe(409);
      expect(notYet.json().message).toMatch(/is not at Twilio \(status scheduled\)/);
      const bad = await h.admin('GET', `/api/messages/${later.json().id}?remote=yes`);
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json().message)).toContain('remote');
      await h.admin('POST', '/api/businesses', { name: 'Other', slug: 'other' });
      const foreign = await h.admin('GET', `/api/messages/${later.json().id}?remote=true`, undefined, undefined, {
        'x-business-id': 'other',
      });
      expect(foreign.statusCode).toBe(404);
      expect(h.twilio.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
    });
  });

  describe('conversations', () => {
    it('lists one row per participant with counts and unread inbound, and shows the thread', async () => {
      await h.inbound(CUSTOMER, 'one');
      await h.inbound(CUSTOMER, 'two');
      await h.inbound('+15550009999', 'other');
      await waitFor(() => h.twilio.sent.length === 3, 'three replies');
      await h.settle();
      await waitFor(
        () => h.prisma.message.count({ where: { status: 'queued' } }).then((n) => n === 3),
        'stored replies',
      );

      const list = await h.admin('GET', '/api/conversations');
      const row = list.json().items.find((r: { participant: string }) => r.participant === CUSTOMER);
      expect(row).toMatchObject({ messageCount: 4, inboundCount: 2, unreadCount: 2 });
      expect(row.lastMessage).toMatchObject({ participant: CUSTOMER });
      expect(list.json().items).toHaveLength(2);

      const thread = await h.admin('GET', `/api/conversations/${encodeURIComponent(CUSTOMER)}`);
      expect(thread.statusCode).toBe(200);
      expect(thread.json().messages).toHaveLength(4);
      expect(thread.json().messages[0].body).toBe('one');
      expect(thread.json().optedOut).toBe(false);

      const read = await h.admin('POST', `/api/conversations/${encodeURIComponent(CUSTOMER)}/read`);
      expect(read.json()).toEqual({ participant: CUSTOMER, markedRead: 2 });
      const after = await h.admin('GET', '/api/conversations');
      expect(after.json().items.find((r: { participant: string }) => r.participant === CUSTOMER).unreadCount).toBe(0);
    });

    it('finds conversations by number in any spelling or by name, and says who opted out', async () => {
      await h.inbound(CUSTOMER, 'hello');
      await h.inbound('+15550009999', 'STOP');
      await h.inbound('whatsapp:+15550008888', 'hi', { ProfileName: 'Zoë 100%', To: `whatsapp:${BUSINESS_NUMBER}` });
      await h.admin('PATCH', `/api/contacts/${encodeURIComponent(CUSTOMER)}`, { name: 'Ann Smith' });
      const found = async (search: string) =>
        (await h.admin('GET', `/api/conversations?search=${encodeURIComponent(search)}`))
          .json()
          .items.map((r: { participant: string }) => r.participant);

      const all = (await h.admin('GET', '/api/conversations')).json().items;
      expect(all.find((r: { participant: string }) => r.participant === CUSTOMER)).toMatchObject({
        optedOut: false,
        name: 'Ann Smith',
      });
      expect(all.find((r: { participant: string }) => r.participant === '+15550009999')).toMatchObject({
        optedOut: true,
        name: null,
      });
      expect((await h.admin('GET', `/api/conversations/${encodeURIComponent(CUSTOMER)}`)).json().name).toBe(
        'Ann Smith',
      );
      expect(await found('(555) 765-4321')).toEqual([CUSTOMER]);
      expect(await found('ann sm')).toEqual([CUSTOMER]);
      // The WhatsApp profile name stands in for a name; % is a character, not a wildcard.
      expect(await found('zoë 100%')).toEqual(['+15550008888']);
      expect(await found('%')).toEqual(['+15550008888']);
      expect((await found('+1555000')).sort()).toEqual(['+15550008888', '+15550009999']);
      expect(await found('nobody')).toEqual([]);
      expect((await found('  ')).length).toBe(3);
    });
  });

  describe('contacts', () => {
    const OTHER = '+15557654322';

    it('lists who texted in, filters the opted-out, and says how they opted out', async () => {
      await h.inbound(CUSTOMER, 'hello');
      await h.inbound(OTHER, 'STOP');
      const all = (await h.admin('GET', '/api/contacts')).json().items;
      expect(all.map((c: { phone: string }) => c.phone).sort()).toEqual([CUSTOMER, OTHER]);
      const out = (await h.admin('GET', '/api/contacts?optedOut=true')).json().items;
      expect(out).toEqual([expect.objectContaining({ phone: OTHER, optedOut: true, optOutSource: 'keyword' })]);
      expect(
        (await h.admin('GET', '/api/contacts?optedOut=false')).json().items.map((c: { phone: string }) => c.phone),
      ).toEqual([CUSTOMER]);
    });

    it('sets a time zone and opts out by hand, creating a contact it did not know', async () => {
      const url = `/api/contacts/${encodeURIComponent('(555) 765-4321')}`;
      const zoned = await h.admin('PATCH', url, { timezone: 'America/Chicago' });
      expect(zoned.statusCode).toBe(200);
      expect(zoned.json()).toMatchObject({ phone: CUSTOMER, timezone: 'America/Chicago', optedOut: false });

      const out = (await h.admin('PATCH', url, { optedOut: true })).json();
      expect(out).toMatchObject({ optedOut: true, optOutSource: 'api', timezone: 'America/Chicago' });
      const again = (await h.admin('PATCH', url, { optedOut: true })).json();
      expect(again.optedOutAt).toBe(out.optedOutAt); // nothing changed, nothing re-stamped

      const send = await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'promo' });
      await waitFor(
        async () => (await h.admin('GET', `/api/messages/${send.json().id}`)).json().status === 'suppressed',
        'the suppressed send',
      );
      expect(h.twilio.sent).toHaveLength(0);

      const back = (await h.admin('PATCH', url, { optedOut: false, timezone: null })).json();
      expect(back).toMatchObject({ optedOut: false, optOutSource: null, timezone: null });
      expect(back.optedInAt).not.toBeNull();
    });

    it('takes concurrent edits of a number it did not know', async () => {
      const url = `/api/contacts/${encodeURIComponent(OTHER)}`;
      const results = await Promise.all([
        h.admin('PATCH', url, { timezone: 'Europe/Warsaw' }),
        h.admin('PATCH', url, { optedOut: true }),
        h.admin('PATCH', url, { optedOut: true }),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(await h.prisma.contact.findMany()).toEqual([
        expect.objectContaining({ phone: OTHER, timezone: 'Europe/Warsaw', optedOut: true, optOutSource: 'api' }),
      ]);
    });

    it.each([
      [
        'PATCH',
        '/api/contacts/%2B15557654321',
        { timezone: 'Mars/Olympus' },
        400,
        /timezone must be an IANA time zone/,
      ],
      ['PATCH', '/api/contacts/%2B15557654321', { optedOut: 'yes' }, 400, /optedOut must be a boolean/],
      ['PATCH', '/api/contacts/%2B15557654321', { nickname: 'Ada' }, 400, /property nickname should not exist/],
      ['PATCH', '/api/contacts/%2B15557654321', { email: 'ada' }, 400, /email must be an email address/],
      ['PATCH', '/api/contacts/nobody', { timezone: 'UTC' }, 400, /phone must be a phone number/],
      ['GET', '/api/contacts?optedOut=maybe', undefined, 400, /optedOut must be a boolean/],
      ['GET', '/api/contacts/%2B15550000000', undefined, 404, /No contact/],
    ] as const)('%s %s %j → %d', async (method, url, body, status, message) => {
      const res = await h.admin(method, url, body);
      expect(res.statusCode).toBe(status);
      expect(JSON.stringify(res.json().message)).toMatch(message);
      expect(await h.prisma.contact.count()).toBe(0);
    });
  });

  describe('auto-reply config', () => {
    it('says updatedAt: null until the settings are first saved (not 1970-01-01), then when they were', async () => {
      const fresh = await h.admin('GET', '/api/auto-reply/config');
      expect(fresh.statusCode).toBe(200);
      expect(fresh.json()).toEqual({ enabled: false, message: '', enabledSince: null, updatedAt: null });

      const before = Date.now();
      const saved = await h.admin('POST', '/api/auto-reply/config', { enabled: true, message: 'Back at 9.' });
      expect(saved.statusCode).toBe(200);
      const read = (await h.admin('GET', '/api/auto-reply/config')).json();
      expect(read).toEqual(saved.json());
      expect(read).toMatchObject({ enabled: true, message: 'Back at 9.' });
      // The database's clock and this one may differ by a little.
      expect(Math.abs(Date.parse(read.updatedAt) - before)).toBeLessThan(60_000);
    });
  });

  describe('AI config', () => {
    it('shows the API key masked, never in full, and records that the API set it', async () => {
      const res = await h.admin('POST', '/api/ai/config', {
        enabled: true,
        apiKey: 'sk-live-abcdef123456',
        model: 'gpt-x',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        enabled: true,
        apiKey: '…3456',
        source: 'api',
        model: 'gpt-x',
        active: true,
      });
      const get = await h.admin('GET', '/api/ai/config');
      expect(JSON.stringify(get.json())).not.toContain('sk-live-abcdef123456');

      await h.admin('POST', '/api/ai/test', { prompt: 'ping' });
      expect(h.openai.requests[0].authorization).toBe('Bearer sk-live-abcdef123456');
    });

    it('trims a pasted key and refuses one that cannot go in an HTTP header', async () => {
      const bad = await h.admin('POST', '/api/ai/config', { apiKey: 'sk-live-“quoted”' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toEqual([expect.stringMatching(/^apiKey must be printable ASCII/)]);

      expect(
        (await h.admin('POST', '/api/ai/config', { enabled: true, apiKey: '  sk-live-pasted9876\n' })).statusCode,
      ).toBe(200);
      await h.admin('POST', '/api/ai/test', { prompt: 'ping' });
      expect(h.openai.requests[0].authorization).toBe('Bearer sk-live-pasted9876');
    });

    it('answers 400 naming the field when a value that cannot be cleared is null', async () => {
      const res = await h.admin('POST', '/api/ai/config', { temperature: null });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('temperature must be a number conforming to the specified constraints');
    });

    it('tests a prompt without sending anything', async () => {
      const res = await h.admin('POST', '/api/ai/test', { prompt: 'What are your hours?' });
      expect(res.statusCode).toBe(200);
      expect(res.json().reply).toBe('AI answer to: What are your hours?');
      expect(h.twilio.sent).toHaveLength(0);
      expect(await h.prisma.message.count()).toBe(0);
    });

    it('reports a failing model as 502', async () => {
      h.openai.failNext(500);
      const res = await h.admin('POST', '/api/ai/test', { prompt: 'x' });
      expect(res.statusCode).toBe(502);
    });

    it('generates and sends to the target number', async () => {
      await h.admin('POST', '/api/ai/config', { targetNumber: '555-765-4321' });
      const res = await h.admin('POST', '/api/ai/send', { prompt: 'Write a reminder' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ to: CUSTOMER, source: 'ai', body: 'AI answer to: Write a reminder' });
      const sent = await waitFor(() => h.twilio.sent[0], 'the AI send');
      expect(sent).toMatchObject({ to: CUSTOMER, body: 'AI answer to: Write a reminder' });
    });

    it('needs a recipient for /api/ai/send', async () => {
      const res = await h.admin('POST', '/api/ai/send', { prompt: 'x' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message.join(' ')).toMatch(/to is required/);
    });
  });

  describe('actions with Content-Type: application/json and no body', () => {
    // What curl -H 'Content-Type: application/json' and many HTTP clients send; Fastify's parser
    // refused it with 400 FST_ERR_CTP_EMPTY_JSON_BODY, so a launch silently failed.
    const emptyJson = (url: string) =>
      h.api.inject({
        method: 'POST',
        url,
        headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
      });

    it('launches, pauses, resumes and cancels a campaign', async () => {
      const created = await h.admin('POST', '/api/campaigns', {
        name: 'Empty bodies',
        body: 'Sale today',
        // One send a second per sender (the default rate): recipients stay pending for a pause.
        recipients: [CUSTOMER, '+15557654322', '+15557654323', '+15557654324'],
      });
      const id = created.json().id as string;
      const moves: Array<[string, string]> = [
        ['launch', 'running'],
        ['pause', 'paused'],
        ['resume', 'running'],
        ['cancel', 'canceled'],
      ];
      for (const [action, status] of moves) {
        const res = await emptyJson(`/api/campaigns/${id}/${action}`);
        expect({ action, code: res.statusCode, status: res.json().status }).toEqual({ action, code: 200, status });
      }
    });

    it('redacts a message and sends a reminder now', async () => {
      await h.inbound(CUSTOMER, 'HELP');
      const sent = await waitFor(() => h.twilio.sent[0], 'the reply');
      await waitFor(() => h.prisma.message.findUnique({ where: { sid: sent.sid } }), 'the SID');
      const redacted = await emptyJson(`/api/messages/${sent.sid}/redact`);
      expect(redacted.statusCode).toBe(200);
      expect(redacted.json().body).toBe('');

      const reminder = await h.admin('POST', '/api/reminders', {
        to: CUSTOMER,
        body: 'Pay rent',
        intervalSeconds: 3600,
      });
      const now = await emptyJson(`/api/reminders/${reminder.json().id}/send-now`);
      expect(now.statusCode).toBe(201);
      expect(now.json()).toMatchObject({ to: CUSTOMER, body: 'Pay rent', status: 'pending' });
    });

    it('still answers 400 naming the missing fields where a body is required', async () => {
      const res = await emptyJson('/api/messages');
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toEqual([
        'to is required',
        'body is required unless a template (contentSid) or mediaUrls is given',
      ]);
      expect(await h.prisma.message.count()).toBe(0);
    });

    it('still refuses a body that is not JSON', async () => {
      const res = await h.api.inject({
        method: 'POST',
        url: '/api/campaigns/00000000-0000-0000-0000-000000000000/launch',
        headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
        payload: '{"launch": ',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: [expect.stringMatching(/^request body is not valid JSON: /)],
      });
    });
  });
});
