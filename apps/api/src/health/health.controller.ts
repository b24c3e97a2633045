import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { CurrentBusiness } from '../auth/current-business.decorator';
import { ApiErrors } from '../errors/api-errors.decorator';
import { HealthResponse } from './health.response';
import { HealthService } from './health.service';
import { TwilioHealthResponse } from './twilio-health.response';
import { TwilioHealthService } from './twilio-health.service';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly twilio: TwilioHealthService,
  ) {}

  /** `{ status, db, redis, queues, workers }`; 503 while PostgreSQL or Redis is down, so load balancers can tell. */
  @Public()
  // An empty requirement overrides the document-wide X-API-Key one: no key needed.
  @ApiSecurity({})
  @Get('api/health')
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'PostgreSQL or Redis is down.' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const health = await this.health.check();
    reply.status(health.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return health;
  }

  /** Alias of GET /api/health at the address the receptionist's probes (and Kubernetes habits) use. */
  @Public()
  @ApiSecurity({})
  @Get('healthz')
  @ApiOperation({ summary: 'Alias of GET /api/health' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'PostgreSQL or Redis is down.' })
  checkAtHealthz(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    return this.check(reply);
  }

  /**
   * Whether the business's Twilio account works (the platform key names one with X-Business-Id):
   * its credentials fetch the account, and the account is active. 503 when not. Asked of Twilio at
   * most once a minute per account (`cached`); the result goes to `switchboard_twilio_account_up`.
   */
  @Get('api/health/twilio')
  @ApiOkResponse({ type: TwilioHealthResponse })
  @ApiServiceUnavailableResponse({
    type: TwilioHealthResponse,
    description: 'The credentials fail or the account is not active.',
  })
  @ApiErrors(401, 404)
  async checkTwilio(
    @CurrentBusiness() businessId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TwilioHealthResponse> {
    const health = await this.twilio.check(businessId);
    reply.status(health.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return health;
  }
}
