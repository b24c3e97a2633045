import { Logger } from '@nestjs/common';
import { Clock } from '@app/common';
import { CampaignDispatcher } from './campaign-dispatcher';

/** The send's waits, as outcomes the runner turns into BullMQ delays (no Job, no lock token here). */
describe('CampaignDispatcher.send: when it parks', () => {
  const payload = { campaignId: 'c1', recipientId: 'r1', round: 1 };
  const running = {
    id: 'c1',
    businessId: 'b1',
    status: 'running',
    quietStart: null,
    quietEnd: null,
    from: '+15550001111',
  };
  /** A recipient not yet texted, of a running campaign, whose contact lives in UTC. */
  const PENDING_IN_UTC = {
    recipientStatus: 'pending',
    campaignStatus: 'running',
    contactTimezone: 'UTC',
    messageId: null,
    messageStatus: null,
  };
  let campaigns: { findById: jest.Mock; sendContext: jest.Mock; claimRecipient: jest.Mock };
  let limiter: { enabled: boolean; reserve: jest.Mock; backOff: jest.Mock };
  let sender: { deliver: jest.Mock };
  let clock: Clock;
  let businessStatus: 'active' | 'suspended';

  function dispatcher(quietHours: { start: string; end: string } | null = null) {
    const config = { campaigns: { quietHours, defaultTimezone: 'UTC', recheckMs: 60_000 }, twilio: {} };
    return new CampaignDispatcher(
      config as never,
      campaigns as never,
      { claimForSending: jest.fn(), markUnsent: jest.fn() } as never,
      {} as never,
      sender as never,
      limiter as never,
      clock,
      { byId: jest.fn(() => Promise.resolve({ id: 'b1', slug: 'b', status: businessStatus })) } as never,
      { accountSidOf: jest.fn(() => 'AC1') } as never,
      // A business without quiet hours of its own: the environment's.
      { from: jest.fn(() => ({ quietHours, timezone: 'UTC' })) } as never,
      { stored: jest.fn(), moved: jest.fn() } as never,
      { touch: jest.fn() } as never,
      // A worker whose heartbeat holds: these tests are about the campaign's rules, not the fence.
      { owner: 'worker-a', ticket: () => ({ epoch: 1 }) } as never,
    );
  }

  beforeEach(() => {
    campaigns = { findById: jest.fn(() => running), sendContext: jest.fn(), claimRecipient: jest.fn() };
    limiter = { enabled: true, reserve: jest.fn(), backOff: jest.fn() };
    sender = { deliver: jest.fn(() => ({ status: 'done', detail: 'accepted by Twilio' })) };
    clock = new Clock();
    businessStatus = 'active';
  });

  it("parks a suspended business's send for a minute, claiming nothing and reserving no slot", async () => {
    businessStatus = 'suspended';
    const before = Date.now();
    const outcome = await dispatcher().send(payload, false);
    expect(outcome).toMatchObject({ status: 'parked', detail: 'business suspended: looks again later' });
    expect((outcome as { until: number }).until).toBeGreaterThanOrEqual(before + 60_000);
    expect(limiter.reserve).not.toHaveBeenCalled();
    expect(campaigns.claimRecipient).not.toHaveBeenCalled();
  });

  it("drops the send slot a suspended business's send reserved before: it takes a new one after resume", async () => {
    businessStatus = 'suspended';
    const outcome = await dispatcher().send({ ...payload, slotAt: Date.now() - 5_000 }, false);
    expect(outcome).toMatchObject({ status: 'parked', payload });
    expect((outcome as { payload: object }).payload).not.toHaveProperty('slotAt');
    expect(limiter.reserve).not.toHaveBeenCalled();
  });

  it('reserves a send slot once, and parks until it with the slot in its data', async () => {
    const slot = Date.now() + 5_000;
    limiter.reserve.mockResolvedValue(slot);
    const outcome = await dispatcher().send(payload, false);
    expect(outcome).toMatchObject({ status: 'parked', until: slot, payload: { ...payload, slotAt: slot } });
    expect(limiter.reserve).toHaveBeenCalledTimes(1);
    expect(campaigns.claimRecipient).not.toHaveBeenCalled();
  });

  it('woken with its slot, does not reserve another and sends', async () => {
    campaigns.claimRecipient.mockResolvedValue({ id: 'm1', channel: 'sms' });
    const outcome = await dispatcher().send({ ...payload, slotAt: Date.now() - 10 }, false);
    expect(outcome).toEqual({ status: 'done', detail: 'accepted by Twilio' });
    expect(limiter.reserve).not.toHaveBeenCalled();
    expect(sender.deliver).toHaveBeenCalledWith(
      { id: 'm1', channel: 'sms' },
      { epoch: 1 },
      false,
      expect.any(Function),
    );
  });

  it('parks to the end of quiet hours, in the contact’s time zone, without reserving a slot', async () => {
    campaigns.sendContext.mockResolvedValue(PENDING_IN_UTC);
    const today = new Date();
    today.setUTCHours(7, 59, 0, 0);
    clock.offsetMs = today.getTime() - Date.now();
    const before = Date.now();
    const outcome = await dispatcher({ start: '21:00', end: '08:00' }).send(payload, false);
    expect(outcome).toMatchObject({ status: 'parked', detail: 'quiet hours' });
    const until = (outcome as { until: number }).until;
    expect(until - before).toBeGreaterThanOrEqual(59_000);
    expect(until - before).toBeLessThanOrEqual(61_000);
    expect(outcome).not.toHaveProperty('payload');
    expect(limiter.reserve).not.toHaveBeenCalled();
  });

  it('says once per campaign and window that quiet hours hold it, not once per recipient', async () => {
    const lines: string[] = [];
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation((m: unknown) => void lines.push(String(m)));
    campaigns.sendContext.mockResolvedValue(PENDING_IN_UTC);
    const night = new Date();
    night.setUTCHours(23, 0, 0, 0);
    clock.offsetMs = night.getTime() - Date.now();
    const d = dispatcher({ start: '21:00', end: '08:00' });
    for (let i = 0; i < 5; i++) await d.send({ ...payload, recipientId: `r${i}` }, false);
    log.mockRestore();
    expect(lines.filter((line) => line.includes('quiet hours hold its recipients until'))).toHaveLength(1);
    expect(lines[0]).toMatch(/^Campaign c1: quiet hours hold its recipients until \d{4}-\d\d-\d\dT08:00:00\.000Z$/);
  });

  it('re-checks a paused campaign’s interrupted send 60 s later, and skips one whose campaign is paused before it started', async () => {
    campaigns.findById.mockReturnValue({ ...running, status: 'paused' });
    campaigns.sendContext.mockResolvedValue({
      recipientStatus: 'sending',
      campaignStatus: 'paused',
      messageId: 'm1',
      messageStatus: 'pending',
    });
    const before = Date.now();
    const outcome = await dispatcher().send(payload, false);
    expect(outcome).toMatchObject({ status: 'parked' });
    expect((outcome as { until: number }).until - before).toBeGreaterThanOrEqual(60_000);
    expect(outcome).not.toHaveProperty('payload');

    campaigns.sendContext.mockResolvedValue({ recipientStatus: 'pending', campaignStatus: 'paused', messageId: null });
    expect(await dispatcher().send(payload, false)).toEqual({ status: 'skipped', detail: 'campaign paused' });
  });
});

/** Fan-out cuts batches when no send rate applies; a batch sends each member as its own job would. */
describe('CampaignDispatcher: send batches', () => {
  const running = { id: 'c1', businessId: 'b1', status: 'running', round: 1, quietStart: null, quietEnd: null };
  let campaigns: Record<string, jest.Mock>;
  let jobs: { enqueueEntries: jest.Mock; enqueueAt: jest.Mock };
  let sender: { deliver: jest.Mock };
  let limiter: { enabled: boolean; reserve: jest.Mock; backOff: jest.Mock };

  function dispatcher(sendBatch = 3, concurrency = 512) {
    const config = {
      campaigns: {
        quietHours: null,
        defaultTimezone: 'UTC',
        recheckMs: 60_000,
        fanoutChunk: 7,
        sendBatch,
        concurrency,
      },
    };
    return new CampaignDispatcher(
      config as never,
      campaigns as never,
      { claimForSending: jest.fn(), markUnsent: jest.fn() } as never,
      jobs as never,
      sender as never,
      limiter as never,
      new Clock(),
      { byId: jest.fn(() => Promise.resolve({ id: 'b1', slug: 'b', status: 'active' })) } as never,
      { accountSidOf: jest.fn(() => 'AC1') } as never,
      { from: jest.fn(() => ({ quietHours: null, timezone: 'UTC' })) } as never,
      { stored: jest.fn(), moved: jest.fn() } as never,
      { touch: jest.fn() } as never,
      { owner: 'worker-a', ticket: () => ({ epoch: 1 }) } as never,
    );
  }

  beforeEach(() => {
    campaigns = {
      findById: jest.fn(() => running),
      pendingAfter: jest.fn(() => ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']),
      markFanout: jest.fn(),
      completeFinished: jest.fn(() => []),
      sendContext: jest.fn(),
      claimRecipient: jest.fn((id: string) => ({ id: `m-${id}`, channel: 'sms', businessId: 'b1' })),
    };
    jobs = { enqueueEntries: jest.fn(), enqueueAt: jest.fn() };
    sender = { deliver: jest.fn(() => ({ status: 'done', detail: 'accepted by Twilio' })) };
    limiter = { enabled: false, reserve: jest.fn(), backOff: jest.fn() };
  });

  const enqueued = () => jobs.enqueueEntries.mock.calls[0][0] as Array<{ jobName: string; payload: object }>;

  it('cuts a fan-out chunk into batches of CAMPAIGN_SEND_BATCH, then the next step', async () => {
    await dispatcher().fanout({ campaignId: 'c1', round: 1, runId: 0 });
    expect(enqueued().map((e) => [e.jobName, e.payload])).toEqual([
      ['campaign-send-batch', { campaignId: 'c1', round: 1, recipientIds: ['r1', 'r2', 'r3'] }],
      ['campaign-send-batch', { campaignId: 'c1', round: 1, recipientIds: ['r4', 'r5', 'r6'] }],
      ['campaign-send-batch', { campaignId: 'c1', round: 1, recipientIds: ['r7'] }],
      ['campaign-fanout', { campaignId: 'c1', round: 1, runId: 0, afterId: 'r7' }],
    ]);
  });

  it('never puts more members in a batch than CAMPAIGN_CONCURRENCY sends (they all go at once)', async () => {
    await dispatcher(50, 4).fanout({ campaignId: 'c1', round: 1, runId: 0 });
    expect(enqueued().map((e) => (e.payload as { recipientIds?: string[] }).recipientIds?.length)).toEqual([
      4,
      3,
      undefined,
    ]);
  });

  it('makes a job per recipient when a send rate applies (each reserves its own slot), or CAMPAIGN_SEND_BATCH is 1', async () => {
    limiter.enabled = true;
    await dispatcher().fanout({ campaignId: 'c1', round: 1, runId: 0 });
    limiter.enabled = false;
    await dispatcher(1).fanout({ campaignId: 'c1', round: 1, runId: 0 });
    for (const call of jobs.enqueueEntries.mock.calls) {
      const names = (call[0] as Array<{ jobName: string }>).map((e) => e.jobName);
      expect(names).toEqual([...Array(7).fill('campaign-send'), 'campaign-fanout']);
    }
  });

  it('sends every member at once, and hands one that failed for now to a job of its own a second later', async () => {
    sender.deliver.mockImplementation((message: { id: string }) => {
      if (message.id === 'm-r2') throw new Error('Twilio 503');
      return { status: 'done', detail: 'accepted' };
    });
    campaigns.claimRecipient.mockImplementation((id: string) =>
      id === 'r3' ? null : { id: `m-${id}`, channel: 'sms', businessId: 'b1' },
    );
    campaigns.sendContext.mockResolvedValue({ recipientStatus: 'sent', campaignStatus: 'running', messageId: 'm-r3' });
    const before = Date.now();
    const outcome = await dispatcher().sendBatch({ campaignId: 'c1', round: 1, recipientIds: ['r1', 'r2', 'r3'] });
    expect(outcome).toEqual({ status: 'done', detail: '1 sent, 1 skipped, 0 waiting, 1 to retry alone' });
    // A member's attempt in a batch is never its last: its own job still has all of CampaignSend's.
    expect(sender.deliver.mock.calls.map((call) => call[2])).toEqual([false, false]);
    const [[later]] = jobs.enqueueAt.mock.calls as [[Array<{ entry: { jobName: string; jobId: string }; at: number }>]];
    expect(later).toHaveLength(1);
    expect(later[0].entry).toMatchObject({ jobName: 'campaign-send', jobId: 'campaign-send-r2-r1' });
    expect(later[0].at).toBeGreaterThanOrEqual(before + 1_000);
  });

  it('parks a member that must wait as its own job, delayed to when it should look again', async () => {
    limiter.enabled = true;
    const slot = Date.now() + 5_000;
    limiter.reserve.mockResolvedValueOnce(Date.now()).mockResolvedValueOnce(slot);
    const outcome = await dispatcher().sendBatch({ campaignId: 'c1', round: 1, recipientIds: ['r1', 'r2'] });
    expect(outcome).toEqual({ status: 'done', detail: '1 sent, 0 skipped, 1 waiting, 0 to retry alone' });
    const [[later]] = jobs.enqueueAt.mock.calls as [[Array<{ entry: { payload: object }; at: number }>]];
    expect(later).toEqual([
      {
        entry: expect.objectContaining({ payload: { campaignId: 'c1', recipientId: 'r2', round: 1, slotAt: slot } }),
        at: slot,
      },
    ]);
  });

  it('fails the batch when Redis refuses the members left over, so BullMQ runs it again', async () => {
    sender.deliver.mockRejectedValue(new Error('Twilio 503'));
    jobs.enqueueAt.mockRejectedValue(new Error('Redis down'));
    await expect(dispatcher().sendBatch({ campaignId: 'c1', round: 1, recipientIds: ['r1'] })).rejects.toThrow(
      'Redis down',
    );
  });
});
