import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import { parse as parseQuery } from 'fast-querystring';
import { surfaceOf } from '../auth/request-path';
import { BadSignatureLimiter } from '../webhooks/bad-signature-limiter';
import { formFieldCount, MAX_FORM_FIELDS, WEBHOOK_BODY_LIMIT } from '../webhooks/webhook-limits';
import { isWebhookPath } from '../webhooks/webhook-paths';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Twilio's webhooks (`/twilio/*` and their aliases) are refused as early and cheaply as they can be: an address
 * past its bad-signature budget gets 429 and anything but a form gets 415, both before the body
 * is read; a body over 64 KiB gets 413 as soon as its Content-Length (or its 64 KiB-and-first
 * byte) arrives. Then forms with more than MAX_FORM_FIELDS fields are refused before they are
 * decoded, and the signature guard refuses oversized fields before computing its one HMAC.
 * Must run before Nest registers its routes (the body limit is set as each route is added).
 */
export function guardWebhookIntake(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const limiter = app.get(BadSignatureLimiter);
  fastify.addHook('onRoute', (route) => {
    if (isWebhookPath(route.url)) route.bodyLimit = WEBHOOK_BODY_LIMIT;
  });
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (surfaceOf(request) !== 'webhook') return done();
    const retryAfter = limiter.retryAfter(request.ip);
    if (retryAfter > 0) {
      return void reply
        .status(429)
        .header('retry-after', String(retryAfter))
        .send({ statusCode: 429, error: 'Too Many Requests', message: 'Too many webhooks with a bad signature' });
    }
    if (request.method === 'POST' && mediaType(request.headers['content-type']) !== FORM) {
      return void reply.status(415).send({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: `Twilio webhooks are ${FORM}`,
      });
    }
    done();
  });
}

/**
 * Form bodies, on every route that takes them (Twilio's webhooks, the sandbox's REST API): the
 * fields are counted on the raw bytes and a form with more than MAX_FORM_FIELDS is refused (400)
 * before it is decoded; `__proto__` is refused as Fastify refuses it in JSON.
 */
export function useFormBodies(app: NestFastifyApplication, bodyLimit: number): void {
  app.useBodyParser<RawServerDefault>(FORM, { bodyLimit }, (_request, body, done) => {
    const raw = body;
    if (formFieldCount(raw) > MAX_FORM_FIELDS) {
      const tooMany = new Error(`The form has more than ${MAX_FORM_FIELDS} fields`);
      return done(Object.assign(tooMany, { statusCode: 400 }), undefined);
    }
    // What Nest's own form parser uses: several times faster than node:querystring on long values.
    const form = parseQuery(raw.toString('utf8'));
    if (Object.hasOwn(form, '__proto__')) {
      return done(Object.assign(new Error('Object contains forbidden prototype property'), { statusCode: 400 }));
    }
    done(null, form);
  });
}

const mediaType = (header: string | undefined) => header?.split(';')[0].trim().toLowerCase();
