import Redis, { Cluster, type RedisOptions } from 'ioredis';
import type { AppConfig } from '@app/config';
import { hashSlot } from './hash-slot';

/** Either kind of ioredis client: every Redis command we send works on both. */
export type RedisClient = Redis | Cluster;

/** What a client needs to know: REDIS_URL, and REDIS_CLUSTER_NODES when set. */
export type RedisTarget = Pick<AppConfig, 'redisUrl' | 'redisClusterNodes'>;

/**
 * Options of one connection, as for a plain client. A cluster client takes `lazyConnect`,
 * `enableOfflineQueue` and `retryStrategy` (as its cluster-wide retry) at its top level, the rest
 * for each node.
 */
export type RedisClientOptions = RedisOptions;

/**
 * The one place a Redis client is made: a plain client on REDIS_URL, or, with
 * REDIS_CLUSTER_NODES set, a cluster client seeded with those nodes that takes its
 * credentials, database-less TLS and timeouts from REDIS_URL and `options` for every node.
 */
export function createRedisClient(target: RedisTarget, options: RedisClientOptions = {}): RedisClient {
  if (!target.redisClusterNodes) return new Redis(target.redisUrl, options);
  const { lazyConnect, enableOfflineQueue, retryStrategy, ...perNode } = options;
  return new Cluster(target.redisClusterNodes, {
    lazyConnect,
    enableOfflineQueue,
    ...(retryStrategy ? { clusterRetryStrategy: retryStrategy } : {}),
    redisOptions: { ...urlCredentials(target.redisUrl), ...perNode },
    // A failover moves slots: follow MOVED/ASK and refresh the slot map rather than failing at once.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
  });
}

/** Username, password and TLS from a redis:// or rediss:// URL (a cluster has no database but 0). */
function urlCredentials(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * Splits items into groups whose keys share a hash slot, for one pipeline each: a cluster client
 * refuses a pipeline whose keys live on different nodes. A plain client gets one group, as before.
 */
export function groupBySlot<T>(client: RedisClient, items: T[], keyOf: (item: T) => string): T[][] {
  if (!(client instanceof Cluster)) return items.length ? [items] : [];
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const slot = hashSlot(keyOf(item));
    const group = groups.get(slot);
    if (group) group.push(item);
    else groups.set(slot, [item]);
  }
  return [...groups.values()];
}

/** Whether the client talks to a Redis Cluster. */
export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}
