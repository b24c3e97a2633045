import { Controller, Get, Header, Headers, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiHeader, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, sameSecret } from '@app/config';
import { AuthLockout, lockedOutException } from '../auth/auth-lockout';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../errors/api-errors.decorator';
import { MetricsService } from './metrics.service';

@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly lockout: AuthLockout,
  ) {}

  /** Prometheus text format; needs `Authorization: Bearer $METRICS_TOKEN` or the admin `X-API-Key`. */
  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  // The content type is given here, not with @ApiProduces: that would also list the JSON 401 as text/plain.
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4.',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          '# TYPE switchboard_webhooks_total counter\nswitchboard_webhooks_total{route="inbound",outcome="accepted"} 42\n',
      },
    },
  })
  @ApiErrors(401)
  // Either header will do, so neither is required on its own.
  @ApiHeader({ name: 'authorization', required: false, description: 'Bearer <METRICS_TOKEN>' })
  @ApiHeader({ name: 'x-api-key', required: false, description: 'The admin API key, instead of the bearer token' })
  async scrape(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('authorization') authorization?: string,
    @Headers('x-api-key') apiKey?: string,
  ): Promise<string> {
    const bearer = authorization?.replace(/^Bearer\s+/i, '');
    const allowed = sameSecret(bearer, this.config.metricsToken) || sameSecret(apiKey, this.config.adminApiKey);
    if (!allowed) {
      // A token or key that was tried and is wrong is a guess (AuthLockout); asking without one is not.
      if (bearer || apiKey) {
        const verdict = await this.lockout.recordFailure(request.ip);
        if (verdict.wasLockedOut) throw lockedOutException(reply, verdict.retryAfter);
      }
      throw new UnauthorizedException('Metrics need Authorization: Bearer <METRICS_TOKEN> or X-API-Key');
    }
    return this.metrics.registry.metrics();
  }
}
