import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { groupBySlot } from './redis-client';
import { RedisConnection } from './redis.provider';

/** How long counts wait in the process before they go to Redis together. */
const FLUSH_EVERY_MS = 500;

/**
 * Counters that worker processes (which have no HTTP port) add to and the API's
 * /metrics reads: one Redis hash per metric, field = label values joined by '|'.
 * Counts gather in the process and go to Redis in one pipeline every 500 ms, not
 * one command per send (that was 3 Redis writes per campaign message). Lossy by
 * design: a metric is never worth failing or slowing a send.
 */
@Injectable()
export class SharedCounters implements BeforeApplicationShutdown {
  private pending = new Map<string, Map<string, number>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  private key(metric: string): string {
    return `${this.config.queue.prefix}:metrics:${metric}`;
  }

  add(metric: string, labels: string[], by = 1): void {
    const key = this.key(metric);
    const field = labels.join('|');
    let fields = this.pending.get(key);
    if (!fields) this.pending.set(key, (fields = new Map<string, number>()));
    fields.set(field, (fields.get(field) ?? 0) + by);
  }

  /** Sends what was counted since the last flush. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const counted = this.pending;
    this.pending = new Map();
    // One pipeline for one Redis; on a cluster one per metric's slot (a cluster client refuses a
    // pipeline over several nodes).
    const groups = groupBySlot(this.redis.client, [...counted], ([key]) => key);
    await Promise.all(
      groups.map((group) => {
        const pipeline = this.redis.client.pipeline();
        for (const [key, fields] of group) for (const [field, by] of fields) pipeline.hincrbyfloat(key, field, by);
        return pipeline.exec().catch(() => undefined);
      }),
    );
  }

  async read(metric: string): Promise<Array<{ labels: string[]; value: number }>> {
    const hash = await this.redis.client.hgetall(this.key(metric));
    return Object.entries(hash).map(([field, value]) => ({ labels: field.split('|'), value: Number(value) }));
  }

  /** After workers drained (onModuleDestroy), before Redis closes (onApplicationShutdown): the last counts go out. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
