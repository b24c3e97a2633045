import { jobIdFor, jobOptions } from './job-options';
import { JobName, JOBS, OUTBOXED_JOBS, SCHEDULED_JOBS } from './jobs';
import { QueueName } from './queue-name.enum';

describe('the job table', () => {
  it('derives job ids from domain ids, without the ":" BullMQ forbids', () => {
    const sid = 'SM0123456789abcdef0123456789abcdef';
    expect(jobIdFor(JobName.ReplyToInbound, { messageId: 'x', messageSid: sid })).toBe(`inbound-${sid}`);
    expect(jobIdFor(JobName.SendMessage, { messageId: 'abc' })).toBe('send-abc');
    expect(jobIdFor(JobName.SendMessage, { messageId: 'abc', resend: 2 })).toBe('send-abc-r2');
    expect(jobIdFor(JobName.CampaignSend, { campaignId: 'c', recipientId: 'rcp', round: 3 })).toBe(
      'campaign-send-rcp-r3',
    );
    expect(jobIdFor(JobName.CampaignFanout, { campaignId: 'c', round: 1, runId: 0 })).toBe('fanout-c-r1-run0-start');
    expect(jobIdFor(JobName.CampaignFanout, { campaignId: 'c', round: 1, runId: 7, afterId: 'a' })).toBe(
      'fanout-c-r1-run7-a',
    );
  });

  it('names each job once', () => {
    const names = Object.values(JOBS).map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.values(JobName).sort()).toEqual([...names].sort());
  });

  it('keeps the retry and retention of each enqueued job', () => {
    const day = { age: 24 * 3600, count: 50_000 };
    const backoff = { type: 'exponential', delay: 1_000 };
    const week = { age: 7 * 24 * 3600 };
    const options = (name: JobName, payload: object) => {
      const { jobId: _, ...rest } = jobOptions(name as never, payload as never);
      return rest;
    };
    expect(options(JobName.ReplyToInbound, { messageSid: 's' })).toEqual({
      attempts: 6,
      backoff,
      removeOnComplete: day,
      removeOnFail: week,
    });
    expect(options(JobName.SendMessage, { messageId: 'm' })).toEqual({
      attempts: 6,
      backoff,
      removeOnComplete: day,
      removeOnFail: week,
    });
    expect(options(JobName.CampaignFanout, {})).toEqual({
      attempts: 10,
      backoff,
      removeOnComplete: true,
      removeOnFail: week,
    });
    expect(options(JobName.CampaignSend, {})).toEqual({
      attempts: 8,
      backoff,
      removeOnComplete: true,
      removeOnFail: week,
    });
  });

  it('outboxes replies, sends and fan-outs, not campaign sends', () => {
    for (const name of [JobName.ReplyToInbound, JobName.SendMessage, JobName.CampaignFanout])
      expect(OUTBOXED_JOBS.has(name)).toBe(true);
    expect(OUTBOXED_JOBS.has(JobName.CampaignSend)).toBe(false);
  });

  it('schedules the maintenance jobs on their own queue, every MAINTENANCE_INTERVAL_MS, without retries', () => {
    expect(SCHEDULED_JOBS.map((job) => job.name)).toEqual(
      expect.arrayContaining([
        'appointment-reminder-tick',
        'campaign-sweep',
        'outbox-relay',
        'reconcile-sends',
        'reminder-tick',
        'owner-summary-tick',
      ]),
    );
    for (const job of SCHEDULED_JOBS) {
      expect(job.queue).toBe(QueueName.Maintenance);
      expect(job.attempts).toBe(1);
      expect(job.every({ maintenance: { intervalMs: 1234 } } as never)).toBe(1234);
    }
  });
});
