import { DateTime } from 'luxon';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { Harness } from './support';

/**
 * Appointments through the admin API: opening hours and free slots in the business's zone, and
 * bookings PostgreSQL arbitrates (no double booking whatever the concurrency, the day's maximum).
 */
describe('appointments and availability', () => {
  const NY = 'America/New_York';
  let h: Harness;
  /** A Monday two weeks or more ahead, in New York. */
  const monday = DateTime.now().setZone(NY).plus({ weeks: 2 }).startOf('week');
  const at = (hhmm: string, day = monday) =>
    day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3)) }).toISO()!;
  const HOURS = {
    weeklyHours: { mon: [{ start: '09:00', end: '12:00' }], tue: [{ start: '09:00', end: '12:00' }] },
    slotMinutes: 60,
  };

  beforeAll(async () => {
    // Fifty bookings at once: more than the admin API's default 32 requests in flight.
    h = await Harness.start({ worker: false, env: { ADMIN_MAX_CONCURRENT_REQUESTS: '100' } });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.truncate();
    await h.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { timezone: NY } });
    h.businessesChanged();
    expect((await h.admin('PUT', '/api/availability', HOURS)).statusCode).toBe(200);
  });

  const book = (startsAt: string, phone = '+15557654321', extra: object = {}) =>
    h.admin('POST', '/api/appointments', { phone, startsAt, ...extra });

  it('keeps opening hours and lists free slots with the business offset', async () => {
    const stored = (await h.admin('GET', '/api/availability')).json();
    expect(stored).toMatchObject({ ...HOURS, bufferMinutes: 0, maxPerDay: null, closedDates: [], timezone: NY });
    const from = encodeURIComponent(monday.toISO()!);
    const slots = (await h.admin('GET', `/api/availability/slots?from=${from}&limit=4`)).json();
    expect(slots.items.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      at('09:00'),
      at('10:00'),
      at('11:00'),
      at('09:00', monday.plus({ days: 1 })),
    ]);
    expect(slots.items[0].startsAt).toMatch(/-0[45]:00$/);
  });

  it('refuses malformed opening hours with a 400 naming the field, and keeps the old ones', async () => {
    const bad = [
      [{ weeklyHours: { funday: [] } }, 'weeklyHours.funday is not a weekday (mon … sun)'],
      [
        { weeklyHours: { mon: [{ start: '10:00', end: '09:00' }] } },
        'weeklyHours.mon.0.end must be after weeklyHours.mon.0.start',
      ],
      [{ weeklyHours: { mon: [{ start: '9am', end: '10:00' }] } }, 'weeklyHours.mon.0.start must be a time "HH:MM"'],
      [{ weeklyHours: { mon: 'all day' } }, 'weeklyHours.mon must be an array of at most 8 intervals {start, end}'],
      [{ weeklyHours: {}, closedDates: ['2026-02-30'] }, 'closedDates.0 must be a date YYYY-MM-DD'],
      [{ weeklyHours: {}, slotMinutes: 0 }, 'slotMinutes must not be less than 5'],
    ] as const;
    for (const [body, message] of bad) {
      const res = await h.admin('PUT', '/api/availability', body);
      expect({ body, status: res.statusCode, message: res.json().message }).toEqual({
        body,
        status: 400,
        message: expect.arrayContaining([message]),
      });
    }
    expect((await h.admin('GET', '/api/availability')).json()).toMatchObject(HOURS);
  });

  it('books a time once: the same time again is a 409 naming what is in the way and offering the next free slots', async () => {
    const first = await book(at('09:00'), '+15557654321', { service: 'Burst pipe', address: '12 Oak Street' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      phone: '+15557654321',
      startsAt: at('09:00'),
      endsAt: at('10:00'),
      status: 'booked',
      source: 'api',
      service: 'Burst pipe',
    });
    const again = await book(at('09:30'), '+15557654322', { durationMinutes: 30 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      message: 'that time is already booked',
      conflict: { startsAt: new Date(at('09:00')).toISOString(), endsAt: new Date(at('10:00')).toISOString() },
    });
    expect(again.json().nextSlots.map((s: { startsAt: string }) => s.startsAt)).toEqual(
      [at('10:00'), at('11:00'), at('09:00', monday.plus({ days: 1 }))].map((t) => new Date(t).toISOString()),
    );
  });

  it('lets exactly one of 50 concurrent bookings of one slot win, and no booked rows overlap', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book(at('10:00'), `+1555700${String(i).padStart(4, '0')}`)),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const overlaps = await h.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM appointments a JOIN appointments b
        ON a."businessId" = b."businessId" AND a.id < b.id
       AND tsrange(a."startsAt", a."endsAt") && tsrange(b."startsAt", b."endsAt")
      WHERE a.status = 'booked' AND b.status = 'booked'`;
    expect(overlaps).toEqual([{ n: 0 }]);
  });

  it('refuses the past and times outside the opening hours with a 400 naming startsAt', async () => {
    const past = await book(DateTime.now().minus({ hours: 1 }).toISO());
    expect(past.json()).toMatchObject({ statusCode: 400, message: ['startsAt must be in the future'] });
    const late = await book(at('11:30'));
    expect(late.json()).toMatchObject({
      statusCode: 400,
      message: [`startsAt must be within opening hours (mon 09:00–12:00 in ${NY})`],
    });
    const wednesday = await book(at('09:00', monday.plus({ days: 2 })));
    expect(wednesday.json().message[0]).toMatch(/^startsAt must be on a day the business is open/);
    expect(await h.prisma.appointment.count()).toBe(0);
  });

  it('moves, cancels and re-books under the same rules, and a cancelled time is free again', async () => {
    const a = (await book(at('09:00'))).json();
    const b = (await book(at('10:00'), '+15557654322')).json();
    const clash = await h.admin('PATCH', `/api/appointments/${b.id}`, { startsAt: at('09:00') });
    expect(clash.statusCode).toBe(409);
    // Its reminder went out for the old time: a move makes the new time get one.
    await h.prisma.appointment.update({ where: { id: b.id }, data: { reminderSentAt: new Date() } });
    const moved = await h.admin('PATCH', `/api/appointments/${b.id}`, { startsAt: at('11:00'), notes: 'side door' });
    expect((await h.prisma.appointment.findUniqueOrThrow({ where: { id: b.id } })).reminderSentAt).toBeNull();
    expect(moved.json()).toMatchObject({ startsAt: at('11:00'), notes: 'side door', status: 'booked' });
    const cancelled = await h.admin('PATCH', `/api/appointments/${a.id}`, { status: 'cancelled' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await book(at('09:00'), '+15557654323')).statusCode).toBe(201);
    // Booking the cancelled one again meets the rules: its time is taken now.
    expect((await h.admin('PATCH', `/api/appointments/${a.id}`, { status: 'booked' })).statusCode).toBe(409);
    const listed = (await h.admin('GET', '/api/appointments?contact=%2B15557654322')).json();
    expect(listed.items.map((x: { id: string }) => x.id)).toEqual([b.id]);
  });

  it("lets only the day's maximum of concurrent bookings at different times through (counted under a row lock)", async () => {
    const quarterHours = { weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] }, slotMinutes: 15, maxPerDay: 2 };
    expect((await h.admin('PUT', '/api/availability', quarterHours)).statusCode).toBe(200);
    const times = Array.from({ length: 20 }, (_, i) =>
      monday
        .set({ hour: 9 })
        .plus({ minutes: 15 * i })
        .toISO()!,
    );
    const answers = await Promise.all(times.map((t, i) => book(t, `+1555710${String(i).padStart(4, '0')}`)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([...Array(2).fill(201), ...Array(18).fill(409)]);
    expect(await h.prisma.appointment.count({ where: { status: 'booked' } })).toBe(2);
  });

  it("holds a day to its maximum, counted in the business's zone", async () => {
    expect((await h.admin('PUT', '/api/availability', { ...HOURS, maxPerDay: 1 })).statusCode).toBe(200);
    expect((await book(at('09:00'))).statusCode).toBe(201);
    const full = await book(at('11:00'), '+15557654322');
    expect(full.statusCode).toBe(409);
    expect(full.json().message).toMatch(/fully booked \(1 appointments a day\)/);
    expect(full.json().nextSlots[0].startsAt).toBe(new Date(at('09:00', monday.plus({ days: 1 }))).toISOString());
  });

  it("never shows another business's appointments (404 for its ids)", async () => {
    const mine = (await book(at('09:00'))).json();
    const other = await h.admin('POST', '/api/businesses', { name: 'Other', slug: 'other' });
    expect(other.statusCode).toBe(201);
    const asOther = { 'x-business-id': 'other' };
    expect((await h.admin('GET', `/api/appointments/${mine.id}`, undefined, undefined, asOther)).statusCode).toBe(404);
    expect(
      (await h.admin('PATCH', `/api/appointments/${mine.id}`, { status: 'cancelled' }, undefined, asOther)).statusCode,
    ).toBe(404);
    expect((await h.admin('GET', '/api/appointments', undefined, undefined, asOther)).json().items).toEqual([]);
    expect((await h.admin('GET', `/api/appointments/${mine.id}`)).json()).toMatchObject({ status: 'booked' });
  });

  it("keeps a small CRM on the contact and shows its upcoming appointments; reminderHours is the business's to set", async () => {
    const phone = encodeURIComponent('+15557654321');
    const edited = await h.admin('PATCH', `/api/contacts/${phone}`, {
      name: 'Dana Smith',
      email: 'dana@example.com',
      address: '12 Oak Street',
      notes: 'Dog in the yard',
      tags: ['vip'],
    });
    expect(edited.json()).toMatchObject({ name: 'Dana Smith', email: 'dana@example.com', tags: ['vip'] });
    const badEmail = await h.admin('PATCH', `/api/contacts/${phone}`, { email: 'dana at example' });
    expect(badEmail.json()).toMatchObject({ statusCode: 400, message: ['email must be an email address'] });
    const later = (await book(at('11:00'))).json();
    const earlier = (await book(at('09:00'))).json();
    await h.admin('PATCH', `/api/appointments/${later.id}`, { status: 'cancelled' });
    const contact = (await h.admin('GET', `/api/contacts/${phone}`)).json();
    expect(contact).toMatchObject({ name: 'Dana Smith', address: '12 Oak Street', notes: 'Dog in the yard' });
    expect(contact.upcomingAppointments.map((a: { id: string }) => a.id)).toEqual([earlier.id]);
    const hours = await h.admin('PATCH', '/api/businesses/default', { reminderHours: 2 });
    expect(hours.json()).toMatchObject({ reminderHours: 2 });
    expect((await h.admin('PATCH', '/api/businesses/default', { reminderHours: 0 })).statusCode).toBe(400);
  });
});
