import type { ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { cpuMsPerMessage, cpuSecondsByRole, type FakeTwilioRequest, Harness, settleDatabase } from '../test/support';
import { spawnBenchWorker, stopBenchWorker } from './bench-worker';
import { describeSpan } from './spans';

/**
 * npm run bench:booking — one turn of booking by text without AI (issue 15's target): the signed
 * webhook "1" after a BOOK offer, to the "Booked: …" reply arriving at the fake Twilio. Each
 * customer texts BOOK, waits for the three slots, then "1"; the clock runs from the "1" webhook
 * to the reply's request at the fake Twilio (its arrival instant, performance.now() in this
 * process). The reply rules, the booking (exclusion constraint, conversation state) and the send
 * run in one built worker process, as deployed.
 *
 * Customers go in LANES, each lane a business of its own, one customer after another: every "1"
 * then books (customers of one business texting at once would race for the same first slot and
 * measure "that time was just taken" instead), while LANES turns are in flight at a time.
 */
const TURNS = Number(process.env.BENCH_BOOKING_TURNS ?? 300);
const LANES = Number(process.env.BENCH_BOOKING_LANES ?? 4);
/** Turns per lane before the clock runs, so the worker's hot path is compiled (a deployed worker runs for hours). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
/** Issue 15: a fixed-flow booking turn, webhook to reply accepted, p95 under 100 ms with AI off. */
const TARGET_P95_MS = 100;

describe('bench: booking by text', () => {
  let h: Harness;
  let worker: ChildProcess | null = null;
  const numbers = Array.from({ length: LANES }, (_, lane) => `+1500555020${lane}`);

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { LOG_LEVEL: 'silent' } });
    await h.truncate();
    // Open all day every day, quarter-hour slots: a lane's bookings fill a day at most.
    const allDay = [{ start: '00:00', end: '23:59' }];
    const weeklyHours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]));
    for (const [lane, number] of numbers.entries()) {
      const res = await h.admin('POST', '/api/businesses', {
        name: `Bench Lane ${lane}`,
        slug: `bench-lane-${lane}`,
        timezone: 'America/New_York',
        bookingEnabled: true,
        numbers: [{ address: number }],
      });
      if (res.statusCode !== 201) throw new Error(`business: ${res.statusCode} ${res.body}`);
      const hours = await h.admin('PUT', '/api/availability', { weeklyHours, slotMinutes: 15 }, undefined, {
        'x-business-id': res.json().id,
      });
      if (hours.statusCode !== 200) throw new Error(`availability: ${hours.statusCode} ${hours.body}`);
    }
    // After the businesses exist, so the worker's first snapshot of them already books by text.
    worker = await spawnBenchWorker(h);
  }, 60_000);
  afterAll(async () => {
    await stopBenchWorker(worker);
    await h?.close();
  });

  /** When the fake Twilio got the reply to `to` starting with `prefix`, after index `from` of its requests. */
  function replyAt(to: string, prefix: string, from: number): Promise<{ at: number; body: string }> {
    const matches = (r: FakeTwilioRequest) =>
      r.method === 'POST' && r.params.To === to && String(r.params.Body).startsWith(prefix);
    const found = h.twilio.requests.slice(from).find(matches);
    if (found) return Promise.resolve({ at: found.receivedAt, body: String(found.params.Body) });
    // Woken by the fake itself: polling would take event-loop time from the API serving the webhooks here.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no "${prefix}…" reply to a bench customer in 30 s`));
      }, 30_000);
      const stop = h.twilio.onRequest((r) => {
        if (!matches(r)) return;
        clearTimeout(timer);
        stop();
        resolve({ at: r.receivedAt, body: String(r.params.Body) });
      });
    });
  }

  /** One customer's BOOK and "1"; returns the two turns' durations (ms). */
  async function bookOnce(lane: number, customer: string) {
    const to = numbers[lane];
    const mark = h.twilio.requests.length;
    const bookAt = performance.now();
    const book = await h.inbound(customer, 'BOOK', { To: to });
    if (book.statusCode !== 200) throw new Error(`BOOK webhook: ${book.statusCode}`);
    const offer = await replyAt(customer, 'Reply 1', mark);
    const chooseMark = h.twilio.requests.length;
    const chooseAt = performance.now();
    const choose = await h.inbound(customer, '1', { To: to });
    const answeredAt = performance.now();
    if (choose.statusCode !== 200) throw new Error(`"1" webhook: ${choose.statusCode}`);
    const booked = await replyAt(customer, 'Booked: ', chooseMark);
    return { offer: offer.at - bookAt, turn: booked.at - chooseAt, answered: answeredAt - chooseAt };
  }

  async function run(perLane: number, offset: number) {
    const turns: number[] = [];
    const offers: number[] = [];
    const answered: number[] = [];
    await Promise.all(
      numbers.map(async (_, lane) => {
        for (let i = 0; i < perLane; i++) {
          const customer = `+1555${lane + 4}${String(offset + i).padStart(6, '0')}`;
          const { offer, turn, answered: acked } = await bookOnce(lane, customer);
          offers.push(offer);
          turns.push(turn);
          answered.push(acked);
        }
      }),
    );
    return { turns, offers, answered };
  }

  it('measures a booking turn', async () => {
    await settleDatabase();
    await run(WARMUP, 0);
    const perLane = Math.ceil(TURNS / LANES);
    const cpuBefore = cpuSecondsByRole([worker!.pid!]);
    const { turns, offers, answered } = await run(perLane, WARMUP);
    // The steadier number on a shared machine: CPU per customer's BOOK + "1", by process.
    const cpuMsPerBooking = cpuMsPerMessage(cpuBefore, cpuSecondsByRole([worker!.pid!]), turns.length);
    const line = {
      bench: 'booking-turn',
      turns: turns.length,
      customers: turns.length,
      lanes: LANES,
      turnMs: describeSpan(turns),
      offerMs: describeSpan(offers),
      webhookAnsweredMs: describeSpan(answered),
      cpuMsPerBooking,
      targetP95Ms: TARGET_P95_MS,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    // Every "1" booked: the turn measured is a booking, not a refusal.
    expect(await h.prisma.appointment.count({ where: { status: 'booked' } })).toBe(LANES * (WARMUP + perLane));
    expect(line.turnMs.p95).toBeLessThan(TARGET_P95_MS);
  }, 300_000);
});
