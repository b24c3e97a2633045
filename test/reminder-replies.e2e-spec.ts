import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_KEY, Harness, waitFor } from './support';

/**
 * Issue 15, item 6: a customer answers an appointment's reminder. C confirms it, R offers slots
 * to move it (then 1–3 as after RESCHEDULE). Reminders go out through the real worker tick on a
 * controllable clock; the replies come in through the signed webhook and the answers leave
 * through the fake Twilio, so the whole path runs: reminder message → C/R → PostgreSQL → reply.
 */
const ACME_NUMBER = '+15005550181';
const BRAVO_NUMBER = '+15005550182';
const CUSTOMER = '+15557654321';
const NY = 'America/New_York';
/** Tue 2 Mar 2027, 9:00 in New York (EST, UTC−5). */
const TUESDAY_9AM_NY = new Date('2027-03-02T14:00:00Z');
const HOUR = 3_600_000;
/** What the keyword bot answers a text no other rule takes (BOT_DEFAULT_REPLY's default). */
const BOT_DEFAULT = /^Thanks for your message!/;

const later = (date: Date, ms: number) => new Date(date.getTime() + ms);

describe('replies to appointment reminders (C confirms, R reschedules)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: { MAINTENANCE_INTERVAL_MS: '100' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.startOver(new Date()));

  const setClock = (now: Date) => h.setClockTo(now);
  async function business(fields: { name: string; slug: string; number: string; bookingEnabled: boolean }) {
    const { number, ...rest } = fields;
    const res = await h.admin('POST', '/api/businesses', { ...rest, timezone: NY, numbers: [{ address: number }] });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    // Open all day, every day: slots an hour apart from midnight, whatever the clock says.
    const allDay = [{ start: '00:00', end: '23:59' }];
    const weeklyHours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]));
    const hours = await h.admin('PUT', '/api/availability', { weeklyHours, slotMinutes: 60 }, ADMIN_KEY, {
      'x-business-id': id,
    });
    expect(hours.statusCode).toBe(200);
    h.businessesChanged();
    return id;
  }
  async function book(businessId: string, startsAt: Date) {
    const contact = await h.prisma.contact.upsert({
      where: { businessId_phone: { businessId, phone: CUSTOMER } },
      create: { businessId, phone: CUSTOMER },
      update: {},
    });
    return h.prisma.appointment.create({
      data: { businessId, contactId: contact.id, startsAt, endsAt: later(startsAt, HOUR / 2), source: 'api' },
    });
  }
  const appointment = (id: string) => h.prisma.appointment.findUniqueOrThrow({ where: { id } });
  const fromNumber = (number: string) => h.twilio.sent.filter((m) => m.from === number && m.to === CUSTOMER);
  // Apart: a moved appointment's new reminder may go out while the answer to the move is on its way.
  const reminders = (number: string) => fromNumber(number).filter((m) => m.body.startsWith('Reminder:'));
  const answers = (number: string) => fromNumber(number).filter((m) => !m.body.startsWith('Reminder:'));

  /** The customer texts a business's number and waits for its answer. */
  async function text(to: string, body: string): Promise<string> {
    const before = answers(to).length;
    expect((await h.inbound(CUSTOMER, body, { To: to })).statusCode).toBe(200);
    await waitFor(() => answers(to).length > before, `the answer to "${body}"`);
    return answers(to).at(-1)!.body;
  }
  /** Moves the clock to a day before Tuesday 9:00 and waits for the `count`th reminder from `number`. */
  async function reminded(number: string, count = 1) {
    setClock(later(TUESDAY_9AM_NY, -24 * HOUR + 1_000));
    await waitFor(() => reminders(number).length >= count, 'the reminder');
    return reminders(number).at(-1)!.body;
  }

  it('C confirms the appointment reminded of, records when, and shows it in the admin API', async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER, bookingEnabled: true });
    const booked = await book(acme, TUESDAY_9AM_NY);
    expect(await reminded(ACME_NUMBER)).toBe(
      'Reminder: your appointment with Acme Plumbing is tomorrow, Tue 2 Mar at 9:00 AM. Reply C to confirm, R to reschedule, STOP to opt out.',
    );

    expect(await text(ACME_NUMBER, ' c. ')).toBe(
      `Confirmed: see you Tue 2 Mar at 9:00 AM (${NY}). Reply CANCEL APPOINTMENT to cancel.`,
    );
    const confirmed = await appointment(booked.id);
    expect(confirmed).toMatchObject({ status: 'booked', startsAt: TUESDAY_9AM_NY });
    expect(confirmed.confirmedAt).not.toBeNull();
    const res = await h.admin('GET', `/api/appointments/${booked.id}`, undefined, ADMIN_KEY, { 'x-business-id': acme });
    expect(res.json().confirmedAt).toBe(confirmed.confirmedAt!.toISOString());

    // Again: the same answer, and the first confirmation's time is kept. Not an opt-out either.
    expect(await text(ACME_NUMBER, 'C!')).toMatch(/^Confirmed: see you Tue 2 Mar at 9:00 AM/);
    expect((await appointment(booked.id)).confirmedAt).toEqual(confirmed.confirmedAt);
    expect(await h.prisma.contact.findFirstOrThrow({ where: { businessId: acme } })).toMatchObject({
      optedOut: false,
    });
  });

  it('R offers slots to move it; a choice moves it, clears the confirmation and re-arms its reminder', async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER, bookingEnabled: true });
    const booked = await book(acme, TUESDAY_9AM_NY);
    await reminded(ACME_NUMBER);
    await text(ACME_NUMBER, 'C');

    // The clock reads Mon 9:00:01: the next free hours that day are offered.
    expect(await text(ACME_NUMBER, 'r')).toBe(
      'To move your appointment on Tue 2 Mar at 9:00 AM: Reply 1, 2 or 3 to choose:\n' +
        '1) Mon 1 Mar at 10:00 AM\n2) Mon 1 Mar at 11:00 AM\n3) Mon 1 Mar at 12:00 PM',
    );
    expect(await text(ACME_NUMBER, '3')).toBe(
      `Moved: your appointment is on Mon 1 Mar at 12:00 PM (${NY}). Reply CANCEL APPOINTMENT to cancel.`,
    );
    const moved = await appointment(booked.id);
    expect(moved).toMatchObject({ status: 'booked', startsAt: later(TUESDAY_9AM_NY, -21 * HOUR), confirmedAt: null });
    expect(await h.prisma.appointment.count()).toBe(1);

    // The new time gets a reminder of its own (three hours ahead: at once), and C confirms the new time.
    expect(await reminded(ACME_NUMBER, 2)).toBe(
      'Reminder: your appointment with Acme Plumbing is today, Mon 1 Mar at 12:00 PM. Reply C to confirm, R to reschedule, STOP to opt out.',
    );
    expect(await text(ACME_NUMBER, 'C')).toMatch(/^Confirmed: see you Mon 1 Mar at 12:00 PM/);
    expect((await appointment(booked.id)).confirmedAt).not.toBeNull();
  });

  it('leaves C and R to the other reply rules without a pending reminder', async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER, bookingEnabled: true });
    const booked = await book(acme, TUESDAY_9AM_NY);
    // Two days ahead: no reminder yet.
    setClock(later(TUESDAY_9AM_NY, -48 * HOUR));
    expect(await text(ACME_NUMBER, 'C')).toMatch(BOT_DEFAULT);
    expect(await text(ACME_NUMBER, 'R')).toMatch(BOT_DEFAULT);
    expect(await appointment(booked.id)).toMatchObject({ confirmedAt: null, startsAt: TUESDAY_9AM_NY });

    // Reminded, then cancelled: the reminder is no longer pending.
    await reminded(ACME_NUMBER);
    await h.prisma.appointment.update({ where: { id: booked.id }, data: { status: 'cancelled' } });
    expect(await text(ACME_NUMBER, 'C')).toMatch(BOT_DEFAULT);
    expect((await appointment(booked.id)).confirmedAt).toBeNull();
    expect(await h.prisma.conversationState.count()).toBe(0);
  });

  it("keeps two businesses' reminders apart; offers R only where the business books by text", async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER, bookingEnabled: true });
    const bravo = await business({ name: 'Bravo Bikes', slug: 'bravo', number: BRAVO_NUMBER, bookingEnabled: false });
    await h.prisma.business.update({ where: { id: bravo }, data: { reminderHours: 2 } });
    // The same customer, the same time, one appointment with each.
    const atAcme = await book(acme, TUESDAY_9AM_NY);
    const atBravo = await book(bravo, TUESDAY_9AM_NY);

    await reminded(ACME_NUMBER);
    await sleep(300);
    expect(reminders(BRAVO_NUMBER)).toHaveLength(0);
    // Bravo sent no reminder: its C and R are not about Acme's appointment.
    expect(await text(BRAVO_NUMBER, 'C')).toMatch(BOT_DEFAULT);
    expect(await text(BRAVO_NUMBER, 'R')).toMatch(BOT_DEFAULT);
    expect((await appointment(atAcme.id)).confirmedAt).toBeNull();
    expect(await text(ACME_NUMBER, 'C')).toMatch(/^Confirmed: see you Tue 2 Mar at 9:00 AM/);
    expect((await appointment(atAcme.id)).confirmedAt).not.toBeNull();
    expect((await appointment(atBravo.id)).confirmedAt).toBeNull();

    // Bravo's reminder, two hours before: no R (Bravo does not book by text), and C confirms Bravo's only.
    setClock(later(TUESDAY_9AM_NY, -2 * HOUR + 1_000));
    await waitFor(() => reminders(BRAVO_NUMBER).length === 1, "Bravo's reminder");
    expect(reminders(BRAVO_NUMBER)[0].body).toBe(
      'Reminder: your appointment with Bravo Bikes is today, Tue 2 Mar at 9:00 AM. Reply C to confirm, STOP to opt out.',
    );
    expect(await text(BRAVO_NUMBER, 'R')).toMatch(BOT_DEFAULT);
    expect(await text(BRAVO_NUMBER, 'c')).toBe(`Confirmed: see you Tue 2 Mar at 9:00 AM (${NY}).`);
    const [acmeAfter, bravoAfter] = await Promise.all([appointment(atAcme.id), appointment(atBravo.id)]);
    expect(bravoAfter.confirmedAt).not.toBeNull();
    expect(acmeAfter.confirmedAt!.getTime()).toBeLessThan(bravoAfter.confirmedAt!.getTime());
  });

  it('keeps STOP an opt-out after a reminder', async () => {
    const acme = await business({ name: 'Acme Plumbing', slug: 'acme', number: ACME_NUMBER, bookingEnabled: true });
    const booked = await book(acme, TUESDAY_9AM_NY);
    await reminded(ACME_NUMBER);
    expect(await text(ACME_NUMBER, 'STOP')).toMatch(/unsubscribed/i);
    const sent = h.twilio.sent.length;
    expect((await h.inbound(CUSTOMER, 'C', { To: ACME_NUMBER })).statusCode).toBe(200);
    await h.settle();
    await sleep(300);
    expect(h.twilio.sent.length).toBe(sent);
    expect((await appointment(booked.id)).confirmedAt).toBeNull();
  });
});
