import { Controller, Get, Header, Headers, UnauthorizedException } from '@nestjs/common';
import { AppConfig, sameSecret } from '@app/config';
import { Public } from '../auth/public.decorator';
import { MetricsService } from './metrics.service';

@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Prometheus text format; needs `Authorization: Bearer $METRICS_TOKEN` or the admin `X-API-Key`. */
  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string, @Headers('x-api-key') apiKey?: string): Promise<string> {
    const bearer = authorization?.replace(/^Bearer\s+/i, '');
    const allowed = sameSecret(bearer, this.config.metricsToken) || sameSecret(apiKey, this.config.adminApiKey);
    if (!allowed) throw new UnauthorizedException('Metrics need Authorization: Bearer <METRICS_TOKEN> or X-API-Key');
    return this.metrics.registry.metrics();
  }
}
