import Redis from 'ioredis';
import { redactUrl, StartupError } from '@app/config';

/** Fails start-up with one clear line when Redis cannot be reached. */
export async function assertRedisReady(url: string, timeoutMs = 3_000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause: Error | null = null;
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new StartupError(
      `cannot reach Redis at ${redactUrl(url)} (${(cause ?? (error as Error)).message}). ` +
        'Start it (or `docker compose up -d postgres redis`) and check REDIS_URL.',
    );
  } finally {
    client.disconnect();
  }
}
