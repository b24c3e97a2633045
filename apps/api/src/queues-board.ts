import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, sameSecret } from '@app/config';
import { JobQueue, QueueName } from '@app/queue';
import { AuthLockout, sendLockedOut } from './auth/auth-lockout';
import { BOARD_PATH } from './auth/request-path';
import { SessionStore } from './auth/session-store';

export { BOARD_PATH };
const COOKIE = 'switchboard_board';
const LOGIN = `${BOARD_PATH}/login`;
const LOGOUT = `${BOARD_PATH}/logout`;

const LOGIN_PAGE = (failed: boolean) => `<!doctype html><meta charset="utf-8"><title>Switchboard queues</title>
<form method="post" action="${LOGIN}" style="font:16px sans-serif;margin:4em auto;max-width:24em">
<h1>Switchboard queues</h1>${failed ? '<p style="color:#b00">Wrong key.</p>' : ''}
<label>Admin API key <input name="key" type="password" autofocus required style="width:100%"></label>
<p><button>Open the queue board</button></p></form>`;

/**
 * Bull Board at /admin/queues, listing every queue, behind the admin key: the X-API-Key header, or
 * a login form that starts a session (SessionStore: a random id in an HttpOnly, SameSite=Strict
 * cookie for /admin/queues only, Secure over https, expiring with the session; never the key nor
 * anything derived from it). POST /admin/queues/logout ends it. A wrong key, in the form or the
 * header, counts toward the address's lockout (AuthLockout), which refuses a locked-out address
 * before any of this runs.
 */
export async function mountQueuesBoard(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  const jobs = app.get(JobQueue);
  const sessions = app.get(SessionStore);
  const lockout = app.get(AuthLockout);
  const board = new BoardAdapter();
  board.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((q) => new BullMQAdapter(jobs.queue(q))),
    serverAdapter: board,
  });
  const key = config.adminApiKey;

  const cookieOptions = (request: FastifyRequest): CookieSerializeOptions => ({
    path: BOARD_PATH,
    httpOnly: true,
    sameSite: 'strict',
    // request.protocol is https only as the client or a proxy trusted by TRUST_PROXY says.
    secure: config.env === 'production' || request.protocol === 'https',
  });

  /** 401 (the login form), or 429 when the address was already locked out: a wrong key is a guess. */
  const refuseGuess = async (request: FastifyRequest, reply: FastifyReply, fromForm: boolean) => {
    const verdict = key ? await lockout.recordFailure(request.ip) : { wasLockedOut: false, retryAfter: 0 };
    if (verdict.wasLockedOut) return sendLockedOut(reply, verdict.retryAfter);
    return reply.status(401).type('text/html').send(LOGIN_PAGE(fromForm));
  };

  // Cookies are parsed for every route (configureApp registers @fastify/cookie before this).
  await app.register(async (scope: FastifyInstance) => {
    // This scope is created before Nest adds its body parsers; the login form needs one.
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 4096 },
        (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
    }
    scope.post(LOGIN, async (request: FastifyRequest<{ Body: { key?: string } }>, reply: FastifyReply) => {
      const presented = typeof request.body?.key === 'string' ? request.body.key : undefined;
      if (!sameSecret(presented, key)) {
        if (presented) return refuseGuess(request, reply, true);
        return reply.status(401).type('text/html').send(LOGIN_PAGE(true));
      }
      // A session the browser already had is replaced, not left behind.
      await sessions.revoke(request.cookies[COOKIE]);
      const id = await sessions.create(key!);
      return reply
        .setCookie(COOKIE, id, { ...cookieOptions(request), maxAge: sessions.ttlSeconds })
        .redirect(BOARD_PATH, 303);
    });
    scope.post(LOGOUT, async (request: FastifyRequest, reply: FastifyReply) => {
      await sessions.revoke(request.cookies[COOKIE]);
      return reply.clearCookie(COOKIE, cookieOptions(request)).redirect(BOARD_PATH, 303);
    });
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      // By the route matched, not the URL's spelling: `/admin/queues/login/../api/queues` is not the login.
      const route = request.routeOptions.url;
      if (route === LOGIN || route === LOGOUT) return;
      const header = request.headers['x-api-key'];
      if (typeof header === 'string' && header) {
        if (sameSecret(header, key)) return;
        return refuseGuess(request, reply, false);
      }
      const session = request.cookies[COOKIE];
      if (await sessions.isValid(session, key)) return;
      // An expired or revoked session is not a guess (ids are 256 random bits); the browser drops it.
      if (session) reply.clearCookie(COOKIE, cookieOptions(request));
      return reply.status(401).type('text/html').send(LOGIN_PAGE(false));
    });
    await scope.register(board.registerPlugin(), { prefix: BOARD_PATH });
  });
}
