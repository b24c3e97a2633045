import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BUSINESS_ID, newApiKey } from '@app/common';
import { BUSINESS_LOOKUP_TTL_MS } from '@app/database';
import { Harness } from './support';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A business key as the API hands them out: `sbk_` + 32 random bytes (base64url), stored as its SHA-256. */
async function issueKey(h: Harness, businessId: string): Promise<string> {
  const { key, prefix, hash } = newApiKey();
  await h.prisma.apiKey.create({ data: { businessId, name: 'test', prefix, keyHash: hash } });
  return key;
}

/**
 * Business keys and X-Business-Id: a business's key acts for its business only, on every
 * /api route. The isolation check walks the routes of the OpenAPI document (not a hand list),
 * so a route added without scoping fails it.
 */
describe('businesses: keys and scope', () => {
  let h: Harness;
  let acme: string;
  let acmeKey: string;
  /** The default business's records, which acme's key must never reach. */
  const theirs = {
    messageId: '',
    sid: '',
    campaignId: '',
    reminderId: '',
    appointmentId: '',
    callSid: `CA${randomBytes(16).toString('hex')}`,
    phone: '+15557650001',
    body: '',
  };

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.truncate();
    await h.prisma.business.deleteMany({ where: { id: { not: DEFAULT_BUSINESS_ID } } });
    acme = (
      await h.prisma.business.create({
        data: { name: 'Acme', slug: 'acme', numbers: { create: { channel: 'sms', address: '+15005550123' } } },
      })
    ).id;
    h.businessesChanged();
    acmeKey = await issueKey(h, acme);
    // The default business's data, made with the platform key.
    theirs.body = `default-only ${randomBytes(6).toString('hex')}`;
    const message = (await h.admin('POST', '/api/messages', { to: theirs.phone, body: theirs.body })).json();
    theirs.messageId = message.id;
    theirs.sid = `SM${randomBytes(16).toString('hex')}`;
    await h.prisma.message.update({ where: { id: message.id }, data: { sid: theirs.sid } });
    theirs.campaignId = (
      await h.admin('POST', '/api/campaigns', { name: theirs.body, body: theirs.body, recipients: theirs.phone })
    ).json().id;
    theirs.reminderId = (
      await h.admin('POST', '/api/reminders', { to: theirs.phone, body: theirs.body, intervalSeconds: 3600 })
    ).json().id;
    await h.admin('PATCH', `/api/contacts/${encodeURIComponent(theirs.phone)}`, { timezone: 'Europe/Warsaw' });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    theirs.appointmentId = (
      await h.admin('POST', '/api/appointments', { phone: theirs.phone, startsAt: tomorrow, notes: theirs.body })
    ).json().id;
    expect(theirs.appointmentId).toMatch(/^[0-9a-f-]{36}$/);
    await h.admin('PUT', '/api/availability', { weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] } });
    // A phone call of the default business's, its caller's words the secret.
    await h.prisma.call.create({
      data: {
        businessId: DEFAULT_BUSINESS_ID,
        callSid: theirs.callSid,
        from: theirs.phone,
        to: '+15005550100',
        status: 'completed',
        turns: [{ at: new Date().toISOString(), speaker: 'caller', text: theirs.body }],
      },
    });
    // An appointment of today (both businesses' days are UTC here), for the owner's schedule and summary.
    const contact = await h.prisma.contact.findFirstOrThrow({ where: { businessId: DEFAULT_BUSINESS_ID } });
    const startsAt = new Date(new Date().setUTCHours(0, 30, 0, 0));
    await h.prisma.appointment.create({
      data: {
        businessId: DEFAULT_BUSINESS_ID,
        contactId: contact.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 1_800_000),
        service: theirs.body,
        isEmergency: true,
        source: 'api',
      },
    });
  });
  afterAll(() => h.close());

  it('the platform key acts for the business X-Business-Id names (id or slug), the default one without it', async () => {
    const sent = await h.admin('POST', '/api/messages', { to: '+15557650002', body: 'for acme' }, undefined, {
      'x-business-id': 'acme',
    });
    expect(sent.statusCode).toBe(201);
    expect((await h.prisma.message.findUniqueOrThrow({ where: { id: sent.json().id } })).businessId).toBe(acme);
    const listed = await h.admin('GET', '/api/messages', undefined, undefined, { 'x-business-id': acme });
    expect(listed.json().items.map((m: { id: string }) => m.id)).toEqual([sent.json().id]);
    expect((await h.admin('GET', `/api/messages/${theirs.messageId}`)).statusCode).toBe(200);
    const unknown = await h.admin('GET', '/api/messages', undefined, undefined, { 'x-business-id': 'nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/X-Business-Id/);
  });

  it('a business key sees its own business only; X-Business-Id naming another is 403', async () => {
    const own = await h.admin('GET', '/api/messages', undefined, acmeKey);
    expect(own.statusCode).toBe(200);
    expect(JSON.stringify(own.json())).not.toContain(theirs.body);
    for (const other of [DEFAULT_BUSINESS_ID, 'default']) {
      const res = await h.admin('GET', '/api/messages', undefined, acmeKey, { 'x-business-id': other });
      expect(res.statusCode).toBe(403);
    }
    expect((await h.admin('GET', '/api/messages', undefined, acmeKey, { 'x-business-id': 'acme' })).statusCode).toBe(
      200,
    );
  });

  it('refuses a key that only looks like one (401, counted like any wrong key), and a suspended business’s key', async () => {
    const fake = `sbk_${randomBytes(32).toString('base64url')}`;
    expect((await h.admin('GET', '/api/messages', undefined, fake)).statusCode).toBe(401);
    const sleepy = (await h.prisma.business.create({ data: { name: 'Sleepy', slug: 'sleepy', status: 'suspended' } }))
      .id;
    const res = await h.admin('GET', '/api/messages', undefined, await issueKey(h, sleepy));
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('business suspended');
    // The platform key keeps working for it.
    expect(
      (await h.admin('GET', '/api/messages', undefined, undefined, { 'x-business-id': 'sleepy' })).statusCode,
    ).toBe(200);
  });

  it('refuses a revoked key on every API instance within the lookup cache’s 5 s', async () => {
    const key = await issueKey(h, acme);
    const second = await Harness.start({ worker: false });
    try {
      for (const app of [h, second])
        expect((await app.admin('GET', '/api/messages', undefined, key)).statusCode).toBe(200);
      await h.prisma.apiKey.updateMany({
        where: { businessId: acme, prefix: key.slice(0, 12) },
        data: { revokedAt: new Date() },
      });
      const revokedAt = Date.now();
      for (const app of [h, second]) {
        while ((await app.admin('GET', '/api/messages', undefined, key)).statusCode === 200) {
          expect(Date.now() - revokedAt).toBeLessThan(BUSINESS_LOOKUP_TTL_MS + 1_000);
          await sleep(200);
        }
        expect((await app.admin('GET', '/api/messages', undefined, key)).statusCode).toBe(401);
      }
    } finally {
      await second.close();
    }
  }, 20_000);

  it('reaches none of another business’s records on any /api route of the OpenAPI document', async () => {
    const doc = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json<{
      paths: Record<string, Partial<Record<Lowercase<Method>, unknown>>>;
    }>();
    /** Each path parameter, filled with the default business's record of that kind. */
    const fill = (path: string): string =>
      path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name === 'participant' || name === 'phone') return encodeURIComponent(theirs.phone);
        // A media index is no record: the message's own id decides (its first file, were it theirs).
        if (name === 'n') return '0';
        if (path.startsWith('/api/messages')) return name === 'sid' ? theirs.sid : theirs.messageId;
        if (path.startsWith('/api/calls')) return theirs.callSid;
        if (path.startsWith('/api/campaigns') || path.startsWith('/api/multi-sms')) return theirs.campaignId;
        if (path.startsWith('/api/reminders')) return theirs.reminderId;
        if (path.startsWith('/api/appointments')) return theirs.appointmentId;
        throw new Error(`${path}: no record of the default business for {${name}}: add one to this test`);
      });
    const before = await snapshot(h);
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/') || path === '/api/health') continue;
      for (const method of Object.keys(operations) as Array<Lowercase<Method>>) {
        if (path.startsWith('/api/widget/')) {
          // The web chat's API takes its business's widget token and nothing else: no API key opens it
          // (test/widget.e2e-spec.ts holds the tokens of two businesses apart). OPTIONS is the preflight.
          if (method === ('options' as Lowercase<Method>)) continue;
          for (const headers of [{}, { 'x-business-id': DEFAULT_BUSINESS_ID }] as Array<Record<string, string>>) {
            const res = await h.admin(
              method.toUpperCase() as Method,
              path,
              method === 'get' ? undefined : {},
              acmeKey,
              headers,
            );
            expect({ where: `${method} ${path}`, status: res.statusCode }).toEqual({
              where: `${method} ${path}`,
              status: 401,
            });
          }
          continue;
        }
        // Signing in and out take no key (the key is the body): test/dashboard-session.e2e-spec.ts.
        if (path.startsWith('/api/session') && method === 'post') continue;
        if (path === '/api/events') {
          // A stream that stays open: naming the other business is refused here; what a business's
          // own stream carries is test/live-events.e2e-spec.ts's (B never receives A's events).
          for (const headers of [{ 'x-business-id': DEFAULT_BUSINESS_ID }, {}] as Array<Record<string, string>>) {
            const url = `/api/events${'x-business-id' in headers ? '' : `?business=${DEFAULT_BUSINESS_ID}`}`;
            const res = await h.admin('GET', url, undefined, acmeKey, headers);
            expect({ where: `get ${url}`, status: res.statusCode }).toEqual({ where: `get ${url}`, status: 403 });
          }
          continue;
        }
        if (path.startsWith('/api/businesses')) {
          // Managing businesses is the platform key's alone: a business key is refused, even for its own.
          const url = path.replace(/\{\w+\}/g, 'acme');
          const res = await h.admin(method.toUpperCase() as Method, url, method === 'get' ? undefined : {}, acmeKey);
          expect({ where: `${method} ${path}`, status: res.statusCode }).toEqual({
            where: `${method} ${path}`,
            status: 403,
          });
          continue;
        }
        const url = fill(path);
        const verb = method.toUpperCase() as Method;
        const body = verb === 'GET' || verb === 'DELETE' ? undefined : {};
        const where = `${verb} ${path}`;
        // Naming the other business is refused outright.
        const named = await h.admin(verb, url, body, acmeKey, { 'x-business-id': DEFAULT_BUSINESS_ID });
        expect({ where, status: named.statusCode }).toEqual({ where, status: 403 });
        // With its own scope, nothing of the other business shows, and an id of one of its records is a 404.
        const res = await h.admin(verb, url, body, acmeKey);
        const text = res.body;
        // (An id the request itself named may be echoed by its 404, "No message <id>".)
        for (const secret of [
          theirs.body,
          theirs.messageId,
          theirs.sid,
          theirs.campaignId,
          theirs.reminderId,
          theirs.callSid,
        ])
          if (!url.includes(secret))
            expect({ where, secret, leaks: text.includes(secret) }).toEqual({ where, secret, leaks: false });
        if (/\{(sid|id)\}/.test(path)) expect({ where, status: res.statusCode }).toEqual({ where, status: 404 });
        expect({ where, status: res.statusCode < 500 }).toEqual({ where, status: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
    // Whatever acme's key did, the default business's records are as they were.
    expect(await snapshot(h)).toEqual(before);
  });
});

/** The default business's rows, as they stand. */
async function snapshot(h: Harness) {
  const where = { businessId: DEFAULT_BUSINESS_ID };
  return {
    messages: await h.prisma.message.findMany({ where, orderBy: { id: 'asc' } }),
    campaigns: await h.prisma.campaign.findMany({ where, orderBy: { id: 'asc' } }),
    reminders: await h.prisma.reminder.findMany({ where, orderBy: { id: 'asc' } }),
    contacts: await h.prisma.contact.findMany({ where, orderBy: { id: 'asc' } }),
    appointments: await h.prisma.appointment.findMany({ where, orderBy: { id: 'asc' } }),
    availability: await h.prisma.availability.findUnique({ where }),
    ownerSummaries: await h.prisma.ownerSummary.findMany({ where, orderBy: { day: 'asc' } }),
    autoReply: await h.prisma.autoReplyConfig.findUnique({ where }),
    ai: await h.prisma.aiConfig.findUnique({ where }),
  };
}
