import { Injectable } from '@nestjs/common';
import { DatabaseHealth } from '@app/database';
import { JobQueue, QueueName, RedisConnection, WorkerHeartbeat } from '@app/queue';
import type { HealthResponse } from './health.response';

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

/**
 * PostgreSQL, Redis, the queues and the live workers. Cheap: one query, one ping,
 * one count call per queue and one range read of the heartbeat set (no key scans).
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly redis: RedisConnection,
    private readonly jobs: JobQueue,
    private readonly heartbeat: WorkerHeartbeat,
  ) {}

  async check(): Promise<HealthResponse> {
    const [db, redis] = await Promise.all([
      this.database.ping(2_000).then((ok) => (ok ? 'ok' : 'down')),
      this.redis.ping().then((ok) => (ok ? 'ok' : 'down')),
    ]);
    const healthy = db === 'ok' && redis === 'ok';
    if (redis !== 'ok') return { status: 'degraded', db, redis };
    const [queues, workers] = await Promise.all([
      this.queueCounts(),
      withTimeout(this.heartbeat.live(), 1_000).catch(() => []),
    ]);
    return { status: healthy ? 'ok' : 'degraded', db, redis, queues, workers };
  }

  private async queueCounts() {
    const entries = await Promise.all(
      Object.values(QueueName).map(async (name) => {
        const counts = await withTimeout(
          this.jobs.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed'),
          1_000,
        ).catch(() => null);
        return [name, counts] as const;
      }),
    );
    return Object.fromEntries(entries);
  }
}
