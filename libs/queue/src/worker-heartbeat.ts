import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { WORKER_NAME } from './job-options';
import { RedisConnection } from './redis.provider';

/** A worker not heard from for this long is not listed as live. */
export const HEARTBEAT_TTL_MS = 15_000;

/**
 * Worker liveness in one sorted set (member: worker name, score: last beat), so
 * /api/health reads it with one range query instead of scanning keys.
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
    await this.redis.client.zadd(this.key, Date.now(), name);
  }

  async stop(name = WORKER_NAME): Promise<void> {
    await this.redis.client.zrem(this.key, name);
  }

  async live(): Promise<Array<{ name: string; lastSeen: string }>> {
    const since = Date.now() - HEARTBEAT_TTL_MS;
    const [, rows] = (await this.redis.client
      .multi()
      .zremrangebyscore(this.key, 0, since)
      .zrangebyscore(this.key, since, '+inf', 'WITHSCORES')
      .exec())!;
    const flat = rows[1] as string[];
    const live: Array<{ name: string; lastSeen: string }> = [];
    for (let i = 0; i < flat.length; i += 2)
      live.push({ name: flat[i], lastSeen: new Date(Number(flat[i + 1])).toISOString() });
    return live;
  }
}
