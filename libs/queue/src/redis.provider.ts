import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { createRedisClient, type RedisClient } from './redis-client';

/**
 * The connection for our own commands (health pings, heartbeats, rate limits, counters,
 * sessions): one Redis, or a Redis Cluster with REDIS_CLUSTER_NODES. It fails fast instead of
 * queueing commands while Redis is down, so callers learn about an outage at once.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: RedisClient;

  constructor(config: AppConfig) {
    this.client = createRedisClient(config, {
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
