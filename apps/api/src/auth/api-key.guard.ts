import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_BUSINESS_ID, hashApiKey } from '@app/common';
import { AppConfig, sameSecret } from '@app/config';
import { ApiKeysRepository, BusinessDirectory, BusinessRef } from '@app/database';
import { AuthLockout, lockedOutException } from './auth-lockout';
import type { BusinessScopedRequest } from './current-business.decorator';
import { PLATFORM_ONLY } from './platform-only.decorator';
import { IS_PUBLIC } from './public.decorator';

/** What a business's own key looks like (`sbk_` + 32 random bytes, base64url): anything else is not one. */
const BUSINESS_KEY = /^sbk_[A-Za-z0-9_-]{43}$/;

/**
 * Every route needs X-API-Key unless marked @Public(): the platform key (ADMIN_API_KEY), which acts
 * for the business `X-Business-Id` names (id or slug; the default business without it), or a
 * business's own key, which acts for its business only (`X-Business-Id` naming another: 403;
 * its business suspended: 403; a @PlatformOnly() route: 403). The business goes on the request
 * for @CurrentBusiness(). A wrong key counts toward the address's lockout (AuthLockout); a
 * locked-out address was already refused before routing. Lookups are cached (BusinessDirectory),
 * so a key revoked anywhere is refused everywhere within 5 s.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly lockout: AuthLockout,
    private readonly businesses: BusinessDirectory,
    private readonly apiKeys: ApiKeysRepository,
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
    const named = request.headers['x-business-id'];
    const wanted = typeof named === 'string' && named !== '' ? named : undefined;
    if (sameSecret(presented, this.config.adminApiKey)) {
      (request as BusinessScopedRequest).businessId = wanted ? (await this.named(wanted)).id : DEFAULT_BUSINESS_ID;
      return true;
    }
    const business = presented && BUSINESS_KEY.test(presented) ? await this.keyOwner(presented) : null;
    if (business) {
      if (wanted && wanted !== business.id && wanted !== business.slug)
        throw new ForbiddenException('X-Business-Id names another business than the key’s');
      if (this.reflector.getAllAndOverride<boolean>(PLATFORM_ONLY, [context.getHandler(), context.getClass()]))
        throw new ForbiddenException('This route needs the platform key (ADMIN_API_KEY)');
      if (business.status === 'suspended') throw new ForbiddenException('business suspended');
      (request as BusinessScopedRequest).businessId = business.id;
      // At most once a minute per key; a failed write never costs the request its answer.
      this.apiKeys.touchLastUsed(business.keyId).catch(() => undefined);
      return true;
    }
    // No key at all is not a guess; a wrong one is.
    if (presented) {
      const verdict = await this.lockout.recordFailure(request.ip);
      if (verdict.wasLockedOut) throw lockedOutException(http.getResponse<FastifyReply>(), verdict.retryAfter);
    }
    throw new UnauthorizedException('Missing or invalid X-API-Key');
  }

  /** The business X-Business-Id names (id or slug); 404 for one that does not exist. */
  private async named(value: string): Promise<BusinessRef> {
    const business = value.length <= 64 ? await this.businesses.byIdOrSlug(value) : null;
    if (!business) throw new NotFoundException(`No business ${value.slice(0, 64)} (X-Business-Id)`);
    return business;
  }

  private keyOwner(key: string) {
    return this.businesses.forApiKey(hashApiKey(key));
  }
}
