import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { AppointmentReminderScheduler } from '@app/messaging';
import { ADMIN_KEY, BUSINESS_NUMBER, Harness, waitFor } from './support';

/**
 * Issue 15, upcoming-appointment reminders: one SMS per booked appointment, reminderHours before
 * it on its business's clock, from the business's own number, pulled forward out of quiet hours,
 * exactly once. Appointments are written straight to the database (booking has routes of its
 * own); the reminder goes through the real worker, PostgreSQL, Redis and the fake Twilio.
 */
const ACME_NUMBER = '+15005550181';
const BRAVO_NUMBER = '+15005550182';
const CUSTOMER = '+15557654321';
/** Tue 2 Mar 2027, 9:00 in New York (EST, UTC−5). */
const TUESDAY_9AM_NY = new Date('2027-03-02T14:00:00Z');
const HOUR = 3_600_000;

const later = (date: Date, ms: number) => new Date(date.getTime() + ms);

describe('appointment reminders (controllable clock)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: { MAINTENANCE_INTERVAL_MS: '100' } });
  });
  // The default business back as the migration made it: a suite without a harness may come next.
  afterAll(async () => {
    await h.resetDefaultBusiness();
    await h.close();
  });
  beforeEach(() => h.startOver(new Date()));

  /** "Now" for the rules in both apps, without waiting. */
  const setClock = (now: Date) => h.setClockTo(now);
  async function business(fields: { name: string; slug: string; number: string; quietHours?: string }) {
    const res = await h.admin('POST', '/api/businesses', {
      name: fields.name,
      slug: fields.slug,
      timezone: 'America/New_York',
      numbers: [{ address: fields.number }],
      ...(fields.quietHours ? { quietHours: fields.quietHours } : {}),
    });
    expect(res.statusCode).toBe(201);
    // The in-process worker would see the new business within 5 s (its business snapshot); at once here.
    h.businessesChanged();
    return res.json().id as string;
  }
  /** reminderHours has no route yet: set in the database (the tick reads it there). */
  const reminderHours = (businessId: string, hours: number) =>
    h.prisma.business.update({ where: { id: businessId }, data: { reminderHours: hours } });
  async function book(
    businessId: string,
    phone: string,
    startsAt: Date,
    options: { status?: 'booked' | 'cancelled'; optedOut?: boolean } = {},
  ) {
    const contact = await h.prisma.contact.upsert({
      where: { businessId_phone: { businessId, phone } },
      create: { businessId, phone, optedOut: options.optedOut ?? false },
      update: {},
    });
    return h.prisma.appointment.create({
      data: {
        businessId,
        contactId: contact.id,
        startsAt,
        endsAt: later(startsAt, HOUR / 2),
        status: options.status ?? 'booked',
        source: 'api',
      },
    });
  }
  const appointment = (id: string) => h.prisma.appointment.findUniqueOrThrow({ where: { id } });
  const textsTo = (to: string) => h.twilio.sent.filter((m) => m.to === to);

  it('reminds a booked appointment once, reminderHours before, from its business number, on its clock', async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER });
    const booked = await book(acme, CUSTOMER, TUESDAY_9AM_NY);

    setClock(later(TUESDAY_9AM_NY, -24 * HOUR - 60_000));
    await sleep(500);
    expect(h.twilio.sent).toHaveLength(0);

    const dueAt = later(TUESDAY_9AM_NY, -24 * HOUR + 1_000);
    setClock(dueAt);
    await waitFor(() => h.twilio.sent.length === 1, 'the reminder');
    await sleep(500);
    expect(h.twilio.sent).toHaveLength(1);
    expect(h.twilio.sent[0]).toMatchObject({
      from: ACME_NUMBER,
      to: CUSTOMER,
      body: 'Reminder: your appointment with Acme Plumbing is tomorrow, Tue 2 Mar at 9:00 AM. Reply C to confirm, STOP to opt out.',
    });
    const after = await appointment(booked.id);
    expect(after.reminderSkipReason).toBeNull();
    expect(after.reminderSentAt!.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    // The message is an ordinary outbound one that names its appointment, in the business's view.
    const res = await h.admin('GET', `/api/messages/${h.twilio.sent[0].sid}`, undefined, ADMIN_KEY, {
      'x-business-id': acme,
    });
    expect(res.json()).toMatchObject({ source: 'reminder', appointmentId: booked.id, reminderId: null });
  });

  it("keeps to each business's own reminderHours", async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER });
    const bravo = await business({ name: 'Bravo Bikes', slug: 'bravo', number: BRAVO_NUMBER });
    await reminderHours(bravo, 2);
    await book(acme, CUSTOMER, TUESDAY_9AM_NY);
    await book(bravo, CUSTOMER, TUESDAY_9AM_NY);

    setClock(later(TUESDAY_9AM_NY, -24 * HOUR + 1_000));
    await waitFor(() => h.twilio.sent.length === 1, "Acme's reminder, a day before");
    setClock(later(TUESDAY_9AM_NY, -3 * HOUR));
    await sleep(500);
    expect(h.twilio.sent.map((m) => m.from)).toEqual([ACME_NUMBER]);

    setClock(later(TUESDAY_9AM_NY, -2 * HOUR + 1_000));
    await waitFor(() => h.twilio.sent.length === 2, "Bravo's reminder, two hours before");
    expect(h.twilio.sent[1]).toMatchObject({
      from: BRAVO_NUMBER,
      body: 'Reminder: your appointment with Bravo Bikes is today, Tue 2 Mar at 9:00 AM. Reply C to confirm, STOP to opt out.',
    });
  });

  it('skips an opted-out contact and records why; never reminds of a cancelled appointment', async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER });
    const optedOut = await book(acme, '+15557650001', TUESDAY_9AM_NY, { optedOut: true });
    const cancelled = await book(acme, '+15557650002', TUESDAY_9AM_NY, { status: 'cancelled' });
    await book(acme, '+15557650003', later(TUESDAY_9AM_NY, HOUR));

    setClock(later(TUESDAY_9AM_NY, -23 * HOUR + 1_000));
    await waitFor(() => textsTo('+15557650003').length === 1, 'the reminder of the booked one');
    await waitFor(async () => (await appointment(optedOut.id)).reminderSkipReason, 'the opted-out skip');
    await sleep(500);
    expect(h.twilio.sent.map((m) => m.to)).toEqual(['+15557650003']);
    expect(await appointment(optedOut.id)).toMatchObject({
      reminderSentAt: null,
      reminderSkipReason: 'recipient opted out',
    });
    expect(await appointment(cancelled.id)).toMatchObject({ reminderSentAt: null, reminderSkipReason: null });
    expect(await h.prisma.message.count({ where: { appointmentId: { in: [optedOut.id, cancelled.id] } } })).toBe(0);
  });

  it('sends before quiet hours instead of inside them', async () => {
    const acme = await business({
      name: 'Acme Plumbing',
      slug: 'acme',
      number: ACME_NUMBER,
      quietHours: '21:00-08:00',
    });
    await reminderHours(acme, 12);
    await book(acme, CUSTOMER, TUESDAY_9AM_NY);
    // Twelve hours before is Mon 21:00, the window's first minute: due at 20:50 (01:50Z) instead.
    const windowStarts = later(TUESDAY_9AM_NY, -12 * HOUR);

    setClock(later(windowStarts, -11 * 60_000));
    await sleep(500);
    expect(h.twilio.sent).toHaveLength(0);

    setClock(later(windowStarts, -10 * 60_000 + 1_000));
    await waitFor(() => h.twilio.sent.length === 1, 'the reminder at 20:50');
    expect(h.twilio.sent[0].body).toContain('is tomorrow, Tue 2 Mar at 9:00 AM.');
  });

  it("holds a suspended business's reminders, and sends them once after resume", async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER });
    const booked = await book(acme, CUSTOMER, TUESDAY_9AM_NY);
    expect((await h.admin('POST', `/api/businesses/${acme}/suspend`)).statusCode).toBe(200);

    setClock(later(TUESDAY_9AM_NY, -24 * HOUR + 1_000));
    await sleep(700);
    expect(h.twilio.sent).toHaveLength(0);
    expect(await appointment(booked.id)).toMatchObject({ reminderSentAt: null, reminderSkipReason: null });

    expect((await h.admin('POST', `/api/businesses/${acme}/resume`)).statusCode).toBe(200);
    h.businessesChanged();
    await waitFor(() => h.twilio.sent.length === 1, 'the reminder after resume');
    await sleep(500);
    expect(h.twilio.sent).toHaveLength(1);
  });

  it('booked less than reminderHours ahead: sent at once with an hour to spare, else skipped', async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER });
    // Booked on Tue at 6:00 for 9:00 and for 6:30 the same morning; a day's notice was wanted.
    setClock(later(TUESDAY_9AM_NY, -3 * HOUR));
    const inThreeHours = await book(acme, '+15557650004', TUESDAY_9AM_NY);
    const inHalfAnHour = await book(acme, '+15557650005', later(TUESDAY_9AM_NY, -2.5 * HOUR));

    await waitFor(() => textsTo('+15557650004').length === 1, 'the late reminder');
    expect(textsTo('+15557650004')[0].body).toContain('is today, Tue 2 Mar at 9:00 AM.');
    await waitFor(async () => (await appointment(inHalfAnHour.id)).reminderSkipReason, 'the skip');
    await sleep(300);
    expect(textsTo('+15557650005')).toHaveLength(0);
    expect(await appointment(inHalfAnHour.id)).toMatchObject({
      reminderSentAt: null,
      reminderSkipReason: 'less than an hour before the appointment',
    });
    expect((await appointment(inThreeHours.id)).reminderSentAt).not.toBeNull();
  });

  it('claims each due appointment once when ticks run at the same time', async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER });
    const phones = Array.from({ length: 30 }, (_, i) => `+1555810${String(i).padStart(4, '0')}`);
    // Half-hour appointments back to back from 9:00 (the database refuses overlapping bookings),
    // all of them due by 7:00, the first with two hours to spare.
    for (const [i, phone] of phones.entries()) await book(acme, phone, later(TUESDAY_9AM_NY, (i * HOUR) / 2));

    setClock(later(TUESDAY_9AM_NY, -2 * HOUR));
    const scheduler = h.worker!.get(AppointmentReminderScheduler);
    const ticks = await Promise.all(Array.from({ length: 4 }, () => scheduler.tick()));
    await waitFor(() => h.twilio.sent.length >= 30, '30 reminders');
    await sleep(500);
    expect(ticks.reduce((sum, t) => sum + t.sent, 0)).toBeLessThanOrEqual(30);
    expect(h.twilio.sent.map((m) => m.to).sort()).toEqual(phones);
    expect(await h.prisma.message.count({ where: { appointmentId: { not: null } } })).toBe(30);
  });
});

describe('appointment reminders with three worker processes', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { MAINTENANCE_INTERVAL_MS: '50' } });
    await h.truncate();
    await Promise.all([h.spawnWorker(), h.spawnWorker(), h.spawnWorker()]);
  }, 30_000);
  // The default business back as the migration made it: a suite without a harness may come next.
  afterAll(async () => {
    await h.resetDefaultBusiness();
    await h.close();
  });

  it('sends each due reminder exactly once', async () => {
    await h.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { name: 'Delta Dental' } });
    const phones = Array.from({ length: 30 }, (_, i) => `+1555820${String(i).padStart(4, '0')}`);
    const contacts = await h.prisma.contact.createManyAndReturn({
      data: phones.map((phone) => ({ businessId: DEFAULT_BUSINESS_ID, phone })),
    });
    // A day ahead give or take: the first falls due in two seconds, the others are due already
    // (up to half an hour late), so every worker's tick finds work at once.
    const first = Date.now() + 24 * HOUR + 2_000;
    await h.prisma.appointment.createMany({
      data: contacts.map((contact, i) => ({
        businessId: DEFAULT_BUSINESS_ID,
        contactId: contact.id,
        startsAt: new Date(first - i * 60_000),
        endsAt: new Date(first - i * 60_000 + 60_000),
        source: 'api' as const,
      })),
    });
    // Generous: this machine's two cores are shared, and three workers boot and poll on them.
    await waitFor(() => h.twilio.sent.length >= 30, '30 reminders', 30_000);
    await sleep(1_000);
    expect(h.twilio.sent.map((m) => m.to).sort()).toEqual(phones);
    expect(new Set(h.twilio.sent.map((m) => m.from))).toEqual(new Set([BUSINESS_NUMBER]));
    expect(h.twilio.sent[0].body).toMatch(/^Reminder: your appointment with Delta Dental is (today|tomorrow), /);
    expect(await h.prisma.message.count({ where: { appointmentId: { not: null } } })).toBe(30);
    expect(await h.prisma.appointment.count({ where: { reminderSentAt: null } })).toBe(0);
  }, 45_000);
});
