import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PrismaService } from '@app/database';
import { JobQueue, QueueName, RedisConnection, WorkerHeartbeat } from '@app/queue';
import { Public } from '../auth/public.decorator';
import { HealthResponse } from './health.response';

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

@Controller('api/health')
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisConnection,
    private readonly jobs: JobQueue,
    private readonly heartbeat: WorkerHeartbeat,
  ) {}

  /**
   * `{ status, db, redis, queues, workers }`; 503 while PostgreSQL or Redis is down,
   * so load balancers can tell. Cheap: one query, one ping, one count call per
   * queue and one range read of the heartbeat set (no key scans).
   */
  @Public()
  // An empty requirement overrides the document-wide X-API-Key one: no key needed.
  @ApiSecurity({})
  @Get()
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'PostgreSQL or Redis is down.' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const [db, redis] = await Promise.all([
      withTimeout(this.prisma.$queryRaw`SELECT 1`, 2_000).then(
        () => 'ok',
        () => 'down',
      ),
      this.redis.ping().then((ok) => (ok ? 'ok' : 'down')),
    ]);
    const healthy = db === 'ok' && redis === 'ok';
    reply.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
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
