import { HttpException, HttpStatus, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { once } from 'node:events';
import { AppConfig } from '@app/config';
import { RedisConnection } from '@app/queue';
import { clientKey } from './request-path';

/** Failures are counted over this window from the first one. */
const FAILURE_WINDOW_MS = 15 * 60_000;
/** Each lockout doubles the previous one, up to this. */
const MAX_LOCKOUT_MS = 60 * 60_000;
/** An address's past lockouts are forgotten this long after its last one. */
const STRIKE_MEMORY_MS = 24 * 60 * 60_000;

/**
 * Records one failure and says where the address stands, atomically (concurrent guesses cannot
 * all slip in under the limit): > 0, it was already locked out (ms left); < 0, this failure
 * locked it out (for -n ms); 0, it may try again.
 * KEYS: failures, lock, strikes. ARGV: limit, window ms, first lockout ms, max lockout ms, strike memory ms.
 */
const RECORD_FAILURE = `
local left = redis.call('PTTL', KEYS[2])
if left > 0 then return left end
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if failures < tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
local strikes = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
local ms = math.min(tonumber(ARGV[3]) * 2 ^ math.min(strikes - 1, 30), math.max(tonumber(ARGV[4]), tonumber(ARGV[3])))
redis.call('SET', KEYS[2], strikes, 'PX', math.floor(ms))
return -math.floor(ms)
`;

export interface FailureVerdict {
  /** Seconds the address must wait from now; 0 when it is not locked out. */
  retryAfter: number;
  /** It was locked out before this attempt: answer 429, not "wrong key". */
  wasLockedOut: boolean;
}

/**
 * Per-address lockout after failed authentications on any surface behind the admin key (the
 * X-API-Key of /api, the board's login form and header, /metrics' bearer token or key), with
 * backoff: AUTH_LOCKOUT_FAILURES failures within 15 minutes lock the address out for
 * AUTH_LOCKOUT_SECONDS, doubling with each lockout within a day, up to an hour. Kept in Redis, so
 * every API instance sees the same count. A locked-out address is refused even with the right key
 * (else the lockout would answer which guess was right); other addresses are untouched, and the
 * address is the one TRUST_PROXY lets us trust, so nobody can spend someone else's budget.
 *
 * Redis unreachable: the lockout is skipped (logged), not the admin locked out with it. The keys
 * it protects are long enough (32+ characters in production) that it is defence in depth.
 */
@Injectable()
export class AuthLockout implements OnModuleInit {
  private readonly logger = new Logger(AuthLockout.name);
  private lastOutageLog = 0;

  constructor(
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
  ) {}

  /** The first requests after boot must not find the connection still opening (it queues nothing). */
  async onModuleInit(): Promise<void> {
    const client = this.redis.client;
    if (client.status === 'ready') return;
    await Promise.race([
      once(client, 'ready').catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
    ]);
  }

  /** Seconds the address must still wait before any key is looked at; 0 when it is not locked out. */
  async retryAfter(ip: string): Promise<number> {
    try {
      const left = await this.redis.client.pttl(this.key(ip, 'lock'));
      return left > 0 ? Math.ceil(left / 1000) : 0;
    } catch (error) {
      this.outage(error);
      return 0;
    }
  }

  /** Counts a failed authentication from `ip`. */
  async recordFailure(ip: string): Promise<FailureVerdict> {
    const { lockoutFailures, lockoutSeconds } = this.config.auth;
    try {
      const result = Number(
        await this.redis.client.eval(
          RECORD_FAILURE,
          3,
          this.key(ip, 'failures'),
          this.key(ip, 'lock'),
          this.key(ip, 'strikes'),
          lockoutFailures,
          FAILURE_WINDOW_MS,
          lockoutSeconds * 1000,
          MAX_LOCKOUT_MS,
          STRIKE_MEMORY_MS,
        ),
      );
      if (result < 0) {
        this.logger.warn(
          `${clientKey(ip)} locked out for ${Math.ceil(-result / 1000)} s after ${lockoutFailures} failed authentications`,
        );
      }
      return { retryAfter: Math.ceil(Math.abs(result) / 1000), wasLockedOut: result > 0 };
    } catch (error) {
      this.outage(error);
      return { retryAfter: 0, wasLockedOut: false };
    }
  }

  /** `{prefix}:auth:{address}:kind`: one hash slot per address, so the script runs on a cluster too. */
  private key(ip: string, kind: 'failures' | 'lock' | 'strikes'): string {
    return `${this.config.queue.prefix}:auth:{${clientKey(ip)}}:${kind}`;
  }

  private outage(error: unknown): void {
    if (Date.now() - this.lastOutageLog < 60_000) return;
    this.lastOutageLog = Date.now();
    this.logger.warn(`Authentication lockout skipped, Redis unavailable: ${(error as Error).message}`);
  }
}

/** The 429 of a locked-out address (ErrorResponse's shape), with the seconds to wait in Retry-After. */
export function sendLockedOut(reply: FastifyReply, retryAfter: number): FastifyReply {
  return reply
    .status(429)
    .header('retry-after', String(retryAfter))
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(lockedOutBody(retryAfter)));
}

/** The same 429 thrown from inside Nest (a guard, a controller); the Retry-After header is set on the reply first. */
export function lockedOutException(reply: FastifyReply, retryAfter: number): HttpException {
  reply.header('retry-after', String(retryAfter));
  return new HttpException(lockedOutBody(retryAfter), HttpStatus.TOO_MANY_REQUESTS);
}

function lockedOutBody(retryAfter: number) {
  return {
    statusCode: 429,
    error: 'Too Many Requests',
    message: `Too many failed authentications from this address; retry in ${retryAfter} s`,
  };
}
