import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import type { AppointmentStatus, MessageSource, MessageStatus } from '@app/database';
import { OwnerSummaryScheduler } from '@app/messaging';
import { Harness, waitFor } from './support';

const NY = 'America/New_York';
const OWNER = '+15557770000';
const ACME_NUMBER = '+15005550123';

/**
 * The owner's views (issue 15): GET /api/owner/schedule and /api/owner/summary for the request's
 * business in its time zone, and the daily summary SMS. "Now" is moved with the apps' Clock to the
 * days around New York's DST changes (1 November and 8 March 2026), where a day is 25 or 23 hours.
 */
describe('owner views', () => {
  let h: Harness;

  beforeAll(async () => {
    // Maintenance every 250 ms: the worker's own owner-summary-tick runs beside the ticks the tests call.
    h = await Harness.start({ env: { MAINTENANCE_INTERVAL_MS: '250' } });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    // The last test's summaries stop first: a tick on the real clock must not send one between tests.
    await h.prisma.business.updateMany({ data: { ownerSummaryTime: null } });
    await h.startOver();
  });

  /** "Now" for the rules of both apps (null: the real time). */
  const setClock = (at: string | null) => (at === null ? h.setClockOffset(0) : h.setClockTo(new Date(at)));

  async function business(slug: string, data: object = {}): Promise<string> {
    const { id } = await h.prisma.business.create({ data: { name: slug, slug, timezone: NY, ...data } });
    h.businessesChanged();
    return id;
  }

  async function contact(businessId: string, phone: string, data: { name?: string; address?: string } = {}) {
    return (await h.prisma.contact.create({ data: { businessId, phone, ...data } })).id;
  }

  /** An appointment from `startsAt` (an hour unless `minutes` says); `updatedAt` written after, as a cancellation would leave it. */
  async function appointment(
    businessId: string,
    contactId: string,
    startsAt: string,
    data: {
      status?: AppointmentStatus;
      service?: string;
      address?: string;
      isEmergency?: boolean;
      createdAt?: string;
      updatedAt?: string;
      minutes?: number;
    } = {},
  ): Promise<string> {
    const { updatedAt, createdAt, minutes = 60, ...rest } = data;
    const start = new Date(startsAt);
    const { id } = await h.prisma.appointment.create({
      data: {
        businessId,
        contactId,
        startsAt: start,
        endsAt: new Date(start.getTime() + minutes * 60_000),
        source: 'sms',
        ...(createdAt ? { createdAt: new Date(createdAt) } : {}),
        ...rest,
      },
    });
    if (updatedAt)
      await h.prisma.$executeRaw`UPDATE appointments SET "updatedAt" = ${new Date(updatedAt)} WHERE id = ${id}::uuid`;
    return id;
  }

  async function message(
    businessId: string,
    participant: string,
    direction: 'inbound' | 'outbound',
    createdAt: string,
    data: { status?: MessageStatus; source?: MessageSource } = {},
  ) {
    const inbound = direction === 'inbound';
    await h.prisma.message.create({
      data: {
        businessId,
        direction,
        from: inbound ? participant : ACME_NUMBER,
        to: inbound ? ACME_NUMBER : participant,
        participant,
        body: 'hello',
        status: data.status ?? (inbound ? 'received' : 'delivered'),
        source: data.source ?? (inbound ? 'inbound' : 'api'),
        createdAt: new Date(createdAt),
      },
    });
  }

  const get = (url: string, businessId?: string) =>
    h.admin('GET', url, undefined, undefined, businessId ? { 'x-business-id': businessId } : {});

  describe('GET /api/owner/schedule', () => {
    it('says today’s and tomorrow’s jobs across the night the clocks go back, another business’s left out', async () => {
      const acme = await business('acme');
      const other = await business('other');
      const ann = await contact(acme, '+15557650001', { name: 'Ann Lee', address: '12 Oak Street' });
      const bob = await contact(acme, '+15557650002');
      const cy = await contact(acme, '+15557650003', { name: 'Cy', address: '3 Elm Road' });
      // Tomorrow, 1 November in New York: 04:00Z to 05:00Z the next day (25 hours, EDT then EST).
      const early = await appointment(acme, bob, '2026-11-01T04:30:00Z', { service: 'gutter check' }); // 12:30 am EDT
      const pipe = await appointment(acme, ann, '2026-11-01T14:00:00Z', { service: 'burst pipe', isEmergency: true });
      const boiler = await appointment(acme, cy, '2026-11-01T17:00:00Z', {
        service: 'boiler service',
        address: '7 Pine Lane',
        status: 'completed',
      });
      await appointment(acme, ann, '2026-11-01T16:00:00Z', { service: 'called off', status: 'cancelled' });
      await appointment(acme, ann, '2026-11-01T18:00:00Z', { service: 'nobody home', status: 'no_show' });
      // 11:30 pm EST: outside a day taken as 24 hours from midnight EDT.
      const late = await appointment(acme, bob, '2026-11-02T04:30:00Z', { service: 'late call-out' });
      await appointment(acme, bob, '2026-11-02T05:30:00Z', { service: 'the day after' }); // 12:30 am, 2 November
      const tonight = await appointment(acme, cy, '2026-11-01T03:30:00Z', { service: 'tonight job' }); // 11:30 pm, 31 October
      await appointment(other, await contact(other, '+15557650001', { name: 'Not acme' }), '2026-11-01T15:00:00Z', {
        service: 'other business job',
      });

      setClock('2026-10-31T20:00:00Z'); // 4 pm on Saturday 31 October in New York
      const tomorrow = await get('/api/owner/schedule?date=tomorrow', acme);
      expect(tomorrow.statusCode).toBe(200);
      expect(tomorrow.json()).toMatchObject({ date: '2026-11-01', timezone: NY });
      expect(tomorrow.json().items.map((i: { id: string }) => i.id)).toEqual([early, pipe, boiler, late]);
      expect(tomorrow.json().text).toBe(
        'Tomorrow you have 4 jobs. 12:30 am: gutter check. 9 am: burst pipe for Ann Lee at 12 Oak Street, emergency. ' +
          'Noon: boiler service for Cy at 7 Pine Lane, done. 11:30 pm: late call-out.',
      );
      expect(tomorrow.json().items[1]).toEqual({
        id: pipe,
        startsAt: '2026-11-01T14:00:00.000Z',
        endsAt: '2026-11-01T15:00:00.000Z',
        status: 'booked',
        isEmergency: true,
        service: 'burst pipe',
        notes: null,
        address: '12 Oak Street',
        contact: { name: 'Ann Lee', phone: '+15557650001' },
      });
      expect(tomorrow.body).not.toContain('Not acme');
      // The same day named by its date.
      expect((await get('/api/owner/schedule?date=2026-11-01', acme)).json().items).toEqual(tomorrow.json().items);

      const today = await get('/api/owner/schedule', acme);
      expect(today.json()).toMatchObject({
        date: '2026-10-31',
        text: 'Today you have 1 job. 11:30 pm: tonight job for Cy at 3 Elm Road.',
      });
      expect(today.json().items.map((i: { id: string }) => i.id)).toEqual([tonight]);

      // The other business sees its own job only.
      expect((await get('/api/owner/schedule?date=tomorrow', other)).json().text).toBe(
        'Tomorrow you have 1 job. 10 am: other business job for Not acme.',
      );
    });

    it('keeps to the 23-hour day the clocks go forward', async () => {
      const acme = await business('acme');
      const dee = await contact(acme, '+15557650004', { name: 'Dee' });
      // 8 March 2026 in New York: 05:00Z to 04:00Z the next day.
      await appointment(acme, dee, '2026-03-08T06:30:00Z', { service: 'frozen pipe', minutes: 30 }); // 1:30 am EST
      await appointment(acme, dee, '2026-03-08T07:00:00Z', { service: 'pump' }); // 3 am EDT
      await appointment(acme, dee, '2026-03-09T03:30:00Z', { service: 'last one' }); // 11:30 pm EDT
      // 12:30 am on 9 March: inside a day taken as 24 hours from midnight EST.
      await appointment(acme, dee, '2026-03-09T04:30:00Z', { service: 'next morning' });

      setClock('2026-03-08T16:00:00Z'); // noon EDT
      expect((await get('/api/owner/schedule?date=today', acme)).json()).toMatchObject({
        date: '2026-03-08',
        text: 'Today you have 3 jobs. 1:30 am: frozen pipe for Dee. 3 am: pump for Dee. 11:30 pm: last one for Dee.',
      });
      expect((await get('/api/owner/schedule?date=tomorrow', acme)).json().text).toBe(
        'Tomorrow you have 1 job. 12:30 am: next morning for Dee.',
      );
      expect((await get('/api/owner/schedule?date=2026-03-10', acme)).json().text).toBe(
        'On Tuesday, March 10 you have no jobs.',
      );
    });

    it('reads the day in DEFAULT_TIMEZONE for a business without a zone (the default one, here UTC)', async () => {
      const acme = await business('acme');
      await appointment(acme, await contact(acme, '+15557650005'), '2026-12-02T12:00:00Z', { service: 'acme only' });
      setClock('2026-12-03T02:00:00Z'); // still 2 December in New York, already 3 December in UTC
      const res = await get('/api/owner/schedule');
      expect(res.json()).toEqual({ date: '2026-12-03', timezone: 'UTC', items: [], text: 'Today you have no jobs.' });
    });
  });

  describe('GET /api/owner/summary', () => {
    it('counts the local day’s bookings, cancellations, emergencies, texts and who waits for a reply', async () => {
      const acme = await business('acme');
      const other = await business('other');
      const ann = await contact(acme, '+15557650001');
      // 1 November in New York runs from 04:00Z to 05:00Z on 2 November. Start times do not matter here.
      const at = (hour: number) => new Date(Date.UTC(2026, 10, 10, hour)).toISOString();
      await appointment(acme, ann, at(1), { createdAt: '2026-11-01T04:30:00Z' }); // 12:30 am EDT: new
      await appointment(acme, ann, at(2), { createdAt: '2026-11-01T12:00:00Z', isEmergency: true }); // new, emergency
      await appointment(acme, ann, at(3), {
        createdAt: '2026-11-01T03:30:00Z', // 31 October
        status: 'cancelled',
        updatedAt: '2026-11-01T15:00:00Z', // cancelled today
      });
      await appointment(acme, ann, at(4), {
        createdAt: '2026-11-01T13:00:00Z',
        status: 'cancelled',
        updatedAt: '2026-11-01T14:00:00Z',
      }); // booked and cancelled today
      await appointment(acme, ann, at(5), { createdAt: '2026-10-31T20:00:00Z', isEmergency: true }); // yesterday
      await appointment(acme, ann, at(6), {
        createdAt: '2026-10-30T20:00:00Z',
        status: 'cancelled',
        updatedAt: '2026-11-02T06:00:00Z', // cancelled the day after
      });
      await appointment(other, await contact(other, '+15557650001'), at(1), {
        createdAt: '2026-11-01T12:00:00Z',
        isEmergency: true,
      });

      const p = (n: number) => `+1555765010${n}`;
      await message(acme, p(1), 'inbound', '2026-11-01T14:00:00Z');
      await message(acme, p(1), 'outbound', '2026-11-01T14:05:00Z'); // answered
      await message(acme, p(2), 'inbound', '2026-11-01T15:00:00Z'); // waiting
      await message(acme, p(3), 'inbound', '2026-11-01T13:00:00Z');
      await message(acme, p(3), 'outbound', '2026-11-01T13:01:00Z', { source: 'ai', status: 'sent' });
      await message(acme, p(3), 'inbound', '2026-11-01T16:00:00Z'); // waiting again
      await message(acme, p(4), 'inbound', '2026-11-01T12:00:00Z');
      await message(acme, p(4), 'outbound', '2026-11-01T17:00:00Z', { source: 'campaign' }); // a campaign is no reply
      await message(acme, p(5), 'inbound', '2026-11-01T12:30:00Z');
      await message(acme, p(5), 'outbound', '2026-11-01T12:31:00Z', { status: 'failed' }); // never reached them
      await message(acme, p(6), 'inbound', '2026-11-01T03:00:00Z'); // 11 pm on 31 October
      await message(acme, p(7), 'inbound', '2026-11-01T18:00:00Z');
      await message(acme, p(7), 'outbound', '2026-11-01T18:00:00Z', { source: 'auto_reply', status: 'pending' });
      await message(acme, p(8), 'inbound', '2026-11-02T04:30:00Z'); // 11:30 pm EST: the 25th hour
      await message(other, p(9), 'inbound', '2026-11-01T15:00:00Z');
      await message(other, p(9), 'inbound', '2026-11-01T15:01:00Z');
      await message(DEFAULT_BUSINESS_ID, p(9), 'inbound', '2026-11-01T15:00:00Z');

      setClock('2026-11-02T04:45:00Z'); // 11:45 pm EST, still 1 November
      const res = await get('/api/owner/summary?date=today', acme);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        date: '2026-11-01',
        timezone: NY,
        newBookings: 3,
        cancellations: 2,
        emergencies: 1,
        inboundMessages: 8,
        unansweredConversations: 5,
        text:
          'Today: 3 new bookings, 2 cancellations and 1 emergency. ' +
          '8 messages came in; 5 conversations are waiting for a reply.',
      });

      // p(6)'s text was yesterday's, still unanswered; the day before's bookings.
      expect((await get('/api/owner/summary?date=2026-10-31', acme)).json()).toMatchObject({
        newBookings: 2,
        cancellations: 0,
        emergencies: 1,
        inboundMessages: 1,
        unansweredConversations: 1,
        text: 'Yesterday: 2 new bookings, no cancellations and 1 emergency. 1 message came in; 1 conversation is waiting for a reply.',
      });
      // A reply the next day answers it after all: the count is of who is waiting now.
      await message(acme, p(6), 'outbound', '2026-11-01T14:00:00Z');
      expect((await get('/api/owner/summary?date=2026-10-31', acme)).json().unansweredConversations).toBe(0);

      expect((await get('/api/owner/summary', other)).json()).toMatchObject({
        newBookings: 1,
        cancellations: 0,
        emergencies: 1,
        inboundMessages: 2,
        unansweredConversations: 1,
      });
    });
  });

  it.each(['/api/owner/schedule', '/api/owner/summary'])(
    '%s refuses a date that is none with a 400 naming date',
    async (path) => {
      for (const date of ['yesterday', '2026-02-30', '2026-12-3', '', '0000-01-01', 'today&date=tomorrow']) {
        const res = await get(`${path}?date=${date}`);
        expect({ date, status: res.statusCode }).toEqual({ date, status: 400 });
        expect(res.json().message).toEqual(['date must be today, tomorrow or a real date like 2026-12-03']);
      }
    },
  );

  describe('the daily summary SMS', () => {
    const schedulers = () => [h.api.get(OwnerSummaryScheduler), h.worker!.get(OwnerSummaryScheduler)];
    const summaries = () =>
      h.prisma.message.findMany({ where: { source: 'owner_summary' }, orderBy: { createdAt: 'asc' } });
    const toOwner = () => h.twilio.sent.filter((m) => m.to === OWNER);

    async function acme(data: object = {}) {
      return business('acme', {
        name: 'Acme Plumbing',
        ownerPhone: OWNER,
        ownerSummaryTime: '18:00',
        // Quiet hours around the summary time: the owner's own texts are not held back by them.
        quietStart: '17:00',
        quietEnd: '09:00',
        numbers: { create: { channel: 'sms', address: ACME_NUMBER } },
        ...data,
      });
    }

    it('goes at the summary time in the business’s zone, once, however many ticks run at once', async () => {
      // The clock before the businesses, in each of these tests: the worker's own ticks never see them at the real time.
      setClock('2026-12-02T22:59:00Z'); // 5:59 pm EST
      const id = await acme();
      await message(id, '+15557650101', 'inbound', '2026-12-02T20:00:00Z');
      // Businesses that get none: no summary time, or suspended.
      await business('quiet', {
        ownerPhone: '+15557770001',
        numbers: { create: { channel: 'sms', address: '+15005550124' } },
      });
      await business('asleep', {
        status: 'suspended',
        ownerPhone: '+15557770002',
        ownerSummaryTime: '00:00',
        numbers: { create: { channel: 'sms', address: '+15005550125' } },
      });

      const early = await Promise.all(schedulers().map((s) => s.tick()));
      expect(early.map((t) => t.sent)).toEqual([0, 0]);
      await sleep(600); // the worker's own ticks too
      expect(await summaries()).toEqual([]);

      setClock('2026-12-02T23:00:30Z'); // 6:00 pm
      const ticks = await Promise.all([...schedulers(), ...schedulers(), ...schedulers()].map((s) => s.tick()));
      // The worker's scheduled tick may have been first; at most one of these, and one in all.
      expect(ticks.reduce((sum, t) => sum + t.sent, 0)).toBeLessThanOrEqual(1);
      await waitFor(() => toOwner().length === 1, 'the summary at Twilio');
      await Promise.all(schedulers().map((s) => s.tick()));
      await sleep(600);
      expect(toOwner()).toHaveLength(1);
      expect(toOwner()[0]).toMatchObject({
        from: ACME_NUMBER,
        body:
          'Acme Plumbing daily summary. Today: no new bookings, no cancellations and no emergencies. ' +
          '1 message came in; 1 conversation is waiting for a reply.',
      });
      expect(h.twilio.sent).toHaveLength(1);
      const [sent] = await summaries();
      expect(sent).toMatchObject({ businessId: id, to: OWNER, direction: 'outbound' });
      expect(await h.prisma.ownerSummary.findMany()).toEqual([
        expect.objectContaining({ businessId: id, day: '2026-12-02', messageId: sent.id }),
      ]);

      // The next day: not before 6 pm, then that day's.
      setClock('2026-12-03T22:00:00Z');
      await Promise.all(schedulers().map((s) => s.tick()));
      expect(await summaries()).toHaveLength(1);
      setClock('2026-12-03T23:01:00Z');
      await waitFor(() => toOwner().length === 2, 'the next day’s summary, sent by the worker’s own tick');
      expect(toOwner()[1].body).toContain('Today: no new bookings');
      expect((await h.prisma.ownerSummary.findMany({ orderBy: { day: 'asc' } })).map((s) => s.day)).toEqual([
        '2026-12-02',
        '2026-12-03',
      ]);
    });

    it('is stored suppressed, not sent, when the owner’s number opted out', async () => {
      setClock('2026-12-02T23:30:00Z');
      // Opted out from the start: no tick can find the business before its owner's contact.
      await acme({ contacts: { create: { phone: OWNER, optedOut: true, optOutSource: 'keyword' } } });
      await Promise.all(schedulers().map((s) => s.tick()));
      await waitFor(async () => (await summaries())[0]?.status === 'suppressed', 'the summary suppressed');
      await Promise.all(schedulers().map((s) => s.tick()));
      await sleep(600);
      expect(await summaries()).toHaveLength(1);
      expect(h.twilio.sent).toEqual([]);
    });

    it('is claimed without a text when the business has no number to send from', async () => {
      setClock('2026-12-02T23:30:00Z');
      const id = await acme({ numbers: undefined });
      await waitFor(async () => (await h.prisma.ownerSummary.count()) === 1, 'the day claimed');
      expect(await h.prisma.ownerSummary.findFirst()).toMatchObject({ businessId: id, messageId: null });
      expect(await summaries()).toEqual([]);
      expect(h.twilio.sent).toEqual([]);
    });
  });
});
