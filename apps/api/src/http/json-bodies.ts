import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { badRequest } from '@app/messaging';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

/**
 * JSON bodies as Fastify reads them (prototype poisoning refused, `bodyLimit`), except that:
 *
 * - an empty one is no body: curl with a JSON header and many HTTP clients send
 *   `Content-Type: application/json` with nothing after it on actions such as launch, which
 *   Fastify's parser refuses with a 400 (FST_ERR_CTP_EMPTY_JSON_BODY). A route that needs a body
 *   still gets 400 naming the missing fields;
 * - a body nested deeper than MAX_JSON_DEPTH is refused before it is parsed (see json-depth.ts);
 * - a body Fastify cannot read is a 400 in badRequest()'s shape, like every other 400, that says
 *   what is wrong with it. Fastify's own answer had another shape (no `error`, a string
 *   `message`) and one sentence for every case, "Body is not valid JSON but content-type is set
 *   to 'application/json'".
 */
export function useJsonBodies(app: NestFastifyApplication, bodyLimit: number): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      return done(badRequest(`request body is JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    }
    // Typed as a parser that may return a promise; the default one answers through `done` only.
    void parseJson(request, body as unknown as string, (error, parsed) =>
      error ? done(badRequest(whyNotJson(body)), undefined) : done(null, parsed),
    );
  });
}

/**
 * Why Fastify's parser refused a body: JSON.parse's reason, found again here because Fastify's
 * error drops it, or else the keys Fastify refuses on purpose in JSON that is otherwise valid.
 * Only after a refusal, so a good body is still parsed once.
 */
export function whyNotJson(body: string | Uint8Array): string {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  try {
    JSON.parse(text);
  } catch (error) {
    return `request body is not valid JSON: ${reasonOf(error as Error)}`;
  }
  return 'request body must not contain a "__proto__" key, nor a "constructor" with a "prototype" (prototype poisoning)';
}

/**
 * V8's message without the text it quotes back (`Unexpected token 'x', "{"to": x}" is not valid
 * JSON`): the client has the body, and a quote of it would only make the message longer.
 */
function reasonOf(error: Error): string {
  // A long body is quoted in part, with "..." on the side(s) cut.
  return error.message.replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '');
}
