import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PrismaService } from '@app/database';
import { RedisConnection } from '@app/queue';
import { Public } from '../auth/public.decorator';

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@Controller('api/health')
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisConnection,
  ) {}

  /** `{ status, db, redis }`; 503 while a dependency is down, so load balancers can tell. */
  @Public()
  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const [db, redis] = await Promise.all([
      withTimeout(this.prisma.$queryRaw`SELECT 1`, 2_000).then(
        () => 'ok',
        () => 'down',
      ),
      this.redis.ping().then((ok) => (ok ? 'ok' : 'down')),
    ]);
    const healthy = db === 'ok' && redis === 'ok';
    reply.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: healthy ? 'ok' : 'degraded', db, redis };
  }
}
