import { JobName } from './job-catalogue';
import { jobIdFor, jobOptions } from './job-options';

describe('job options', () => {
  it('derives job ids from domain ids, without the ":" BullMQ forbids', () => {
    const sid = 'SM0123456789abcdef0123456789abcdef';
    expect(jobIdFor(JobName.ReplyToInbound, { messageId: 'x', messageSid: sid })).toBe(`inbound-${sid}`);
    expect(jobIdFor(JobName.SendMessage, { messageId: 'abc' })).toBe('send-abc');
    for (const name of Object.values(JobName)) {
      const options = jobOptions(name, { messageId: 'm', messageSid: 's' } as never);
      expect(options.jobId).not.toContain(':');
      expect(options.attempts).toBeGreaterThan(1);
    }
  });
});
