import { Injectable } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { JobName, JobOutcome, JOBS } from '@app/queue';
import { JOB_PROCESSORS } from './index';
import { JobHandler } from './job-handler.decorator';
import { assertEveryJobHandledOnce, discoverJobHandlers } from './job-handlers';

describe('job handler wiring', () => {
  const handler = (jobName: string, where = 'Some.handler') => ({ jobName, where });
  const everyJob = () => Object.values(JOBS).map((job) => handler(job.name));

  it('accepts exactly one handler for every job of the table', () => {
    expect(() => assertEveryJobHandledOnce(everyJob())).not.toThrow();
  });

  it('refuses a job without a handler', () => {
    expect(() => assertEveryJobHandledOnce([handler(JobName.ReplyToInbound)])).toThrow(/send-message has 0 handlers/);
  });

  it('refuses a job with two handlers, naming both', () => {
    const handlers = [...everyJob(), handler(JobName.ReplyToInbound, 'Other.reply')];
    expect(() => assertEveryJobHandledOnce(handlers)).toThrow(
      /reply-to-inbound has 2 handlers \(Some.handler, Other.reply\)/,
    );
  });

  it('refuses a handler for a job the table does not know', () => {
    expect(() => assertEveryJobHandledOnce([...everyJob(), handler('retired-job', 'Old.run')])).toThrow(
      /Old.run handle retired-job, which is not in the job table/,
    );
  });

  /** Boots the given providers (their dependencies mocked) and discovers their handlers as the worker does. */
  async function discover(providers: Array<new (...args: never[]) => object>) {
    const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule], providers })
      .useMocker(() => ({}))
      .compile();
    await moduleRef.init();
    try {
      return discoverJobHandlers(moduleRef.get(DiscoveryService), moduleRef.get(MetadataScanner));
    } finally {
      await moduleRef.close();
    }
  }

  it("finds the worker's handlers by their mark: each job of the table exactly once", async () => {
    const found = await discover(JOB_PROCESSORS);
    expect(() => assertEveryJobHandledOnce(found)).not.toThrow();
    expect(found.find((h) => h.jobName === JobName.CampaignSend)?.where).toBe('CampaignProcessor.send');
  });

  it('calls the marked method on its instance', async () => {
    @Injectable()
    class Probe {
      readonly prefix = 'sent';

      @JobHandler(JobName.SendMessage)
      send(payload: { messageId: string }): Promise<JobOutcome> {
        return Promise.resolve(JobOutcome.done(`${this.prefix} ${payload.messageId}`));
      }

      unmarked(): void {}
    }
    const found = await discover([Probe]);
    expect(found.map((h) => h.where)).toEqual(['Probe.send']);
    await expect(found[0].handle({ messageId: 'm1' }, { finalAttempt: false })).resolves.toEqual({
      status: 'done',
      detail: 'sent m1',
    });
  });
});
