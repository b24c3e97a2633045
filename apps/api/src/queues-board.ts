import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, sameDigest, sameSecret, secretDigest } from '@app/config';
import { JobQueue, QueueName } from '@app/queue';
import { AuthLockout, sendLockedOut } from './auth/auth-lockout';
import { BOARD_PATH } from './auth/request-path';

export { BOARD_PATH };
const COOKIE = 'switchboard_board';

const LOGIN_PAGE = (failed: boolean) => `<!doctype html><meta charset="utf-8"><title>Switchboard queues</title>
<form method="post" action="${BOARD_PATH}/login" style="font:16px sans-serif;margin:4em auto;max-width:24em">
<h1>Switchboard queues</h1>${failed ? '<p style="color:#b00">Wrong key.</p>' : ''}
<label>Admin API key <input name="key" type="password" autofocus required style="width:100%"></label>
<p><button>Open the queue board</button></p></form>`;

/**
 * Bull Board at /admin/queues, listing every queue, behind the admin key: the
 * X-API-Key header, or a login form that sets an HttpOnly cookie (a hash of the
 * key, so the key itself is never stored in the browser). A wrong key, in the form
 * or the header, counts toward the address's lockout (AuthLockout).
 */
export async function mountQueuesBoard(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  const jobs = app.get(JobQueue);
  const lockout = app.get(AuthLockout);
  const board = new BoardAdapter();
  board.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((q) => new BullMQAdapter(jobs.queue(q))),
    serverAdapter: board,
  });
  const key = config.adminApiKey;

  /** 401 (the login form), or 429 when the address was already locked out: a wrong key is a guess. */
  const refuseGuess = async (request: FastifyRequest, reply: FastifyReply, fromForm: boolean) => {
    const verdict = key ? await lockout.recordFailure(request.ip) : { wasLockedOut: false, retryAfter: 0 };
    if (verdict.wasLockedOut) return sendLockedOut(reply, verdict.retryAfter);
    return reply.status(401).type('text/html').send(LOGIN_PAGE(fromForm));
  };

  await app.register(async (scope: FastifyInstance) => {
    await scope.register(fastifyCookie);
    // This scope is created before Nest adds its body parsers; the login form needs one.
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 4096 },
        (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
    }
    scope.post(
      `${BOARD_PATH}/login`,
      async (request: FastifyRequest<{ Body: { key?: string } }>, reply: FastifyReply) => {
        const presented = typeof request.body?.key === 'string' ? request.body.key : undefined;
        if (!sameSecret(presented, key)) {
          if (presented) return refuseGuess(request, reply, true);
          return reply.status(401).type('text/html').send(LOGIN_PAGE(true));
        }
        return reply
          .setCookie(COOKIE, secretDigest(key!), { path: BOARD_PATH, httpOnly: true, sameSite: 'strict' })
          .redirect(BOARD_PATH, 303);
      },
    );
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      // By the route matched, not the URL's spelling: `/admin/queues/login/../api/queues` is not the login.
      if (request.routeOptions.url === `${BOARD_PATH}/login`) return;
      const header = request.headers['x-api-key'];
      if (typeof header === 'string' && header) {
        if (sameSecret(header, key)) return;
        return refuseGuess(request, reply, false);
      }
      if (sameDigest(request.cookies[COOKIE], key)) return;
      return reply.status(401).type('text/html').send(LOGIN_PAGE(false));
    });
    await scope.register(board.registerPlugin(), { prefix: BOARD_PATH });
  });
}
