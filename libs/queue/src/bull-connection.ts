import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import { AppConfig } from '@app/config';
import { createRedisClient, type RedisClient } from './redis-client';

/** Prefix and connection for every BullMQ queue and worker of one process. */
export interface BullOptions {
  prefix: string;
  connection: ConnectionOptions;
}

/**
 * The queues' key prefix: QUEUE_PREFIX, or on a cluster `{QUEUE_PREFIX}`. BullMQ's scripts touch
 * several keys of a queue at once, which a cluster runs only when they share a slot; the hash tag
 * puts every queue's keys in one. Only on a cluster: a new prefix on an existing single Redis would
 * leave its queued jobs behind. A prefix that already has a hash tag is kept as it is.
 */
export function bullPrefix(config: Pick<AppConfig, 'redisClusterNodes' | 'queue'>): string {
  const { prefix } = config.queue;
  return config.redisClusterNodes && !/\{[^}]+\}/.test(prefix) ? `{${prefix}}` : prefix;
}

/**
 * BullMQ's connection. For one Redis, options: each queue and worker opens its own. For a
 * cluster, BullMQ needs a client instance (options make a plain client): one per process, shared
 * by every queue and worker (BullMQ duplicates it for a worker's blocking reads), closed here last
 * because BullMQ leaves a shared client open.
 */
@Injectable()
export class BullConnection implements OnApplicationShutdown {
  private cluster: RedisClient | null = null;

  constructor(private readonly config: AppConfig) {}

  options(): BullOptions {
    const prefix = bullPrefix(this.config);
    // BullMQ needs maxRetriesPerRequest null for its blocking connections.
    if (!this.config.redisClusterNodes)
      return { prefix, connection: { url: this.config.redisUrl, maxRetriesPerRequest: null } };
    this.cluster ??= createRedisClient(this.config, { maxRetriesPerRequest: null });
    return { prefix, connection: this.cluster };
  }

  onApplicationShutdown(): void {
    this.cluster?.disconnect();
    this.cluster = null;
  }
}
