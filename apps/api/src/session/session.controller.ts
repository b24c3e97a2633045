import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BusinessScopedRequest } from '../auth/current-business.decorator';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../errors/api-errors.decorator';
import { ErrorResponse } from '../errors/error.response';
import { CreateSessionDto } from './session.dto';
import { SessionResponse } from './session.response';
import { SessionService } from './session.service';

/**
 * The dashboard's sign-in and sign-out. The session lives in the `sb_session` cookie (HttpOnly,
 * SameSite=Strict, Path=/, Secure over https), which every /api route then accepts in place of
 * X-API-Key; a change made on a session must come from this site's own pages (Origin).
 */
@Controller('api/session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  /**
   * Exchanges a key for a session: 200 with who it is, and `Set-Cookie: sb_session=…`. The key is
   * never stored, logged or returned. A wrong key counts toward the address's lockout, as a wrong
   * X-API-Key does; a page of another site gets 403.
   */
  @Public()
  @Post()
  @HttpCode(200)
  @ApiSecurity({})
  @ApiOkResponse({ type: SessionResponse, description: 'Signed in; the session cookie is set.' })
  @ApiErrors(400, 401)
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'Sent by another site’s page (Origin), or the key’s business is suspended',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'Too many wrong keys from this address' })
  signIn(
    @Body() dto: CreateSessionDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    return this.sessions.signIn(dto.apiKey, request, reply);
  }

  /** Who the session cookie (or X-API-Key) acts as; 401 once the session expired or ended. */
  @Get()
  @ApiOkResponse({ type: SessionResponse })
  @ApiErrors(401)
  current(@Req() request: FastifyRequest): Promise<SessionResponse> {
    return this.sessions.current((request as BusinessScopedRequest).auth!);
  }

  /** Ends the session and clears its cookie; 204 also without one. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiSecurity({})
  @ApiNoContentResponse({ description: 'Signed out: the session is ended and the cookie cleared.' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Sent by another site’s page (Origin)' })
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.signOut(request, reply);
  }
}
