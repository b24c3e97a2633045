import type { AppConfig } from '@app/config';
import { BadSignatureLimiter } from './bad-signature-limiter';

const limiter = (max: number) =>
  new BadSignatureLimiter({ twilio: { badSignaturesPerMinute: max } } as unknown as AppConfig);

describe('BadSignatureLimiter', () => {
  const minute = 60_000 * 29_000_000; // the start of some minute

  it('limits an address after its budget, until the minute ends', () => {
    const l = limiter(3);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('203.0.113.7', minute + i)).toBe(0);
      l.recordFailure('203.0.113.7', minute + i);
    }
    expect(l.retryAfter('203.0.113.7', minute + 1_000)).toBe(59);
    expect(l.retryAfter('203.0.113.8', minute + 1_000)).toBe(0);
    expect(l.retryAfter('203.0.113.7', minute + 60_000)).toBe(0);
    l.recordFailure('203.0.113.7', minute + 60_000);
    expect(l.retryAfter('203.0.113.7', minute + 60_001)).toBe(0);
  });

  it('counts an IPv6 client by its /64 and a mapped IPv4 address as IPv4', () => {
    const l = limiter(2);
    l.recordFailure('2001:db8:1:2::1', minute);
    l.recordFailure('2001:db8:1:2:ffff::9', minute);
    expect(l.retryAfter('2001:db8:1:2::77', minute)).toBeGreaterThan(0);
    l.recordFailure('::ffff:198.51.100.1', minute);
    l.recordFailure('198.51.100.1', minute);
    expect(l.retryAfter('198.51.100.1', minute)).toBeGreaterThan(0);
  });

  it('tracks a bounded number of addresses, forgetting earlier minutes first', () => {
    const l = limiter(1);
    l.recordFailure('198.51.100.1', minute - 60_000);
    for (let i = 0; i < 10_050; i++) l.recordFailure(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, minute);
    const size = (l as unknown as { tallies: Map<string, unknown> }).tallies.size;
    expect(size).toBeLessThanOrEqual(10_000);
    // The newest are still limited.
    expect(l.retryAfter('10.0.39.65', minute)).toBeGreaterThan(0);
  });
});
