import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { OutboxRepository } from '@app/database';
import { CampaignDispatcher, OutboundSender } from '@app/messaging';
import { JobName, JobOutcome, SharedCounters } from '@app/queue';
import { JOB_PROCESSORS } from './jobs';
import { WorkerRunner } from './worker-runner';

/** The runner's dispatch, against the real handler classes with their domain services faked. */
describe('WorkerRunner dispatch', () => {
  const outbox = { complete: jest.fn(() => Promise.resolve()) };
  const counters = { add: jest.fn() };
  const sender = { send: jest.fn() };
  const dispatcher = { send: jest.fn(), fanout: jest.fn() };
  let dispatch: (job: Job, token?: string) => Promise<unknown>;

  beforeAll(async () => {
    const fakes = new Map<unknown, object>([
      [OutboxRepository, outbox],
      [SharedCounters, counters],
      [OutboundSender, sender],
      [CampaignDispatcher, dispatcher],
    ]);
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [...JOB_PROCESSORS, WorkerRunner],
    })
      .useMocker((token) => fakes.get(token) ?? {})
      .compile();
    const runner = moduleRef.get(WorkerRunner);
    runner.onModuleInit(); // discovery and the wiring check; no BullMQ workers are started
    dispatch = (job, token) => runner['dispatch'](job, token);
  });
  beforeEach(() => jest.clearAllMocks());

  function job(name: string, queueName: string, data: object, attemptsMade = 0, attempts = 6) {
    return {
      id: `${name}-1`,
      name,
      queueName,
      data,
      attemptsMade,
      opts: { attempts },
      updateData: jest.fn(() => Promise.resolve()),
      moveToDelayed: jest.fn(() => Promise.resolve()),
    };
  }
  const outcomes = () => counters.add.mock.calls.filter(([metric]) => metric === 'jobs_total').map(([, l]) => l[2]);

  it('returns the outcome, drops an outboxed job’s outbox row and counts the outcome', async () => {
    sender.send.mockResolvedValue(JobOutcome.skipped('not pending'));
    const sendJob = job(JobName.SendMessage, 'outbound', { messageId: 'm1' });
    await expect(dispatch(sendJob as unknown as Job)).resolves.toEqual({ status: 'skipped', detail: 'not pending' });
    expect(sender.send).toHaveBeenCalledWith('m1', false);
    expect(outbox.complete).toHaveBeenCalledWith('send-message-1');
    expect(outcomes()).toEqual(['skipped']);
  });

  it('parks: saves the payload, moves the job to delayed with its lock token, throws DelayedError, keeps the outbox row', async () => {
    const payload = { campaignId: 'c', recipientId: 'r', round: 1, slotAt: 5_000 };
    dispatcher.send.mockResolvedValue(JobOutcome.parked(5_000, 'waiting for its send slot', payload));
    const sendJob = job(JobName.CampaignSend, 'campaign', { campaignId: 'c', recipientId: 'r', round: 1 }, 7, 8);
    await expect(dispatch(sendJob as unknown as Job, 'lock-token')).rejects.toBeInstanceOf(DelayedError);
    expect(dispatcher.send).toHaveBeenCalledWith({ campaignId: 'c', recipientId: 'r', round: 1 }, true);
    expect(sendJob.updateData).toHaveBeenCalledWith(payload);
    expect(sendJob.moveToDelayed).toHaveBeenCalledWith(5_000, 'lock-token');
    expect(sendJob.updateData.mock.invocationCallOrder[0]).toBeLessThan(
      sendJob.moveToDelayed.mock.invocationCallOrder[0],
    );
    expect(outbox.complete).not.toHaveBeenCalled();
    expect(outcomes()).toEqual(['parked']);
  });

  it('parks without touching the data when there is nothing to remember', async () => {
    sender.send.mockResolvedValue(JobOutcome.parked(9_000, 'later'));
    const sendJob = job(JobName.SendMessage, 'outbound', { messageId: 'm1' }, 5, 6);
    await expect(dispatch(sendJob as unknown as Job, 't')).rejects.toBeInstanceOf(DelayedError);
    expect(sendJob.updateData).not.toHaveBeenCalled();
    expect(sendJob.moveToDelayed).toHaveBeenCalledWith(9_000, 't');
    expect(outbox.complete).not.toHaveBeenCalled(); // parked on its final attempt: not given up
  });

  it('lets errors reach BullMQ; the outbox row goes only when the job is given up', async () => {
    sender.send.mockRejectedValue(new Error('Twilio 503'));
    await expect(
      dispatch(job(JobName.SendMessage, 'outbound', { messageId: 'm' }, 0) as unknown as Job),
    ).rejects.toThrow('Twilio 503');
    expect(outbox.complete).not.toHaveBeenCalled();
    await expect(
      dispatch(job(JobName.SendMessage, 'outbound', { messageId: 'm' }, 5) as unknown as Job),
    ).rejects.toThrow('Twilio 503');
    expect(outbox.complete).toHaveBeenCalledTimes(1);
    sender.send.mockRejectedValue(new UnrecoverableError('bad payload'));
    await expect(
      dispatch(job(JobName.SendMessage, 'outbound', { messageId: 'm' }, 0) as unknown as Job),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    expect(outbox.complete).toHaveBeenCalledTimes(2);
    expect(outcomes()).toEqual(['failed', 'failed', 'failed']);
  });

  it('refuses a job on another queue than its definition’s, or one it does not know', async () => {
    await expect(dispatch(job(JobName.SendMessage, 'inbound', {}) as unknown as Job)).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    await expect(dispatch(job('retired-job', 'outbound', {}) as unknown as Job)).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    expect(sender.send).not.toHaveBeenCalled();
  });
});
