import fc from 'fast-check';
import { Harness } from './support';

/**
 * The admin API with a valid key, fed bodies that are mostly well formed but full of
 * edge values (dates at the ends of the calendar, odd time zones and cron lines,
 * prototype names as keys, lone surrogates, huge numbers). Whatever arrives, the
 * answer is never a 5xx, a rejected create stores nothing, and campaign counters
 * still add up. `FUZZ_RUNS=20000 npx jest test/admin-fuzz` digs deeper.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** Mostly a valid value, sometimes an edge case. */
const usually = <T, U>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: edge });

const text = usually(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .,!?%-]{0,39}$/),
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', 'a\u0000b', '\uD800', '😀'.repeat(3), 'x'.repeat(1601), 'Sale: 20% off €'),
  ),
);
const phone = usually(
  fc.oneof(
    fc.integer({ min: 2_000_000, max: 9_999_999 }).map((n) => `+1415${n}`),
    fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `+4860${n}`),
  ),
  fc.oneof(
    fc.stringMatching(/^(whatsapp:)?\+?[\d ().-]{0,20}$/),
    fc.constantFrom('whatsapp:+48601234567', '+0', '+999999999999999999', '(415) 765-4321', '__proto__'),
  ),
);
const isoDate = usually(
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '0001-01-01',
    '9999-12-31T23:59:59Z',
    '2026-02-30',
    '2026-11-23T24:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-W48-1',
    '2026-327',
    '2026-11-23T10:00:00+14:00',
    'yesterday',
    // Years JavaScript's Date reads and PostgreSQL refuses (each was a 500).
    '0000-01-01T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '+010000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
  ),
);
const timezone = usually(
  fc.constantFrom('UTC', 'America/New_York', 'Etc/GMT-14', 'Asia/Kathmandu', 'Europe/Warsaw', 'Pacific/Chatham'),
  fc.constantFrom('EST5EDT', 'Etc/GMT+14', 'Mars/Olympus', '', 'utc', '+05:30', '__proto__'),
);
const hhmm = usually(
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  fc.constantFrom('24:00', '9:00', '12:60', ''),
);
const cron = usually(
  fc.constantFrom('* * * * *', '0 9 * * 1-5', '0 0 29 2 *', '*/15 * * * *', '30 8 1 * *'),
  fc.constantFrom(
    '0 0 30 2 *',
    '61 * * * *',
    '*/0 * * * *',
    '@yearly',
    '0 0 * * * * *',
    'every day',
    // A seconds field: it texted one number every second.
    '* * * * * *',
    '*/10 * * * * *',
  ),
);
const number = usually(
  fc.integer({ min: 0, max: 100_000 }),
  fc.oneof(fc.integer(), fc.constantFrom(-1, 59, 2 ** 31, 2 ** 53, 1e308, 0.5, -0)),
);
/** An array nested `depth` deep: bodies thousands of levels deep overflowed the stack of code that walks them. */
const nestedArray = fc.integer({ min: 30, max: 300 }).map((depth) => {
  let value: unknown[] = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
});
const anything = fc.oneof(
  text,
  number,
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 2 }),
  nestedArray,
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: anything });

/** Keys the DTOs know, each with values that are usually of the right kind. */
const fields: Record<string, fc.Arbitrary<unknown>> = {
  name: maybe(text),
  body: maybe(text),
  to: maybe(phone),
  from: maybe(phone),
  recipients: maybe(
    fc.oneof(
      fc.array(phone, { minLength: 1, maxLength: 12 }),
      fc
        .tuple(fc.array(phone, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', ',', ';', ' ; ', '\r\n'))
        .map(([list, separator]) => list.join(separator)),
    ),
  ),
  sendAt: maybe(isoDate),
  startAt: maybe(isoDate),
  endAt: maybe(isoDate),
  // An object, or the text QUIET_HOURS takes ("21:00-08:00", spaces allowed around the dash).
  quietHours: maybe(
    fc.oneof(
      fc.record({ start: hhmm, end: hhmm, timezone }, { requiredKeys: ['start', 'end'] }),
      fc.tuple(hhmm, hhmm, fc.constantFrom('-', ' - ', '--')).map(([start, end, dash]) => `${start}${dash}${end}`),
    ),
  ),
  messagingServiceSid: maybe(usually(fc.stringMatching(/^MG[0-9a-f]{32}$/), text)),
  channel: maybe(usually(fc.constantFrom('sms', 'whatsapp'), fc.constant('fax'))),
  cron: maybe(cron),
  timezone: maybe(timezone),
  intervalSeconds: maybe(usually(fc.integer({ min: 60, max: 864_000 }), number)),
  enabled: maybe(fc.boolean()),
  optedOut: maybe(fc.boolean()),
  mediaUrls: maybe(fc.array(usually(fc.webUrl({ validSchemes: ['https'] }), text), { maxLength: 3 })),
  message: maybe(text),
  prompt: maybe(text),
  apiKey: maybe(text),
  systemPrompt: maybe(text),
  model: maybe(text),
  temperature: maybe(number),
  targetNumber: maybe(phone),
  limit: maybe(number),
  reply: maybe(fc.boolean()),
  slug: maybe(
    usually(
      fc.stringMatching(/^[a-z0-9-]{2,40}$/),
      fc.oneof(text, fc.uuid(), fc.constantFrom('default', 'a', 'A-B', 'x'.repeat(41), '__proto__')),
    ),
  ),
  ownerPhone: maybe(phone),
  ownerSummaryTime: maybe(fc.oneof(hhmm, fc.constant(null))),
  address: maybe(phone),
  numbers: maybe(
    fc.array(
      usually(
        fc.record(
          { channel: usually(fc.constantFrom('sms', 'whatsapp'), anything), address: phone },
          { requiredKeys: ['address'] },
        ),
        anything,
      ),
      { maxLength: 4 },
    ),
  ),
  twilio: maybe(
    fc.record(
      {
        accountSid: usually(fc.stringMatching(/^AC[0-9a-f]{32}$/), text),
        authToken: usually(fc.stringMatching(/^[0-9a-f]{32}$/), text),
      },
      { requiredKeys: [] },
    ),
  ),
};
/** A body for a route: its own fields (the required ones nearly always), now and then a stranger. */
function bodyOf(own: string[], required: string[]): fc.Arbitrary<Record<string, unknown>> {
  const record = fc.record(Object.fromEntries(own.map((name) => [name, fields[name]])), { requiredKeys: [] });
  const present = fc.record(Object.fromEntries(required.map((name) => [name, fields[name]])));
  const strangers = fc.array(
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'toString', 'extra', 'limit'), anything),
    { maxLength: 1 },
  );
  return fc
    .tuple(
      record,
      fc.oneof({ weight: 9, arbitrary: present }, { weight: 1, arbitrary: fc.constant({}) }),
      fc.oneof({ weight: 9, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: strangers }),
    )
    .map(([optional, needed, extra]) => Object.fromEntries([...Object.entries({ ...optional, ...needed }), ...extra]));
}

/** Cursors as we make them (a date and an id, base64url), and ones that only look like ours. */
const cursor = fc
  .tuple(
    fc.oneof(isoDate, fc.constantFrom('2026-12-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z')),
    fc.oneof(fc.uuid(), fc.constantFrom('-'.repeat(36), '0'.repeat(36), '')),
    fc.constantFrom('|', '||', ''),
  )
  .map(([at, id, separator]) => Buffer.from(`${at}${separator}${id}`).toString('base64url'));
const queryValue = fc.oneof(
  text,
  number.map(String),
  isoDate,
  cursor,
  fc.constantFrom('1', 'true', 'false', 'pending', 'delivered', 'inbound', 'sent'),
  // The owner's views' `date`.
  fc.constantFrom('today', 'tomorrow', 'yesterday', '2026-12-03', '2026-02-30', '2026-03-08', 'TODAY'),
);
function queryOf(keys: string[]): fc.Arbitrary<string> {
  if (keys.length === 0) return fc.constant('');
  return fc
    .dictionary(
      fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...keys) },
        { weight: 1, arbitrary: fc.constantFrom('__proto__', 'x') },
      ),
      queryValue,
      { maxKeys: 3 },
    )
    .map((q) => new URLSearchParams(q).toString());
}

const CAMPAIGN = ['name', 'body', 'recipients', 'sendAt', 'quietHours', 'from', 'messagingServiceSid', 'channel'];
const REMINDER = [
  'to',
  'body',
  'channel',
  'from',
  'intervalSeconds',
  'cron',
  'timezone',
  'startAt',
  'endAt',
  'enabled',
];
const PAGE = ['limit', 'offset'];
const BUSINESS = [
  'name',
  'slug',
  'timezone',
  'ownerPhone',
  'ownerSummaryTime',
  'quietHours',
  'numbers',
  'twilio',
  'messagingServiceSid',
];
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
/** Every admin route: method, path (`:kind` = an id of that kind), body fields, required fields, query keys. */
const ROUTES: Array<[Method, string, string[], string[], string[]]> = [
  ['POST', '/api/campaigns', CAMPAIGN, ['name', 'body', 'recipients'], []],
  ['GET', '/api/campaigns', [], [], PAGE],
  ['GET', '/api/campaigns/:campaign', [], [], []],
  ['GET', '/api/campaigns/:campaign/recipients', [], [], ['status', 'limit', 'after']],
  ['GET', '/api/campaigns/:campaign/preview', [], [], []],
  ['PATCH', '/api/campaigns/:campaign', CAMPAIGN.filter((f) => f !== 'recipients' && f !== 'channel'), [], []],
  ['POST', '/api/campaigns/:campaign/launch', [], [], []],
  ['POST', '/api/campaigns/:campaign/pause', [], [], []],
  ['POST', '/api/campaigns/:campaign/resume', [], [], []],
  ['POST', '/api/campaigns/:campaign/cancel', [], [], []],
  ['POST', '/api/multi-sms/batches', ['body', 'recipients', 'from', 'messagingServiceSid'], ['body', 'recipients'], []],
  ['GET', '/api/multi-sms/batches', [], [], [...PAGE, 'includeRecipients', 'include_recipients']],
  ['GET', '/api/multi-sms/batches/:campaign', [], [], []],
  ['GET', '/api/multi-sms/batches/:campaign/recipients', [], [], ['status', 'limit', 'after']],
  ['GET', '/api/reminders', [], [], PAGE],
  // Twice: one schedule each (both or neither is a 400, and the bodies still try that now and then).
  ['POST', '/api/reminders', REMINDER.filter((f) => f !== 'cron'), ['to', 'body', 'intervalSeconds'], []],
  ['POST', '/api/reminders', REMINDER.filter((f) => f !== 'intervalSeconds'), ['to', 'body', 'cron'], []],
  ['GET', '/api/reminders/:reminder', [], [], []],
  ['PATCH', '/api/reminders/:reminder', REMINDER, [], []],
  ['DELETE', '/api/reminders/:reminder', [], [], []],
  ['POST', '/api/reminders/:reminder/send-now', [], [], []],
  ['GET', '/api/messages', [], [], ['participant', 'direction', 'status', 'since', 'cursor', 'limit']],
  ['POST', '/api/messages', ['to', 'body', 'from', 'channel', 'mediaUrls', 'sendAt'], ['to', 'body'], []],
  ['POST', '/api/messages/sync', ['limit', 'reply'], [], []],
  ['GET', '/api/messages/:message', [], [], []],
  ['DELETE', '/api/messages/:message/schedule', [], [], []],
  ['POST', '/api/messages/:message/redact', [], [], []],
  ['DELETE', '/api/messages/:message', [], [], []],
  ['GET', '/api/conversations', [], [], [...PAGE, 'search']],
  ['GET', '/api/conversations/:participant', [], [], ['cursor', 'limit']],
  ['POST', '/api/conversations/:participant/read', [], [], []],
  ['GET', '/api/ai/config', [], [], []],
  ['POST', '/api/ai/config', ['enabled', 'apiKey', 'systemPrompt', 'model', 'temperature', 'targetNumber'], [], []],
  ['POST', '/api/ai/test', ['prompt'], ['prompt'], []],
  ['POST', '/api/ai/send', ['to', 'prompt'], [], []],
  ['GET', '/api/auto-reply/config', [], [], []],
  ['GET', '/api/contacts', [], [], [...PAGE, 'optedOut']],
  ['GET', '/api/contacts/:participant', [], [], []],
  ['PATCH', '/api/contacts/:participant', ['timezone', 'optedOut'], [], []],
  ['POST', '/api/auto-reply/config', ['enabled', 'message'], ['enabled'], []],
  ['POST', '/api/businesses', BUSINESS, ['name', 'slug'], []],
  ['GET', '/api/businesses', [], [], PAGE],
  ['GET', '/api/businesses/:business', [], [], []],
  ['PATCH', '/api/businesses/:business', BUSINESS.filter((f) => f !== 'numbers'), [], []],
  ['POST', '/api/businesses/:business/numbers', ['channel', 'address'], ['address'], []],
  ['DELETE', '/api/businesses/:business/numbers/:number', [], [], []],
  ['POST', '/api/businesses/:business/suspend', [], [], []],
  ['POST', '/api/businesses/:business/resume', [], [], []],
  ['GET', '/api/businesses/:business/usage', [], [], ['days']],
  ['POST', '/api/businesses/:business/api-keys', ['name'], ['name'], []],
  ['GET', '/api/businesses/:business/api-keys', [], [], []],
  ['DELETE', '/api/businesses/:business/api-keys/:apiKey', [], [], []],
  ['GET', '/api/owner/schedule', [], [], ['date']],
  ['GET', '/api/owner/summary', [], [], ['date']],
];

describe('admin API under random input', () => {
  let h: Harness;
  const ids: Record<string, string[]> = {
    campaign: [],
    reminder: [],
    message: [],
    participant: ['+15557654321', 'whatsapp:+48601234567'],
    business: ['default', 'fuzzed'],
    number: ['+15550007777', 'whatsapp:+15550007777', '(555) 000-7777'],
    apiKey: [],
  };

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { ADMIN_RATE_LIMIT_PER_MINUTE: '1000000' } });
    await h.truncate();
    const campaign = await h.admin('POST', '/api/campaigns', {
      name: 'seed',
      body: 'hi',
      recipients: '+15557654321, +15557654322',
    });
    const reminder = await h.admin('POST', '/api/reminders', {
      to: '+15557654321',
      body: 'pay rent',
      intervalSeconds: 3600,
    });
    const message = await h.admin('POST', '/api/messages', {
      to: '+15557654321',
      body: 'later',
      sendAt: '2099-01-01T00:00:00Z',
    });
    const business = await h.admin('POST', '/api/businesses', {
      name: 'Fuzzed',
      slug: 'fuzzed',
      numbers: [{ address: '+15550007777' }, { address: 'whatsapp:+15550007777' }],
    });
    const apiKey = await h.admin('POST', '/api/businesses/fuzzed/api-keys', { name: 'fuzzed' });
    expect([campaign.statusCode, reminder.statusCode, message.statusCode]).toEqual([201, 201, 201]);
    expect([business.statusCode, apiKey.statusCode]).toEqual([201, 201]);
    ids.campaign.push(campaign.json().id);
    ids.reminder.push(reminder.json().id);
    ids.message.push(message.json().id);
    ids.business.push(business.json().id);
    ids.apiKey.push(apiKey.json().id);
  });
  // The fuzz leaves the default business with whatever it set (a random subaccount, quiet hours…):
  // the suites after this one, in the same database, start from the migration's default again.
  afterAll(async () => {
    // Not a full truncate: the fuzz's campaigns keep the queues busy longer than a settle waits.
    await h.resetDefaultBusiness();
    await h.close();
  });

  it('never answers 5xx, stores nothing it rejects, and keeps campaign counters exact', async () => {
    const created = { campaigns: 1, reminders: 1, businesses: 2 };
    const outcomes = new Set<string>();
    const pathId = (kind: string) =>
      usually(
        fc.constantFrom(...ids[kind]),
        fc.oneof(fc.uuid(), fc.constantFrom('abc', '%00', '..', '%E0%A4%A', 'x'.repeat(300), '__proto__')),
      );

    const fuzz = (routes: typeof ROUTES, numRuns: number) =>
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes).chain(([method, template, own, required, queryKeys]) => {
            const params = [...template.matchAll(/:(\w+)/g)].map((match) => match[1]);
            return fc.tuple(
              fc.constant(method),
              fc.constant(template),
              fc.tuple(...params.map(pathId)),
              bodyOf(own, required),
              queryOf(queryKeys),
            );
          }),
          async ([method, template, pathIds, payload, qs]) => {
            const path = pathIds.reduce<string>(
              (at, id) => at.replace(/:\w+/, encodeURIComponent(id).replace(/%25/g, '%')),
              template,
            );
            const url = path + (qs ? `?${qs}` : '');
            const res = await h.admin(method, url, method === 'GET' || method === 'DELETE' ? undefined : payload);
            outcomes.add(`${method} ${template} ${res.statusCode}`);
            // A 502 carrying Twilio's code is Twilio refusing credentials the fuzz itself gave a business
            // (a random subaccount on PATCH /api/businesses/default): an honest answer, not a crash.
            const twilioRefused = res.statusCode === 502 && typeof res.json().twilioCode === 'number';
            expect({ method, url, status: res.statusCode < 500 || twilioRefused ? 'ok' : res.body }).toEqual({
              method,
              url,
              status: 'ok',
            });
            if (res.statusCode === 400) expect(res.json().message).toBeDefined();
            if (res.statusCode === 201 && (template === '/api/campaigns' || template === '/api/multi-sms/batches')) {
              created.campaigns++;
              ids.campaign.push(res.json().id);
            }
            if (res.statusCode === 201 && template === '/api/reminders') created.reminders++;
            if (res.statusCode === 201 && template === '/api/businesses') created.businesses++;
            if (res.statusCode === 204 && method === 'DELETE' && template === '/api/reminders/:reminder')
              created.reminders--;
          },
        ),
        { numRuns },
      );
    await fuzz(ROUTES, RUNS);

    // The input reached the real work, not only the validator. Creates succeed one time in 5 to 10
    // (reminders least), so in 1,000 runs over all routes one of them finds no success about once in
    // a hundred runs: those routes alone get more runs, after which missing one means a broken generator.
    const CREATES = [
      'POST /api/campaigns',
      'POST /api/multi-sms/batches',
      'POST /api/reminders',
      'POST /api/messages',
      'POST /api/businesses',
    ];
    const unreached = () => CREATES.filter((route) => !outcomes.has(`${route} 201`));
    if (unreached().length)
      await fuzz(
        ROUTES.filter(([method, template]) => unreached().includes(`${method} ${template}`)),
        400,
      );
    expect(unreached()).toEqual([]);
    expect(await h.prisma.campaign.count()).toBe(created.campaigns);
    expect(await h.prisma.reminder.count()).toBe(created.reminders);
    expect(await h.prisma.business.count()).toBe(created.businesses);
    expect(await h.prisma.business.count({ where: { slug: 'default', status: 'active' } })).toBe(1);
    for (const id of ids.campaign) {
      const { counters } = (await h.admin('GET', `/api/campaigns/${id}`)).json();
      const { total, ...byStatus } = counters;
      expect(Object.values(byStatus).reduce((a: number, b) => a + (b as number), 0)).toBe(total);
      expect(await h.prisma.campaignRecipient.count({ where: { campaignId: id } })).toBe(total);
    }
    expect((await h.admin('GET', '/api/health', undefined, null)).statusCode).toBe(200);
  }, 240_000);
});
