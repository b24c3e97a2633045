import { DateTime } from 'luxon';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { Harness, waitFor } from './support';

/**
 * Booking by text without AI, end to end: signed webhook → reply job → the fixed flow over
 * PostgreSQL → the reply at the fake Twilio. Times are the business's (New York).
 */
describe('booking by text (the fixed flow)', () => {
  const NY = 'America/New_York';
  const CUSTOMER = '+15557654321';
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.truncate();
    await h.openForBooking(NY);
  });

  /** Texts the business and waits for its answer. */
  async function text(body: string): Promise<string> {
    const before = h.twilio.sent.length;
    expect((await h.inbound(CUSTOMER, body)).statusCode).toBe(200);
    await waitFor(() => h.twilio.sent.length > before, `the answer to "${body}"`);
    return h.twilio.sent[h.twilio.sent.length - 1].body;
  }
  const offered = (reply: string) => [...reply.matchAll(/^\d\) (.+)$/gm)].map((m) => m[1]);
  const spoken = (iso: Date) => DateTime.fromJSDate(iso, { zone: NY }).toFormat("ccc d LLL 'at' h:mm a");

  it('BOOK offers three slots in the business zone; 2 books the second and confirms it with how to cancel', async () => {
    const offer = await text('book');
    expect(offer).toMatch(/^Reply 1, 2 or 3 to choose:/);
    const slots = offered(offer);
    expect(slots).toHaveLength(3);
    const confirmation = await text('2!');
    const [booked] = await h.prisma.appointment.findMany();
    expect(booked).toMatchObject({ status: 'booked', source: 'sms' });
    expect(spoken(booked.startsAt)).toBe(slots[1]);
    expect(confirmation).toBe(
      `Booked: your appointment is on ${slots[1]} (${NY}). Reply CANCEL APPOINTMENT to cancel.`,
    );
    expect(await text('My appointments')).toContain(`- ${slots[1]}`);
  });

  it('CANCEL APPOINTMENT asks, YES cancels; CANCEL alone still opts out', async () => {
    await text('BOOK');
    await text('1');
    const question = await text('cancel appointment');
    expect(question).toMatch(/^Cancel your appointment on .+\? Reply YES to cancel it\.$/);
    expect(await text('yes')).toMatch(/^Cancelled your appointment on /);
    expect((await h.prisma.appointment.findFirstOrThrow()).status).toBe('cancelled');
    await text('CANCEL');
    expect((await h.prisma.contact.findFirstOrThrow()).optedOut).toBe(true);
  });

  it('answers a choice after the offer expired with fresh slots, never a stale booking', async () => {
    await text('BOOK');
    await h.prisma.conversationState.updateMany({ data: { expiresAt: new Date(Date.now() - 1_000) } });
    const reply = await text('1');
    expect(reply).toMatch(/^That offer expired\. Reply 1, 2 or 3 to choose:/);
    expect(await h.prisma.appointment.count()).toBe(0);
  });

  it("deletes other customers' states expired over a day ago on the maintenance tick, and keeps a live offer", async () => {
    await h.prisma.conversationState.create({
      data: {
        businessId: DEFAULT_BUSINESS_ID,
        participant: '+15557000001',
        state: 'offered',
        data: { slots: [], rescheduling: null },
        expiresAt: new Date(Date.now() - 2 * 86_400_000),
      },
    });
    await text('BOOK');
    // The appointment-reminder-tick runs it, every MAINTENANCE_INTERVAL_MS (2 s here).
    await waitFor(
      async () => (await h.prisma.conversationState.count({ where: { participant: '+15557000001' } })) === 0,
      'the old state to be deleted',
    );
    expect(await h.prisma.conversationState.findMany()).toMatchObject([{ participant: CUSTOMER, state: 'offered' }]);
  });

  it('keeps STOP an opt-out mid-booking: nothing is booked and nothing more is texted', async () => {
    await text('BOOK');
    expect(await text('STOP')).toMatch(/unsubscribed|STOP/i);
    const sent = h.twilio.sent.length;
    expect((await h.inbound(CUSTOMER, '1')).statusCode).toBe(200);
    await h.settle();
    expect(h.twilio.sent.length).toBe(sent);
    expect(await h.prisma.appointment.count()).toBe(0);
  });

  it('RESCHEDULE moves the next appointment to the chosen slot', async () => {
    await text('BOOK');
    await text('1');
    const offer = await text('RESCHEDULE');
    expect(offer).toMatch(/^To move your appointment on .+: Reply 1, 2 or 3 to choose:/);
    const target = offered(offer)[2];
    expect(await text('3')).toBe(
      `Moved: your appointment is on ${target} (${NY}). Reply CANCEL APPOINTMENT to cancel.`,
    );
    const all = await h.prisma.appointment.findMany();
    expect(all).toHaveLength(1);
    expect(spoken(all[0].startsAt)).toBe(target);
  });

  it('leaves a business that does not book by text to its other rules', async () => {
    await h.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { bookingEnabled: false } });
    h.businessesChanged();
    const reply = await text('BOOK');
    expect(reply).not.toMatch(/Reply 1, 2 or 3/);
    expect(await h.prisma.conversationState.count()).toBe(0);
  });
});
