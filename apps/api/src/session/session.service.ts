import { ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashApiKey } from '@app/common';
import { AppConfig, sameSecret } from '@app/config';
import { BusinessesRepository } from '@app/database';
import { AuthLockout, lockedOutException } from '../auth/auth-lockout';
import { DashboardSessions, SESSION_COOKIE, type SessionHolder } from '../auth/dashboard-sessions';
import { BUSINESS_KEY, RequestAuthenticator, type Authenticated } from '../auth/request-authenticator';
import { isSameOrigin } from '../auth/same-origin';
import type { SessionResponse } from './session.response';

/**
 * The dashboard's sign-in: a key given once in exchange for a session (DashboardSessions) that the
 * browser holds in an HttpOnly cookie, so the key never sits in the page's reach (localStorage,
 * a script). A wrong key is a guess like a wrong X-API-Key: it counts toward the lockout.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly config: AppConfig,
    private readonly sessions: DashboardSessions,
    private readonly authenticator: RequestAuthenticator,
    private readonly lockout: AuthLockout,
    private readonly businesses: BusinessesRepository,
  ) {}

  /** Checks the key, starts a session for it and sets its cookie (replacing the one the browser had). */
  async signIn(apiKey: string, request: FastifyRequest, reply: FastifyReply): Promise<SessionResponse> {
    this.refuseOtherSites(request);
    if (!this.config.adminApiKey)
      throw new UnauthorizedException('The admin API is disabled: ADMIN_API_KEY is not set');
    const holder = await this.holderOf(apiKey, request, reply);
    await this.sessions.revoke(request.cookies[SESSION_COOKIE]);
    const { id, expiresAt } = await this.sessions.create(holder);
    reply.setCookie(SESSION_COOKIE, id, { ...this.cookieOptions(request), maxAge: this.sessions.ttlSeconds });
    return this.describe(
      { platform: holder.kind === 'platform', businessId: holder.kind === 'business' ? holder.businessId : '' },
      expiresAt,
    );
  }

  /** Who the request acts as (ApiKeyGuard's verdict). */
  current(auth: Authenticated): Promise<SessionResponse> {
    return this.describe(auth, auth.session?.expiresAt ?? null);
  }

  /** Ends the browser's session, if it has one, and clears its cookie. */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const id = request.cookies[SESSION_COOKIE];
    if (id) {
      // Another site's page must not end the session either (a nuisance, not a breach).
      if (!isSameOrigin(request.headers.origin, this.authenticator.ownOrigins(request)))
        throw new ForbiddenException('cross-origin request refused');
      await this.sessions.revoke(id);
    }
    reply.clearCookie(SESSION_COOKIE, this.cookieOptions(request));
  }

  private async holderOf(apiKey: string, request: FastifyRequest, reply: FastifyReply): Promise<SessionHolder> {
    if (sameSecret(apiKey, this.config.adminApiKey)) return { kind: 'platform' };
    const business = BUSINESS_KEY.test(apiKey) ? await this.authenticator.keyOwner(apiKey) : null;
    if (business) {
      if (business.status === 'suspended') throw new ForbiddenException('business suspended');
      return { kind: 'business', businessId: business.id, keyHash: hashApiKey(apiKey) };
    }
    const verdict = await this.lockout.recordFailure(request.ip);
    if (verdict.wasLockedOut) throw lockedOutException(reply, verdict.retryAfter);
    throw new UnauthorizedException('Invalid API key');
  }

  /**
   * A sign-in sent by a page (browsers always send Origin on a POST) must be this site's: another
   * site must not sign the browser in with a key of its choosing. Scripts send no Origin.
   */
  private refuseOtherSites(request: FastifyRequest): void {
    const origin = request.headers.origin;
    if (origin !== undefined && !isSameOrigin(origin, this.authenticator.ownOrigins(request)))
      throw new ForbiddenException('cross-origin request refused');
  }

  private async describe(
    who: Pick<Authenticated, 'platform' | 'businessId'>,
    expiresAt: Date | null,
  ): Promise<SessionResponse> {
    if (who.platform) return { platform: true, business: null, expiresAt };
    const business = await this.businesses.findByIdOrSlug(who.businessId);
    if (!business) throw new NotFoundException(`No business ${who.businessId}`);
    return { platform: false, business: { id: business.id, slug: business.slug, name: business.name }, expiresAt };
  }

  /** As the board's cookie (queues-board.ts), for the whole site. */
  private cookieOptions(request: FastifyRequest) {
    return {
      path: '/',
      httpOnly: true,
      sameSite: 'strict' as const,
      // request.protocol is https only as the client or a proxy trusted by TRUST_PROXY says.
      secure: this.config.env === 'production' || request.protocol === 'https',
    };
  }
}
