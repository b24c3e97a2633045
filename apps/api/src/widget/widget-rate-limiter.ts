import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnection } from '@app/queue';

const WINDOW_MS = 60_000;

/**
 * Counts one hit in a fixed one-minute window and returns the count and the ms the window has
 * left, atomically. KEYS: the counter. ARGV: the window in ms.
 */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
`;

/**
 * The web chat's limits, per business (its token) and per visitor of that business, in
 * one-minute windows kept in Redis: every API instance counts against the same budget, so
 * adding instances does not multiply what a visitor or a leaked token may send.
 * Redis unreachable: nothing is limited (logged once a minute), the chat keeps working.
 */
@Injectable()
export class WidgetRateLimiter {
  private readonly logger = new Logger(WidgetRateLimiter.name);
  private lastOutageLog = 0;

  constructor(
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
  ) {}

  /** Seconds to wait when this request of the business's widget is one too many, else 0. */
  token(businessId: string): Promise<number> {
    return this.hit(`token:${businessId}`, this.config.widget.perTokenPerMinute);
  }

  /** Seconds to wait when this message of one visitor is one too many, else 0. */
  visitor(businessId: string, visitorId: string): Promise<number> {
    return this.hit(`visitor:${businessId}:${visitorId}`, this.config.widget.perVisitorPerMinute);
  }

  private async hit(what: string, limit: number): Promise<number> {
    try {
      const [count, left] = (await this.redis.client.eval(
        HIT,
        1,
        `${this.config.queue.prefix}:widget:${what}`,
        WINDOW_MS,
      )) as [number, number];
      return count > limit ? Math.max(1, Math.ceil(left / 1000)) : 0;
    } catch (error) {
      if (Date.now() - this.lastOutageLog > 60_000) {
        this.lastOutageLog = Date.now();
        this.logger.warn(`Web chat rate limit skipped, Redis unavailable: ${(error as Error).message}`);
      }
      return 0;
    }
  }
}
