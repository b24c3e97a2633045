import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { clientKey } from '../auth/request-path';

const WINDOW_MS = 60_000;
/** Addresses tracked at once; past it, counts of earlier windows are dropped first, then the oldest. */
const MAX_TRACKED = 10_000;

interface Tally {
  window: number;
  count: number;
}

/**
 * Counts webhooks with a wrong or missing signature per client address (request.ip under
 * TRUST_PROXY, an IPv6 client by its /64) in fixed one-minute windows. An address past
 * WEBHOOK_BAD_SIGNATURES_PER_MINUTE gets 429 before its body is read, until the window ends.
 * Valid webhooks never count: Twilio's own addresses are never limited unless the auth token is
 * wrong, and then nothing would pass anyway. Kept in memory, per API instance: a Redis round trip
 * per junk request would cost more than refusing it, and each instance bounds its own work.
 */
@Injectable()
export class BadSignatureLimiter {
  private readonly tallies = new Map<string, Tally>();
  private readonly max: number;

  constructor(config: AppConfig) {
    this.max = config.twilio.badSignaturesPerMinute;
  }

  /** Seconds until this address may try again, or 0. */
  retryAfter(ip: string, now = Date.now()): number {
    const tally = this.tallies.get(clientKey(ip));
    if (!tally || tally.window !== windowOf(now) || tally.count < this.max) return 0;
    return Math.max(1, Math.ceil(((tally.window + 1) * WINDOW_MS - now) / 1000));
  }

  recordFailure(ip: string, now = Date.now()): void {
    const key = clientKey(ip);
    const window = windowOf(now);
    const tally = this.tallies.get(key);
    if (tally && tally.window === window) {
      tally.count++;
      return;
    }
    this.tallies.delete(key);
    if (this.tallies.size >= MAX_TRACKED) this.prune(window);
    this.tallies.set(key, { window, count: 1 });
  }

  private prune(window: number): void {
    for (const [key, tally] of this.tallies) if (tally.window !== window) this.tallies.delete(key);
    // Still full of this window's addresses: the oldest inserted go (a Map iterates in insertion order).
    for (const key of this.tallies.keys()) {
      if (this.tallies.size < MAX_TRACKED) break;
      this.tallies.delete(key);
    }
  }
}

const windowOf = (now: number) => Math.floor(now / WINDOW_MS);
