import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnection } from '@app/queue';

/** One budget a code request spends from: a counter that resets `windowMs` after its first hit. */
export interface CodeBudget {
  key: string;
  limit: number;
  windowMs: number;
}

/** What became of a code the visitor typed. */
export type CodeCheck = 'verified' | 'wrong' | 'expired' | 'exhausted';

/**
 * Spends one from every budget, or from none when any is used up: a refused request must not eat
 * into the others (a visitor over their own limit would otherwise lock a number out).
 * KEYS: the counters. ARGV: per key, its limit then its window in ms.
 * Returns 0, or the ms until the first used-up budget frees.
 */
const SPEND = `
local wait = 0
for i, key in ipairs(KEYS) do
  local used = tonumber(redis.call('GET', key) or '0')
  if used >= tonumber(ARGV[i * 2 - 1]) then
    local left = redis.call('PTTL', key)
    if left < 0 then left = tonumber(ARGV[i * 2]) end
    if left > wait then wait = left end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[i * 2]) end
end
return 0
`;

/**
 * Checks a typed code against the one sent, counting the try. The code is forgotten once it
 * matches or once the tries are used up; on a match the visitor's number is remembered.
 * KEYS: the pending code (hash: phone, digest, tries), the visitor's proven number.
 * ARGV: the phone typed, the typed code's digest, the most tries, how long to remember in ms.
 */
const CHECK = `
local pending = redis.call('HMGET', KEYS[1], 'phone', 'digest')
if not pending[1] or pending[1] ~= ARGV[1] then return 'expired' end
local tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
if pending[2] == ARGV[2] then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[4])
  return 'verified'
end
if tries >= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return 'exhausted'
end
return 'wrong'
`;

/**
 * Web chat visitors' phone proofs, in Redis so every API instance sees the same: the code each
 * visitor was last sent (as a digest, expiring), the number each visitor proved (for
 * WIDGET_VERIFIED_PHONE_DAYS), and the budgets code requests spend from.
 */
@Injectable()
export class VisitorPhoneStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnection,
    config: AppConfig,
  ) {
    this.prefix = `${config.queue.prefix}:widget:`;
  }

  /** 0 when one was spent from every budget; else the ms until one frees (nothing spent). */
  async spend(budgets: CodeBudget[]): Promise<number> {
    const args = budgets.flatMap((b) => [b.limit, b.windowMs]);
    // The budgets count different things (a visitor, a number, a business), so no id of theirs is
    // common: one hash tag for every budget keeps the script, which spends from all or none, on one
    // Redis Cluster slot. They are few and small, so one node holds them all easily.
    const wait = await this.redis.client.eval(
      SPEND,
      budgets.length,
      ...budgets.map((b) => `${this.prefix}{code-budget}:${b.key}`),
      ...args,
    );
    return Number(wait);
  }

  /** Replaces any code the visitor was sent before: only the latest one counts. */
  async savePending(businessId: string, visitorId: string, phone: string, digest: string, ttlMs: number) {
    const key = this.pendingKey(businessId, visitorId);
    await this.redis.client.multi().del(key).hset(key, { phone, digest, tries: 0 }).pexpire(key, ttlMs).exec();
  }

  async check(
    visitor: { businessId: string; visitorId: string },
    phone: string,
    digest: string,
    maxTries: number,
    rememberMs: number,
  ): Promise<CodeCheck> {
    const outcome = await this.redis.client.eval(
      CHECK,
      2,
      this.pendingKey(visitor.businessId, visitor.visitorId),
      this.provenKey(visitor.businessId, visitor.visitorId),
      phone,
      digest,
      maxTries,
      rememberMs,
    );
    return outcome as CodeCheck;
  }

  /** The number the visitor proved, if they did (and it is still remembered). */
  async proven(businessId: string, visitorId: string): Promise<string | null> {
    return this.redis.client.get(this.provenKey(businessId, visitorId));
  }

  /** "Not me": the visitor's chat is anonymous again. */
  async forget(businessId: string, visitorId: string): Promise<void> {
    await this.redis.client.del(this.provenKey(businessId, visitorId), this.pendingKey(businessId, visitorId));
  }

  // One hash tag for a visitor's two keys: CHECK touches both, and a Redis Cluster needs them in one slot.
  private pendingKey = (businessId: string, visitorId: string) => `${this.prefix}code:{${businessId}:${visitorId}}`;
  private provenKey = (businessId: string, visitorId: string) => `${this.prefix}phone:{${businessId}:${visitorId}}`;
}
