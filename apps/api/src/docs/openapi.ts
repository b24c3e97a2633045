import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DocumentBuilder,
  getSchemaPath,
  SwaggerModule,
  type OpenAPIObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/dashboard-sessions';
import { KEYED_SURFACES, surfaceOfPath } from '../auth/request-path';
import { ErrorResponse } from '../errors/error.response';
import metadata from '../metadata';

/**
 * OpenAPI 3.1 from the controllers and DTOs: UI at /docs, JSON at /docs-json. 3.1, not 3.0: its
 * schemas are JSON Schema 2020-12, so a null is `anyOf: [{$ref}, {type: 'null'}]` and means what it
 * says (3.0 ignores `nullable` beside `allOf`/`$ref`, which made every `quietHours: null` invalid),
 * and validators (Ajv, Prism) and generators (openapi-typescript) read the schemas as they are.
 * The DTOs' schemas come from metadata.ts (`npm run openapi:metadata`), the same file in the build
 * and under Jest.
 */
export async function setUpDocs(app: NestFastifyApplication): Promise<void> {
  await SwaggerModule.loadPluginMetadata(metadata);
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}

export function createOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Switchboard')
    .setDescription(
      "Admin API and Twilio webhooks. Every /api route except /api/health needs X-API-Key: the platform key (ADMIN_API_KEY, acting for the business X-Business-Id names) or a business's own key; or, in a browser, the session cookie `sb_session` that POST /api/session sets in exchange for either key. A request on the cookie that changes something (not GET, HEAD, OPTIONS) must carry this site's own Origin, or it is refused (403).",
    )
    .setVersion('0.1.0')
    .setOpenAPIVersion('3.1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'session')
    // Either one: a script's key, or a browser's session.
    .addSecurityRequirements('api-key')
    .addSecurityRequirements('session')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse] });
  addCommonResponses(document);
  untypeAlternatives(document);
  return document;
}

/**
 * A parameter documented as alternatives (`offset`: an integer, or empty) keeps only them: the
 * `type` metadata.ts reads from the TypeScript type (`number`) lands beside the `anyOf` and refuses
 * the alternatives it does not share, so `?offset=` (taken as 0) did not match its own document.
 */
function untypeAlternatives(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      for (const parameter of operation?.parameters ?? []) {
        const schema = 'schema' in parameter ? (parameter.schema as { anyOf?: unknown; type?: unknown }) : undefined;
        if (schema?.anyOf && schema.type !== undefined) delete schema.type;
      }
    }
  }
}

const METHODS_WITH_BODY = new Set(['post', 'put', 'patch', 'delete']);

/** Every admin route acts for one business: the platform key picks it with this header. */
const BUSINESS_HEADER = {
  name: 'X-Business-Id',
  in: 'header' as const,
  required: false,
  description:
    "The business to act for, by id or slug (platform key: the default business when absent; a business's own key: its own business, or 403)",
  schema: { type: 'string' as const, maxLength: 64 },
};

/** Every widget API route takes the business's widget token, and nothing else opens it. */
const WIDGET_TOKEN_HEADER = {
  name: 'X-Widget-Token',
  in: 'header' as const,
  required: true,
  description: "The business's widget token (`sbw_…`, POST /api/businesses/{id}/widget-token); an API key is refused",
  schema: { type: 'string' as const },
};

/**
 * The widget API's door (widget-intake.ts) answers before its routes do: 401 without a widget
 * token, 403 for a suspended business, 429 past the token's budget, 413 over 16 KiB. No API key
 * works there, so neither X-API-Key nor X-Business-Id is documented on it.
 */
function addWidgetResponses(
  operation: NonNullable<OpenAPIObject['paths'][string]['get']>,
  method: string,
  add: (status: number, response: ResponseObject) => unknown,
  error: (description: string, headers?: ResponseObject['headers']) => ResponseObject,
): void {
  if (method === 'options') return;
  operation.security = [];
  operation.parameters = [...(operation.parameters ?? []), WIDGET_TOKEN_HEADER];
  const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };
  add(401, error('Missing or wrong X-Widget-Token (an API key is not one)'));
  add(403, error('The business is suspended'));
  add(
    429,
    error(
      "Too many requests: the business's widget (WIDGET_RATE_LIMIT_PER_TOKEN a minute) or this visitor (WIDGET_RATE_LIMIT_PER_VISITOR)",
      retryAfter,
    ),
  );
  add(400, error('A field is invalid, or the body is not valid JSON'));
  if (METHODS_WITH_BODY.has(method)) {
    add(413, error('The body is over 16 KiB'));
    add(415, error('The body has a content type the route does not read'));
  }
  add(503, error('PostgreSQL is unavailable; retry after the given seconds', retryAfter));
}

/**
 * Answers every route can give whatever its controller says, because they come from the server
 * around it (Fastify's body parsing, the rate limit, the error filter), written once here rather
 * than on each controller.
 */
function addCommonResponses(document: OpenAPIObject): void {
  const error = (description: string, headers?: ResponseObject['headers']): ResponseObject => ({
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } },
  });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'options'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const add = (status: number, response: ResponseObject) => (operation.responses[status] ??= response);
      if (surfaceOfPath(path) === 'widget') {
        addWidgetResponses(operation, method, add, error);
        continue;
      }
      if (method === 'options') continue;
      if (METHODS_WITH_BODY.has(method)) {
        // Fastify reads a JSON body on any of these methods; an action without input ignores it.
        operation.requestBody ??= {
          required: false,
          description: 'None: the action takes no input. A JSON body, empty or not, is ignored.',
          content: { 'application/json': { schema: {} } },
        };
        add(400, error('The body is not valid for its content type (malformed JSON), or a field is invalid'));
        add(413, error('The body is over 1 MiB'));
        add(415, error('The body has a content type the route does not read'));
      }
      // Fastify's router, before any route runs: bad percent-encoding, and its maxParamLength.
      if (path.includes('{')) {
        add(400, error('The URL is not valid (a path parameter with broken percent-encoding)'));
        add(414, error('A path parameter is over 100 characters'));
      }
      // Behind the admin key (every /api route but the health check, and /metrics): the rate limit
      // (ADMIN_RATE_LIMIT_PER_MINUTE per client address) and the lockout after failed keys.
      if (KEYED_SURFACES.has(surfaceOfPath(path))) {
        add(
          429,
          error(
            'Too many requests from this address (ADMIN_RATE_LIMIT_PER_MINUTE), or the address is locked out after AUTH_LOCKOUT_FAILURES failed authentications (even the right key is refused until the lockout ends)',
            { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
          ),
        );
      }
      // The admin API's business scope (ApiKeyGuard): which business a key acts for. Not on the
      // routes that take no key (signing in and out: the key is the body).
      const keyless = operation.security?.length === 1 && Object.keys(operation.security[0]).length === 0;
      if (path.startsWith('/api/') && path !== '/api/health' && !keyless) {
        operation.parameters = [...(operation.parameters ?? []), BUSINESS_HEADER];
        add(
          403,
          error(
            "A business's own key (or session): X-Business-Id names another business, its business is suspended, or the route needs the platform key; or a change made on the session cookie without this site's Origin (cross-origin request refused)",
          ),
        );
        add(404, error('X-Business-Id names no business (or the record is not one of the business’s)'));
      }
      add(
        503,
        error('PostgreSQL is unavailable; retry after the given seconds', {
          'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
        }),
      );
    }
  }
}
