import { JobName } from '@app/queue';
import { assertJobCatalogueWired } from './index';

describe('job catalogue wiring', () => {
  const handler = (jobName: JobName) => ({ jobName });

  it('accepts exactly one handler for every job name', () => {
    expect(() => assertJobCatalogueWired(Object.values(JobName).map(handler))).not.toThrow();
  });

  it('refuses a job name without a handler', () => {
    expect(() => assertJobCatalogueWired([handler(JobName.ReplyToInbound)])).toThrow(/send-message has 0 handlers/);
  });

  it('refuses a job name with two handlers', () => {
    const handlers = [...Object.values(JobName).map(handler), handler(JobName.ReplyToInbound)];
    expect(() => assertJobCatalogueWired(handlers)).toThrow(/reply-to-inbound has 2 handlers/);
  });
});
