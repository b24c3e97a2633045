import { ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_BUSINESS_ID, hashApiKey } from '@app/common';
import { AppConfig, sameSecret } from '@app/config';
import { ApiKeysRepository, BusinessDirectory, BusinessRef } from '@app/database';
import { AuthLockout, lockedOutException } from './auth-lockout';
import { DashboardSessions, SESSION_COOKIE } from './dashboard-sessions';
import { isSafeMethod, isSameOrigin, ownOrigins } from './same-origin';

/** What a business's own key looks like (`sbk_` + 32 random bytes, base64url): anything else is not one. */
export const BUSINESS_KEY = /^sbk_[A-Za-z0-9_-]{43}$/;

/** Who a request acts as, once authenticated, and for which business. */
export interface Authenticated {
  /** The platform (ADMIN_API_KEY, or a session made with it): any business, @PlatformOnly() routes. */
  platform: boolean;
  businessId: string;
  via: 'key' | 'session';
  /** A session's id and end. */
  session?: { id: string; expiresAt: Date };
}

export interface AuthOptions {
  platformOnly?: boolean;
  /** The business the client named in the query instead of X-Business-Id (see @BusinessQuery()). */
  queryBusiness?: string;
  /** A wrong key counts toward the address's lockout; not when an open stream checks again what it was let in with. */
  countFailures?: boolean;
}

/**
 * Decides who a request acts as: the X-API-Key header when there is one (scripts), else the
 * dashboard's session cookie. The platform key, or a platform session, acts for the business
 * `X-Business-Id` names (id or slug; the default business without it); a business's key, or a
 * session made with one, for its business only (`X-Business-Id` naming another: 403; its
 * business suspended: 403; a @PlatformOnly() route: 403). A wrong key counts toward the
 * address's lockout (AuthLockout); a locked-out address was already refused before routing.
 * Lookups are cached (BusinessDirectory), so a key revoked anywhere is refused everywhere within
 * 5 s, and the sessions made with it with it.
 *
 * A cookie travels with every request the browser makes to this site, whoever's page asked, so a
 * request that changes something (not GET, HEAD, OPTIONS) on a session must come from this site's
 * own pages: its Origin header must be this server's (same-origin.ts), else 403. A key is never
 * sent by a browser on its own, so X-API-Key requests need no such check.
 */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly config: AppConfig,
    private readonly lockout: AuthLockout,
    private readonly businesses: BusinessDirectory,
    private readonly apiKeys: ApiKeysRepository,
    private readonly sessions: DashboardSessions,
  ) {}

  async authenticate(request: FastifyRequest, reply: FastifyReply, options: AuthOptions = {}): Promise<Authenticated> {
    if (!this.config.adminApiKey)
      throw new UnauthorizedException('The admin API is disabled: ADMIN_API_KEY is not set');
    const header = request.headers['x-api-key'];
    const presented = typeof header === 'string' ? header : undefined;
    const named = request.headers['x-business-id'];
    const wanted = typeof named === 'string' && named !== '' ? named : options.queryBusiness || undefined;
    if (presented === undefined) {
      const sessionId = request.cookies?.[SESSION_COOKIE];
      if (sessionId) return this.bySession(request, sessionId, wanted, options);
    }
    if (sameSecret(presented, this.config.adminApiKey)) return this.asPlatform(wanted, 'key');
    const business = presented && BUSINESS_KEY.test(presented) ? await this.keyOwner(presented) : null;
    if (business) return this.asBusiness(business, wanted, options, 'key');
    // No key at all is not a guess; a wrong one is.
    if (presented && options.countFailures !== false) {
      const verdict = await this.lockout.recordFailure(request.ip);
      if (verdict.wasLockedOut) throw lockedOutException(reply, verdict.retryAfter);
    }
    throw new UnauthorizedException('Missing or invalid X-API-Key');
  }

  /** The business a presented key belongs to (not revoked), or null. */
  keyOwner(key: string) {
    return this.businesses.forApiKey(hashApiKey(key));
  }

  /**
   * A session cookie: unknown or expired is a 401 (not a guess: ids are 256 random bits), a
   * change from another site's page a 403, and a business session whose key was revoked ends.
   */
  private async bySession(
    request: FastifyRequest,
    sessionId: string,
    wanted: string | undefined,
    options: AuthOptions,
  ): Promise<Authenticated> {
    if (!isSafeMethod(request.method) && !isSameOrigin(request.headers.origin, this.ownOrigins(request)))
      throw new ForbiddenException('cross-origin request refused');
    const session = await this.sessions.find(sessionId);
    if (!session) throw new UnauthorizedException('Session expired or ended: sign in again');
    const via = { id: sessionId, expiresAt: session.expiresAt };
    if (session.kind === 'platform') return { ...(await this.asPlatform(wanted, 'session')), session: via };
    const business = await this.businesses.forApiKey(session.keyHash);
    if (!business || business.id !== session.businessId) {
      await this.sessions.revoke(sessionId);
      throw new UnauthorizedException('Session ended: its API key was revoked');
    }
    return { ...this.asBusiness(business, wanted, options, 'session'), session: via };
  }

  ownOrigins(request: FastifyRequest): string[] {
    return ownOrigins(request, this.config.publicBaseUrl);
  }

  private async asPlatform(wanted: string | undefined, via: Authenticated['via']): Promise<Authenticated> {
    const businessId = wanted ? (await this.named(wanted)).id : DEFAULT_BUSINESS_ID;
    return { platform: true, businessId, via };
  }

  private asBusiness(
    business: BusinessRef & { keyId: string },
    wanted: string | undefined,
    options: AuthOptions,
    via: Authenticated['via'],
  ): Authenticated {
    if (wanted && wanted !== business.id && wanted !== business.slug)
      throw new ForbiddenException('X-Business-Id names another business than the key’s');
    if (options.platformOnly) throw new ForbiddenException('This route needs the platform key (ADMIN_API_KEY)');
    if (business.status === 'suspended') throw new ForbiddenException('business suspended');
    // At most once a minute per key; a failed write never costs the request its answer.
    this.apiKeys.touchLastUsed(business.keyId).catch(() => undefined);
    return { platform: false, businessId: business.id, via };
  }

  /** The business X-Business-Id names (id or slug); 404 for one that does not exist. */
  private async named(value: string): Promise<BusinessRef> {
    const business = value.length <= 64 ? await this.businesses.byIdOrSlug(value) : null;
    if (!business) throw new NotFoundException(`No business ${value.slice(0, 64)} (X-Business-Id)`);
    return business;
  }
}
