import { loadConfig } from '@app/config';
import type { Message, MessageSendingRepository } from '@app/database';
import type { JobQueue, RedisConnection, WorkerHeartbeat } from '@app/queue';
import type { TwilioGateway } from '@app/twilio';
import type { BusinessTwilio } from '../businesses/business-twilio';
import { SendReconciler } from './send-reconciler';

const stuck = (id: string, fields: Partial<Message> = {}) =>
  ({
    id,
    channel: 'sms',
    to: '+15557654321',
    from: '+15550001111',
    messagingServiceSid: null,
    body: 'Hello',
    attempts: 2,
    updatedAt: new Date('2026-12-01T10:00:00Z'),
    ...fields,
  }) as Message;

/** Redis's clock in the heartbeat set, and each worker's last beat on it. */
type Beats = { now: number; beats: Map<string, number> } | Error;

function setUp(
  messagesStuck: Message[],
  leases: Array<'OK' | null | Error> = [],
  beats: Beats = { now: 100_000, beats: new Map() },
) {
  const messages = {
    findStuckSubmitting: jest.fn(() => Promise.resolve(messagesStuck)),
    markAccepted: jest.fn(() => Promise.resolve()),
    releaseForRetry: jest.fn(() => Promise.resolve(true)),
  };
  const twilio = { findSent: jest.fn(() => Promise.resolve<{ sid: string; status: string } | null>(null)) };
  const jobs = { enqueueEntries: jest.fn(() => Promise.resolve()) };
  const set = jest.fn(() => {
    const lease = leases.length ? leases.shift() : 'OK';
    return lease instanceof Error ? Promise.reject(lease) : Promise.resolve(lease);
  });
  const reconciler = new SendReconciler(
    loadConfig({ QUEUE_PREFIX: 'sb' }),
    messages as unknown as MessageSendingRepository,
    twilio as unknown as TwilioGateway,
    jobs as unknown as JobQueue,
    { client: { set } } as unknown as RedisConnection,
    { account: () => Promise.resolve(null) } as unknown as BusinessTwilio,
    {
      lastSeen: jest.fn(() => (beats instanceof Error ? Promise.reject(beats) : Promise.resolve(beats))),
    } as unknown as WorkerHeartbeat,
  );
  return { reconciler, messages, twilio, jobs, set };
}

describe('SendReconciler', () => {
  it('records a message Twilio has (no second text), matched on recipient, sender and body since the claim', async () => {
    const { reconciler, messages, twilio, jobs } = setUp([stuck('m1')]);
    twilio.findSent.mockResolvedValueOnce({ sid: 'SM1', status: 'sent' });
    await expect(reconciler.reconcile()).resolves.toEqual({ recovered: 1, resent: 0 });
    expect(twilio.findSent).toHaveBeenCalledWith(
      {
        channel: 'sms',
        to: '+15557654321',
        from: '+15550001111',
        body: 'Hello',
        since: new Date('2026-12-01T09:55:00Z'),
      },
      null,
    );
    expect(messages.markAccepted).toHaveBeenCalledWith('m1', { sid: 'SM1', status: 'sent' });
    expect(messages.releaseForRetry).not.toHaveBeenCalled();
    expect(jobs.enqueueEntries).not.toHaveBeenCalled();
  });

  it('sends again what Twilio does not have, under a job id of its own per resend', async () => {
    const { reconciler, messages, jobs } = setUp([stuck('m1')]);
    await expect(reconciler.reconcile()).resolves.toEqual({ recovered: 0, resent: 1 });
    expect(messages.releaseForRetry).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'm1', attempts: 2 }),
      null,
      expect.any(String),
    );
    expect(jobs.enqueueEntries).toHaveBeenCalledWith([
      expect.objectContaining({
        jobName: 'send-message',
        jobId: 'send-m1-r2',
        payload: { messageId: 'm1', resend: 2 },
      }),
    ]);
  });

  it('does not resend when its release lost (another reconciler, or a newer attempt holds it)', async () => {
    const { reconciler, messages, jobs } = setUp([stuck('m1')]);
    messages.releaseForRetry.mockResolvedValueOnce(false);
    await expect(reconciler.reconcile()).resolves.toEqual({ recovered: 0, resent: 0 });
    expect(jobs.enqueueEntries).not.toHaveBeenCalled();
  });

  it('asks Twilio once per stuck attempt: a send whose lease another run holds is left alone', async () => {
    const { reconciler, twilio, set } = setUp([stuck('m1'), stuck('m2')], [null, 'OK']);
    await reconciler.reconcile();
    expect(set).toHaveBeenCalledWith('sb:reconcile:m1:2', '1', 'PX', 60_000, 'NX');
    expect(twilio.findSent).toHaveBeenCalledTimes(1);
    expect(twilio.findSent).toHaveBeenCalledWith(expect.objectContaining({ to: '+15557654321' }), null);
  });

  it('goes ahead without Redis (the release’s compare-and-set keeps a second run harmless)', async () => {
    const { reconciler, twilio } = setUp([stuck('m1')], [new Error('Connection is closed.')]);
    await expect(reconciler.reconcile()).resolves.toEqual({ recovered: 0, resent: 1 });
    expect(twilio.findSent).toHaveBeenCalledTimes(1);
  });

  it('matches a Messaging Service send on recipient and body only (Twilio picks the number)', async () => {
    const { reconciler, twilio } = setUp([stuck('m1', { messagingServiceSid: 'MG1' })]);
    await reconciler.reconcile();
    expect(twilio.findSent).toHaveBeenCalledWith(expect.objectContaining({ from: null }), null);
  });

  it('settles the other stuck sends when Twilio fails on one (that one is tried again next run)', async () => {
    const { reconciler, twilio, jobs } = setUp([stuck('m1'), stuck('m2'), stuck('m3')]);
    twilio.findSent.mockRejectedValueOnce(Object.assign(new Error('Twilio 503 for +15557654321'), { status: 503 }));
    await expect(reconciler.reconcile()).resolves.toEqual({ recovered: 0, resent: 2 });
    expect(twilio.findSent).toHaveBeenCalledTimes(3);
    expect(jobs.enqueueEntries).toHaveBeenCalledTimes(2);
  });

  describe('when to ask Twilio', () => {
    // Defaults: SUBMITTING_TIMEOUT_MS 60 s, WORKER_DEAD_AFTER_MS 5 s, RECONCILE_SETTLE_MS 10 s.
    const beats = (ages: Record<string, number>): Beats => ({
      now: 1_000_000,
      beats: new Map(Object.entries(ages).map(([owner, age]) => [owner, 1_000_000 - age])),
    });

    it('reconciles a dead owner’s claims after the settle delay, a live owner’s after the submitting timeout', async () => {
      const { reconciler, messages } = setUp(
        [],
        [],
        // alive; dead but not yet settled (its last request may still be reaching Twilio's list); dead and settled
        beats({ 'w-alive': 900, 'w-dying': 14_000, 'w-dead': 15_001, 'w-long-gone': 600_000 }),
      );
      await reconciler.reconcile();
      expect(messages.findStuckSubmitting).toHaveBeenCalledWith(60_000, 50, {
        owners: ['w-dead', 'w-long-gone'],
        afterMs: 10_000,
      });
    });

    it('takes no owner for dead when the heartbeats cannot be read (the submitting timeout alone)', async () => {
      const { reconciler, messages } = setUp([], [], new Error('Redis is away'));
      await reconciler.reconcile();
      expect(messages.findStuckSubmitting).toHaveBeenCalledWith(60_000, 50, { owners: [], afterMs: 10_000 });
    });
  });
});
