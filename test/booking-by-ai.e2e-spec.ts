import { DEFAULT_BUSINESS_ID } from '@app/common';
import { ChatRequest, Harness, toolResults, ToolCallAnswer, waitFor } from './support';

/**
 * Booking with AI, end to end: signed webhook → reply job → the real openai SDK calling the fake
 * OpenAI, which answers with `tool_calls` in the Chat Completions shape → the tools over
 * PostgreSQL → results back to the model → its text, led by the fixed confirmation, at the fake Twilio.
 */
describe('booking by text with AI (function calling)', () => {
  const NY = 'America/New_York';
  const CUSTOMER = '+15557654321';
  const NEIGHBOUR = '+15557650000';
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.truncate();
    await h.openForBooking(NY);
    const ai = await h.admin('POST', '/api/ai/config', { enabled: true, systemPrompt: 'You are Joe’s Plumbing.' });
    expect(ai.statusCode).toBe(200);
  });

  /** Texts the business and waits for its answer. */
  async function text(body: string, from = CUSTOMER): Promise<string> {
    const toThem = () => h.twilio.sent.filter((m) => m.to === from);
    const before = toThem().length;
    expect((await h.inbound(from, body)).statusCode).toBe(200);
    await waitFor(() => toThem().length > before, `the answer to "${body}"`);
    return toThem().at(-1)!.body;
  }
  const call = (name: string, args: object | string = {}): ToolCallAnswer => ({
    toolCalls: [{ name, arguments: args }],
  });
  /** The model's script: one answer per round, chosen from what the tools returned last. */
  const script = (...rounds: Array<(request: ChatRequest) => string | ToolCallAnswer>) => {
    let round = 0;
    h.openai.respond = (request) => rounds[Math.min(round++, rounds.length - 1)](request);
  };
  const lastResult = (request: ChatRequest) => toolResults(request).at(-1)!.result;
  const firstSlot = (request: ChatRequest) => (lastResult(request).slots as Array<{ startsAt: string }>)[0].startsAt;

  it('looks up free times, books one, and the reply leads with the fixed confirmation', async () => {
    script(
      () => call('find_free_slots'),
      (request) => call('book', { startsAt: firstSlot(request) }),
      () => 'See you then!',
    );
    const reply = await text('Can someone come fix my sink?');

    const [booked] = await h.prisma.appointment.findMany({ include: { contact: true } });
    expect(booked).toMatchObject({ status: 'booked', source: 'sms', contact: { phone: CUSTOMER } });
    const [offer, booking, answer] = h.openai.requests;
    expect(offer.tools!.map((t) => t.function.name).sort()).toEqual([
      'book',
      'cancel',
      'find_free_slots',
      'flag_emergency',
      'list_my_appointments',
      'reschedule',
    ]);
    expect(offer.tool_choice).toBe('auto');
    expect(offer.messages[0].content).toContain('You are Joe’s Plumbing.');
    expect(offer.messages[0].content).toContain(`in ${NY}; every time is in that zone`);
    // The lookup's result went back to the model with times on New York's clock.
    const slots = lastResult(booking).slots as Array<{ startsAt: string; spoken: string }>;
    expect(slots.length).toBeGreaterThan(0);
    expect(slots[0].startsAt).toMatch(/-0[45]:00$/);
    expect(new Date(slots[0].startsAt).getTime()).toBe(booked.startsAt.getTime());
    expect(lastResult(answer)).toMatchObject({ ok: true, booked: { id: booked.id, status: 'booked' } });
    expect(reply).toBe(
      `Booked: your appointment is on ${slots[0].spoken} (${NY}). Reply CANCEL APPOINTMENT to cancel.\nSee you then!`,
    );
  });

  it('recovers from a refusal: a taken time comes back with the next free ones, and the model books one of those', async () => {
    // The neighbour holds the first free slot; the model tries it anyway.
    const free = await h.admin('GET', '/api/availability/slots');
    const [taken] = free.json().items as Array<{ startsAt: string }>;
    expect(
      (await h.admin('POST', '/api/appointments', { phone: NEIGHBOUR, startsAt: taken.startsAt })).statusCode,
    ).toBe(201);
    script(
      () => call('book', { startsAt: taken.startsAt }),
      (request) => {
        const refusal = lastResult(request);
        return call('book', { startsAt: (refusal.nextFreeSlots as Array<{ startsAt: string }>)[0].startsAt });
      },
      () => 'That time was gone, so I took the next one.',
    );
    const reply = await text('Book me the earliest time please');

    const refusal = lastResult(h.openai.requests[1]);
    expect(refusal).toMatchObject({ ok: false, error: 'that time is taken' });
    const mine = await h.prisma.appointment.findMany({ where: { contact: { phone: CUSTOMER } } });
    expect(mine).toHaveLength(1);
    const next = (refusal.nextFreeSlots as Array<{ startsAt: string }>)[0];
    expect(mine[0].startsAt.getTime()).toBe(new Date(next.startsAt).getTime());
    expect(reply).toMatch(/^Booked: your appointment is on .+\nThat time was gone/);
    // And PostgreSQL holds no overlap.
    expect(await h.prisma.appointment.count({ where: { status: 'booked' } })).toBe(2);
  });

  it("acts only on the customer's own appointments: another's id is refused, their own is moved", async () => {
    const slots = (await h.admin('GET', '/api/availability/slots')).json().items as Array<{ startsAt: string }>;
    const theirs = (
      await h.admin('POST', '/api/appointments', { phone: NEIGHBOUR, startsAt: slots[0].startsAt })
    ).json();
    const mine = (await h.admin('POST', '/api/appointments', { phone: CUSTOMER, startsAt: slots[1].startsAt })).json();
    script(
      () => call('cancel', { appointmentId: theirs.id }),
      () => call('list_my_appointments'),
      (request) => {
        const [own] = lastResult(request).appointments as Array<{ id: string }>;
        return call('reschedule', { appointmentId: own.id, startsAt: slots[2].startsAt });
      },
      () => 'Moved it for you.',
    );
    const reply = await text('Cancel appointment ' + theirs.id);

    expect(lastResult(h.openai.requests[1])).toMatchObject({ ok: false });
    expect(String(lastResult(h.openai.requests[1]).error)).toContain('no upcoming appointment');
    const listed = lastResult(h.openai.requests[2]).appointments as Array<{ id: string }>;
    expect(listed.map((a) => a.id)).toEqual([mine.id]);
    expect((await h.prisma.appointment.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe('booked');
    const moved = await h.prisma.appointment.findUniqueOrThrow({ where: { id: mine.id } });
    expect(moved.startsAt.getTime()).toBe(new Date(slots[2].startsAt).getTime());
    expect(reply).toMatch(/^Moved: your appointment is on .+\nMoved it for you\.$/);
  });

  it("refuses the model's bad arguments with a reason it reads, never a failed job", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    script(
      () => call('book', '{not json'),
      () => call('book', { startsAt: 'next tuesday' }),
      () => call('book', { startsAt: yesterday }),
      () => call('launch_rockets'),
      () => 'Sorry, I could not book that.',
    );
    expect(await text('book me in yesterday')).toBe('Sorry, I could not book that.');
    const errors = h.openai.requests.slice(1).map((r) => String(lastResult(r).error));
    expect(errors).toEqual([
      'the arguments are not valid JSON',
      'startsAt must be an ISO 8601 time like 2026-12-07T09:00:00',
      'startsAt must be in the future',
      'there is no tool launch_rockets',
    ]);
    expect(await h.prisma.appointment.count()).toBe(0);
  });

  it('bounds the rounds: a model that keeps calling tools is made to answer, else the fallback points to BOOK', async () => {
    script(() => call('list_my_appointments'));
    const reply = await text('What do I have booked?');
    // Four rounds of tools, then one asked to answer in text, which still called a tool.
    expect(h.openai.requests).toHaveLength(5);
    expect(h.openai.requests.map((r) => r.tool_choice)).toEqual(['auto', 'auto', 'auto', 'auto', 'none']);
    expect(reply).toMatch(/To book an appointment, reply BOOK\.$/);
  });

  it('answers with the fallback and the fixed flow when the model fails; BOOK works with AI on', async () => {
    h.openai.failNext(500, 1);
    expect(await text('Can you come today?')).toMatch(/To book an appointment, reply BOOK\.$/);
    const requests = h.openai.requests.length;
    expect(await text('BOOK')).toMatch(/^Reply 1, 2 or 3 to choose:/);
    expect(h.openai.requests).toHaveLength(requests); // the command never reached the model
  });

  it('flag_emergency alerts the owner once and puts the safety line first, for an emergency the keywords miss', async () => {
    const OWNER = '+15550009999';
    await h.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { ownerPhone: OWNER } });
    h.businessesChanged();
    script(
      () => call('flag_emergency', { summary: 'Water pouring through the kitchen ceiling' }),
      () => 'Someone is on the way. Turn off the main water valve if you can.',
    );
    const reply = await text('Water is pouring through my kitchen ceiling!');
    expect(reply).toBe(
      'If anyone is in danger, call 911 now.\nSomeone is on the way. Turn off the main water valve if you can.',
    );
    await waitFor(() => h.twilio.sent.some((m) => m.to === OWNER), "the owner's alert");
    const alerts = h.twilio.sent.filter((m) => m.to === OWNER);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].body).toContain('Water pouring through the kitchen ceiling');
    expect(alerts[0].body).toContain(CUSTOMER);
    expect(lastResult(h.openai.requests[1])).toMatchObject({ ok: true, ownerAlerted: true });
    expect(await h.prisma.emergency.count()).toBe(1);
  });

  it('answers an emergency keyword itself, before the model: the safety line never waits for AI', async () => {
    const reply = await text('Burst pipe in the basement!!');
    expect(reply).toMatch(/^If anyone is in danger, call 911 now\. /);
    expect(h.openai.requests).toHaveLength(0);
  });

  it('offers no tools to a business that does not book by text', async () => {
    await h.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { bookingEnabled: false } });
    h.businessesChanged();
    h.openai.respond = () => 'We open at 9.';
    expect(await text('When do you open?')).toBe('We open at 9.');
    expect(h.openai.requests[0].tools).toBeUndefined();
  });
});
