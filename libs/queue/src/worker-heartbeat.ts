import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { WORKER_NAME } from './job-options';
import { RedisConnection } from './redis.provider';

/** A worker not heard from for this long is not listed as live. */
export const HEARTBEAT_TTL_MS = 15_000;

/**
 * How long a dead worker's entry stays in the set. The reconciler tells a dead owner by its
 * last beat; an owner with no entry is taken for alive (the old, slow rule), so entries must
 * outlive any claim still waiting on them: far longer than SUBMITTING_TIMEOUT_MS.
 */
const KEEP_DEAD_ENTRIES_MS = 3_600_000;

/**
 * Scores are Redis's own clock (TIME), read in the same script as the write or the read, so
 * the reconciler compares a worker's beat with "now" on one clock: workers' and reconcilers'
 * clocks may disagree by seconds, which would make a live worker look dead.
 */
const BEAT = `local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
return now`;
const LAST_SEEN = `local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
return {now, redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')}`;

/**
 * Worker liveness in one sorted set (member: worker name, score: last beat), so
 * /api/health reads it with one range query instead of scanning keys, and the send
 * reconciler tells a dead send owner from a live one (see WorkerLiveness).
 */
@Injectable()
export class WorkerHeartbeat {
  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
  ) {}

  private get key(): string {
    return `${this.config.queue.prefix}:workers`;
  }

  async beat(name = WORKER_NAME): Promise<void> {
    await this.redis.client.eval(BEAT, 1, this.key, name);
  }

  async stop(name = WORKER_NAME): Promise<void> {
    await this.redis.client.zrem(this.key, name);
  }

  /** Every worker's last beat, and Redis's "now", on Redis's clock (epoch ms). */
  async lastSeen(): Promise<{ now: number; beats: Map<string, number> }> {
    const [now, flat] = (await this.redis.client.eval(LAST_SEEN, 1, this.key)) as [number, string[]];
    const beats = new Map<string, number>();
    for (let i = 0; i < flat.length; i += 2) beats.set(flat[i], Number(flat[i + 1]));
    return { now, beats };
  }

  async live(): Promise<Array<{ name: string; lastSeen: string }>> {
    const now = Date.now();
    const since = now - HEARTBEAT_TTL_MS;
    const [, rows] = (await this.redis.client
      .multi()
      .zremrangebyscore(this.key, 0, now - KEEP_DEAD_ENTRIES_MS)
      .zrangebyscore(this.key, since, '+inf', 'WITHSCORES')
      .exec())!;
    const flat = rows[1] as string[];
    const live: Array<{ name: string; lastSeen: string }> = [];
    for (let i = 0; i < flat.length; i += 2)
      live.push({ name: flat[i], lastSeen: new Date(Number(flat[i + 1])).toISOString() });
    return live;
  }
}
