import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, sameSecret } from '@app/config';
import { AuthLockout, lockedOutException } from './auth-lockout';
import { IS_PUBLIC } from './public.decorator';

/**
 * Every route needs X-API-Key = ADMIN_API_KEY unless marked @Public(). A wrong key counts toward
 * the address's lockout (AuthLockout); a locked-out address was already refused before routing.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly lockout: AuthLockout,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    if (!this.config.adminApiKey)
      throw new UnauthorizedException('The admin API is disabled: ADMIN_API_KEY is not set');
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const header = request.headers['x-api-key'];
    const presented = typeof header === 'string' ? header : undefined;
    if (sameSecret(presented, this.config.adminApiKey)) return true;
    // No key at all is not a guess; a wrong one is.
    if (presented) {
      const verdict = await this.lockout.recordFailure(request.ip);
      if (verdict.wasLockedOut) throw lockedOutException(http.getResponse<FastifyReply>(), verdict.retryAfter);
    }
    throw new UnauthorizedException('Missing or invalid X-API-Key');
  }
}
