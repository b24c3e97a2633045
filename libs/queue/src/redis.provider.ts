import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';

/**
 * A plain Redis connection for our own commands (health pings, and later
 * heartbeats and rate limits). It fails fast instead of queueing commands while
 * Redis is down, so callers learn about an outage at once.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(config: AppConfig) {
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    // Errors surface on the commands; without a listener ioredis would print every reconnect.
    this.client.on('error', () => undefined);
    this.client.connect().catch(() => undefined);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
