import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnection } from './redis.provider';

/**
 * Counters that worker processes (which have no HTTP port) add to and the API's
 * /metrics reads: one Redis hash per metric, field = label values joined by '|'.
 * Fire-and-forget: a metric is never worth failing or slowing a send.
 */
@Injectable()
export class SharedCounters {
  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
  ) {}

  private key(metric: string): string {
    return `${this.config.queue.prefix}:metrics:${metric}`;
  }

  add(metric: string, labels: string[], by = 1): void {
    this.redis.client.hincrbyfloat(this.key(metric), labels.join('|'), by).catch(() => undefined);
  }

  async read(metric: string): Promise<Array<{ labels: string[]; value: number }>> {
    const hash = await this.redis.client.hgetall(this.key(metric));
    return Object.entries(hash).map(([field, value]) => ({ labels: field.split('|'), value: Number(value) }));
  }
}
