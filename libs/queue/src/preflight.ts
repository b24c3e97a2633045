import { redactUrl, StartupError } from '@app/config';
import { createRedisClient, type RedisTarget } from './redis-client';

/** Fails start-up with one clear line when Redis (or, with REDIS_CLUSTER_NODES, the cluster) cannot be reached. */
export async function assertRedisReady(target: RedisTarget, timeoutMs = 3_000): Promise<void> {
  const client = createRedisClient(target, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause: Error | null = null;
  client.on('error', (error: Error) => (cause ??= error));
  let timer: NodeJS.Timeout | undefined;
  try {
    // A cluster client keeps asking other nodes for the slot map: bound the whole attempt.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([client.connect().then(() => client.ping()), timedOut]);
  } catch (error) {
    const nodes = target.redisClusterNodes?.map(({ host, port }) => `${host}:${port}`).join(',');
    const where = nodes ? `the Redis Cluster at ${nodes}` : `Redis at ${redactUrl(target.redisUrl)}`;
    throw new StartupError(
      `cannot reach ${where} (${(cause ?? (error as Error)).message}). ` +
        `Start it (or \`docker compose up -d postgres redis\`) and check ${nodes ? 'REDIS_CLUSTER_NODES' : 'REDIS_URL'}.`,
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
