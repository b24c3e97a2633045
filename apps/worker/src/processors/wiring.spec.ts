import { assertJobCatalogueWired, PROCESSORS } from './index';
import { InboundProcessor } from './inbound.processor';

describe('job catalogue wiring', () => {
  it('has exactly one processor for every job name', () => {
    expect(() => assertJobCatalogueWired()).not.toThrow();
  });

  it('refuses a job name without a processor', () => {
    expect(() => assertJobCatalogueWired([InboundProcessor])).toThrow(/send-message has 0 handlers/);
  });

  it('refuses a job name with two processors', () => {
    expect(() => assertJobCatalogueWired([...PROCESSORS, InboundProcessor])).toThrow(/reply-to-inbound has 2 handlers/);
  });
});
