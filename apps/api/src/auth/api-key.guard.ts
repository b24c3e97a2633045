import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BUSINESS_QUERY } from './business-query.decorator';
import type { BusinessScopedRequest } from './current-business.decorator';
import { PLATFORM_ONLY } from './platform-only.decorator';
import { IS_PUBLIC } from './public.decorator';
import { RequestAuthenticator } from './request-authenticator';

/**
 * Every route needs X-API-Key or the dashboard's session cookie unless marked @Public()
 * (RequestAuthenticator says who the request acts as). The business goes on the request for
 * @CurrentBusiness(), and the whole verdict for the routes that describe it (GET /api/session).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const queryName = this.reflector.getAllAndOverride<string | undefined>(BUSINESS_QUERY, targets);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const auth = await this.authenticator.authenticate(request, http.getResponse<FastifyReply>(), {
      platformOnly: this.reflector.getAllAndOverride<boolean>(PLATFORM_ONLY, targets),
      queryBusiness: queryName && typeof query[queryName] === 'string' ? query[queryName] : undefined,
    });
    const scoped = request as BusinessScopedRequest;
    scoped.businessId = auth.businessId;
    scoped.auth = auth;
    return true;
  }
}
