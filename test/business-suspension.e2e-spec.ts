import { setTimeout as sleep } from 'node:timers/promises';
import { BUSINESS_LOOKUP_TTL_MS, BusinessRoutes } from '@app/database';
import { JobName, JobQueue, QueueName, SharedCounters } from '@app/queue';
import { ADMIN_KEY, Harness, newMessageSid, waitFor } from './support';

/**
 * Issue 14 (businesses): suspend → its texts are stored and answered 200 with empty TwiML but
 * get no reply, and its running campaign stops sending (nothing marked failed); resume → the
 * campaign finishes, each recipient texted exactly once. Through the routes an operator uses
 * (/api/businesses, its suspend and resume, /api/campaigns with X-Business-Id), the real
 * PostgreSQL, Redis and worker, and the fake Twilio.
 */
const B_NUMBER = '+15005550177';
const CUSTOMER = '+15557654321';
/** Slow enough that 30 recipients take ~10 s, so the suspension lands mid-run. */
const RATE_PER_SECOND = 3;
/** Parked sends of a suspended business look again every quarter second here (60 s by default). */
const RECHECK_MS = 250;
const RECIPIENTS = Array.from({ length: 30 }, (_, i) => `+1555030${String(i).padStart(4, '0')}`);

describe('a suspended business: texts kept unanswered, its campaign halted, and resumed', () => {
  let h: Harness;
  let business: string;
  const asB = () => ({ 'x-business-id': business });

  beforeAll(async () => {
    h = await Harness.start({
      env: {
        SEND_RATE_PER_SECOND: String(RATE_PER_SECOND),
        CAMPAIGN_RECHECK_MS: String(RECHECK_MS),
        MAINTENANCE_INTERVAL_MS: '200',
      },
    });
  });
  afterAll(() => h.close());

  beforeEach(async () => {
    await h.truncate();
    const created = await h.admin('POST', '/api/businesses', {
      name: 'Bravo Bikes',
      slug: 'bravo',
      numbers: [{ address: B_NUMBER }],
    });
    expect(created.statusCode).toBe(201);
    business = created.json().id;
  });

  const setStatus = async (action: 'suspend' | 'resume') => {
    const res = await h.admin('POST', `/api/businesses/${business}/${action}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe(action === 'suspend' ? 'suspended' : 'active');
  };
  /** What the worker believes (its BusinessRoutes snapshot is trusted for BUSINESS_LOOKUP_TTL_MS). */
  const workerSees = (status: 'active' | 'suspended') =>
    waitFor(
      async () => (await h.worker!.get(BusinessRoutes).byId(business))?.status === status,
      `the worker to see the business ${status}`,
      BUSINESS_LOOKUP_TTL_MS + 2_000,
    );
  const campaign = async (id: string) =>
    (await h.admin('GET', `/api/campaigns/${id}`, undefined, ADMIN_KEY, asB())).json();
  const parkedSends = async () => {
    const counters = h.worker!.get(SharedCounters);
    await counters.flush();
    const rows = await counters.read('jobs_total');
    return rows.find((r) => r.labels.join('|') === `${QueueName.Campaign}|${JobName.CampaignSend}|parked`)?.value ?? 0;
  };

  it('stores a text to a suspended business and answers 200 with empty TwiML, but never replies', async () => {
    await setStatus('suspend');
    // The worker may hold a snapshot read before the suspension (it is trusted for the TTL; a
    // text in that window is answered as if still active). The promise under test is what
    // happens once it knows.
    await workerSees('suspended');
    const sid = newMessageSid();
    // HELP would always be answered by an active business (the keyword reply comes before any setting).
    const res = await h.inbound(CUSTOMER, 'HELP', { To: B_NUMBER, MessageSid: sid });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    expect(res.body.replace(/<\?xml[^>]*\?>/, '').trim()).toMatch(/^<Response\s*\/>$|^<Response><\/Response>$/);

    const stored = await h.admin('GET', '/api/messages', undefined, ADMIN_KEY, asB());
    expect(stored.statusCode).toBe(200);
    expect(stored.json().items).toEqual([
      expect.objectContaining({ sid, direction: 'inbound', from: CUSTOMER, to: B_NUMBER, body: 'HELP' }),
    ]);

    // The reply job ran and chose not to answer (its record is kept a day): not just "nothing yet".
    const inbound = h.api.get(JobQueue).queue(QueueName.Inbound);
    const jobId = `inbound-${sid}`;
    await waitFor(async () => (await inbound.getJobState(jobId)) === 'completed', 'the reply job to finish');
    expect((await inbound.getJob(jobId))?.returnvalue).toEqual({ status: 'skipped', detail: 'business suspended' });
    await h.settle();
    expect(h.twilio.sent).toEqual([]);
    expect(await h.prisma.message.count({ where: { direction: 'outbound' } })).toBe(0);
    const outbound = await h.admin('GET', '/api/messages?direction=outbound', undefined, ADMIN_KEY, asB());
    expect(outbound.json().items).toEqual([]);
  });

  it('halts a running campaign on suspend (nothing failed), and finishes it on resume, each recipient texted once', async () => {
    const created = await h.admin(
      'POST',
      '/api/campaigns',
      { name: 'Spring sale', body: 'Bravo Bikes: 20% off this week', recipients: RECIPIENTS, from: B_NUMBER },
      ADMIN_KEY,
      asB(),
    );
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect((await h.admin('POST', `/api/campaigns/${id}/launch`, undefined, ADMIN_KEY, asB())).json().status).toBe(
      'running',
    );
    await waitFor(() => h.twilio.sent.length >= 3, 'the first sends');
    await setStatus('suspend');

    // Once the worker knows, and no send that passed its checks before that is still in flight,
    // the count at Twilio is final until the resume.
    await workerSees('suspended');
    const sends = h.api.get(JobQueue).queue(QueueName.Campaign);
    await waitFor(async () => (await sends.getJobCounts('active')).active === 0, 'no send in flight');
    const atHalt = h.twilio.sent.length;
    const parkedAtHalt = await parkedSends();
    await sleep(8 * RECHECK_MS);
    expect(h.twilio.sent.length).toBe(atHalt);
    expect(atHalt).toBeLessThan(RECIPIENTS.length); // halted mid-run, not after the end
    // The parked sends woke and parked again (they were looked at, not forgotten).
    expect(await parkedSends()).toBeGreaterThan(parkedAtHalt);
    const halted = await campaign(id);
    expect(halted).toMatchObject({ status: 'running' });
    expect(halted.counters).toMatchObject({
      sent: atHalt,
      pending: RECIPIENTS.length - atHalt,
      sending: 0,
      failed: 0,
      undelivered: 0,
      canceled: 0,
    });

    await setStatus('resume');
    const done = await waitFor(
      async () => {
        const now = await campaign(id);
        return now.status === 'completed' && now;
      },
      'the campaign to complete after the resume',
      BUSINESS_LOOKUP_TTL_MS + RECHECK_MS + (RECIPIENTS.length / RATE_PER_SECOND) * 1_000 + 5_000,
    );
    expect(done.counters).toMatchObject({ total: RECIPIENTS.length, sent: RECIPIENTS.length, pending: 0, failed: 0 });
    const failed = await h.admin('GET', `/api/campaigns/${id}/recipients?status=failed`, undefined, ADMIN_KEY, asB());
    expect(failed.json().items).toEqual([]);

    // Each recipient texted exactly once, from the business's number; nobody twice, nobody else.
    await h.settle();
    const perRecipient = new Map<string, number>();
    for (const m of h.twilio.sent) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
    expect([...perRecipient.keys()].sort()).toEqual([...RECIPIENTS].sort());
    expect([...perRecipient.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(h.twilio.sent.every((m) => m.from === B_NUMBER && m.body === 'Bravo Bikes: 20% off this week')).toBe(true);
    // And at the sender's rate after the resume too: sends whose reserved slot passed while the business
    // was suspended take a new one instead of all going at once (that burst was 15 in a quarter second).
    // Measured as how long the rest took, not as a busiest second: a loaded machine only makes sends later
    // (and a late wake-up sends a few together), never sooner than their slots.
    const afterResume = h.twilio.sent.slice(atHalt).map((m) => m.at);
    const spreadMs = Math.max(...afterResume) - Math.min(...afterResume);
    expect(spreadMs).toBeGreaterThanOrEqual(((afterResume.length - 1) / RATE_PER_SECOND) * 1_000 * 0.8);
    expect(await h.prisma.message.count({ where: { businessId: business, source: 'campaign' } })).toBe(
      RECIPIENTS.length,
    );
  });
});
