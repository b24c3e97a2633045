import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, Response } from 'light-my-request';

/**
 * Holds real traffic to the OpenAPI document the app serves at /docs-json. The harness runs
 * every `api.inject` of the e2e suites through `check`, so a response class, DTO or decorator
 * that no longer says what the API does fails the suite that exercised it:
 *
 * - every response of a documented path (and of any /api or /twilio URL): its operation is in the
 *   document, its status is documented for that operation, and its body has a documented media
 *   type; a JSON body validates against that status's schema;
 * - every request the server accepted (2xx): its path and query parameters are documented and
 *   valid, and its JSON or form body validates against the documented request body. Requests
 *   refused with 4xx may be invalid on purpose (the fuzz tests), so only their answers are held.
 *
 * The document is OpenAPI 3.1, whose schemas are JSON Schema 2020-12: Ajv's 2020 class validates
 * them as served, with no translation in between.
 */
export class OpenApiTraffic {
  /** Responses: every field the API returns must be documented (see closeObjects). */
  private readonly ajvResponses = newAjv(false);
  /** Requests, as JSON Schema reads them: a field the document does not list is the server's to refuse. */
  private readonly ajvRequests = newAjv(false);
  /** Query and path values arrive as text: "5" is a valid integer there (OpenAPI's form style). */
  private readonly ajvParams = newAjv(true);
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: Route[];

  constructor(private readonly doc: OpenApiDocument) {
    if (!/^3\.1\./.test(doc.openapi)) throw new Error(`Expected an OpenAPI 3.1 document, got ${doc.openapi}`);
    // Components under $defs of one schema, so `#/components/schemas/X` refs resolve in strict mode.
    const defs = rewriteRefs(doc.components?.schemas ?? {}) as Record<string, object>;
    this.ajvResponses.addSchema({ $id: COMPONENTS_ID, $defs: closeObjects(defs) });
    for (const ajv of [this.ajvRequests, this.ajvParams]) ajv.addSchema({ $id: COMPONENTS_ID, $defs: defs });
    this.routes = Object.entries(doc.paths).map(([template, item]) => ({
      template,
      item,
      pattern: new RegExp(
        `^${template
          .split(/(\{[^}]+\})/)
          .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
          .join('')}$`,
      ),
      names: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
      literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    }));
  }

  /** What disagrees with the document in one exchange; empty when nothing does. */
  check(exchange: Exchange): string[] {
    const url = new URL(exchange.url, 'http://switchboard.test');
    const method = exchange.method.toLowerCase();
    // The router decodes the path before matching (`/%61pi/messages` is served as `/api/messages`), so an
    // operation is looked for under the path as sent, then as the router reads it.
    const routed = decodeUnreserved(url.pathname);
    const route = this.match(url.pathname, method) ?? this.match(routed, method);
    const watched = /^\/(api|twilio)\//.test(routed);
    if (!route) {
      // A request no controller serves (Fastify's own 404, or a 4xx for its body or URL before routing)
      // has no operation to hold it to; an answer other than a refusal has to be documented.
      if (!watched || (exchange.status >= 400 && exchange.status < 500)) return [];
      return [`${exchange.method} ${url.pathname} → ${exchange.status}: no operation in the document serves it`];
    }
    const { operation, template, params } = route;
    const name = `${exchange.method.toUpperCase()} ${template}`;
    const problems = this.checkResponse(name, operation, exchange);
    if (exchange.status >= 200 && exchange.status < 300) {
      problems.push(...this.checkRequest(name, operation, route.pathItem, exchange, url, params));
    }
    return problems;
  }

  private match(path: string, method: string) {
    const candidates = this.routes
      .filter((r) => r.item[method] && r.pattern.test(path))
      .sort((a, b) => b.literals - a.literals);
    const route = candidates[0];
    if (!route) return undefined;
    const values = route.pattern.exec(path)!.slice(1);
    const params = Object.fromEntries(route.names.map((n, i) => [n, safeDecode(values[i])]));
    return { template: route.template, operation: route.item[method] as Operation, pathItem: route.item, params };
  }

  private checkResponse(name: string, operation: Operation, exchange: Exchange): string[] {
    const at = `${name} → ${exchange.status}`;
    const response = this.deref<ResponseObject>(operation.responses?.[String(exchange.status)]);
    if (!response) {
      const documented = Object.keys(operation.responses ?? {}).join(', ');
      return [`${at}: status ${exchange.status} is not documented for this operation (documented: ${documented})`];
    }
    if (!exchange.responseBody.length) return [];
    const type = mediaType(exchange.responseType);
    // A documented range (image/*, */*) holds every type in it: a file passed on with its own type.
    const content =
      response.content?.[type] ?? response.content?.[`${type.split('/')[0]}/*`] ?? response.content?.['*/*'];
    if (!content) {
      const documented = Object.keys(response.content ?? {}).join(', ') || 'no body';
      return [`${at}: answers ${type || 'an untyped body'}, documented: ${documented}`];
    }
    if (type !== 'application/json' || !content.schema) return [];
    let body: unknown;
    try {
      body = JSON.parse(exchange.responseBody);
    } catch {
      return [`${at}: the application/json body is not JSON`];
    }
    return this.validate(
      this.ajvResponses,
      `${name}|${exchange.status}|response`,
      content.schema,
      body,
      `${at} response`,
      'body',
    );
  }

  private checkRequest(
    name: string,
    operation: Operation,
    pathItem: PathItem,
    exchange: Exchange,
    url: URL,
    pathValues: Record<string, string>,
  ): string[] {
    const at = `${name} → ${exchange.status} (accepted)`;
    const problems: string[] = [];
    const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
      this.deref<Parameter>(p)!,
    );
    const query = new Map<string, string[]>();
    for (const [key, value] of url.searchParams) query.set(key, [...(query.get(key) ?? []), value]);
    for (const key of query.keys()) {
      // `__proto__` is no parameter anyone can document: class-transformer drops it and the server ignores it.
      if (key === '__proto__') continue;
      if (!parameters.some((p) => p.in === 'query' && p.name === key)) {
        problems.push(`${at}: query parameter ${key} is not documented`);
      }
    }
    for (const parameter of parameters) {
      if (parameter.in !== 'query' && parameter.in !== 'path') continue;
      const given = parameter.in === 'path' ? pathValues[parameter.name] : query.get(parameter.name);
      if (given === undefined) {
        if (parameter.required) problems.push(`${at}: required ${parameter.in} parameter ${parameter.name} is missing`);
        continue;
      }
      if (!parameter.schema) continue;
      const value = Array.isArray(given) && given.length === 1 && parameter.schema.type !== 'array' ? given[0] : given;
      problems.push(
        ...this.validate(
          this.ajvParams,
          `${name}|${parameter.in}|${parameter.name}`,
          { type: 'object', properties: { [parameter.name]: parameter.schema } },
          { [parameter.name]: value },
          at,
          parameter.in,
        ),
      );
    }
    const requestBody = this.deref<RequestBody>(operation.requestBody);
    if (!exchange.requestBody.length) {
      if (requestBody?.required) problems.push(`${at}: the request body is required but none was sent`);
      return problems;
    }
    const type = mediaType(exchange.requestType);
    const content = requestBody?.content?.[type];
    if (!content) {
      const documented = Object.keys(requestBody?.content ?? {}).join(', ') || 'no body';
      problems.push(`${at}: sent ${type || 'an untyped body'}, documented: ${documented}`);
      return problems;
    }
    let body: unknown;
    if (type === 'application/json') body = JSON.parse(exchange.requestBody);
    else if (type === 'application/x-www-form-urlencoded') body = formFields(exchange.requestBody);
    else return problems;
    if (content.schema) {
      problems.push(
        ...this.validate(this.ajvRequests, `${name}|request|${type}`, content.schema, body, `${at} request`, 'body'),
      );
    }
    return problems;
  }

  /** Ajv's verdict on one value, each error as `<at>: <root>.<json path> <problem> [schema <where>]`. */
  private validate(ajv: Ajv2020, key: string, schema: object, value: unknown, at: string, root: string): string[] {
    let validator = this.validators.get(key);
    if (!validator) {
      const rewritten = rewriteRefs(schema);
      validator = ajv.compile((ajv === this.ajvResponses ? closeObjects(rewritten) : rewritten) as object);
      this.validators.set(key, validator);
    }
    if (validator(value)) return [];
    return describe(validator.errors ?? [], root).map((error) => `${at}: ${error}`);
  }

  private deref<T>(value: T | { $ref: string } | undefined): T | undefined {
    let current: unknown = value;
    while (current && typeof current === 'object' && '$ref' in current) {
      const path = (current as { $ref: string }).$ref.replace(/^#\//, '').split('/');
      current = path.reduce<unknown>(
        (node, part) => (node as Record<string, unknown>)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
        this.doc,
      );
    }
    return current as T | undefined;
  }
}

/** One request and its answer, as the server saw them. */
export interface Exchange {
  method: string;
  url: string;
  requestType: string | undefined;
  requestBody: string;
  status: number;
  responseType: string | undefined;
  responseBody: string;
}

/** The exchange behind one `inject` call and its response. */
export function exchangeOf(options: InjectOptions | string, response: Response): Exchange {
  const request = response.raw.req as unknown as { method: string; url: string; headers: Record<string, unknown> };
  const opts = typeof options === 'string' ? { url: options } : options;
  const payload = opts.payload ?? opts.body;
  const requestBody =
    payload === undefined || payload === null
      ? ''
      : typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : JSON.stringify(payload);
  const header = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    method: request.method,
    url: request.url,
    requestType: header(request.headers['content-type']),
    requestBody,
    status: response.statusCode,
    responseType: header(response.headers['content-type']),
    responseBody: response.body,
  };
}

const COMPONENTS_ID = 'switchboard:openapi-components';

function newAjv(coerce: boolean): Ajv2020 {
  // Strict about keywords and formats, so a 3.0 leftover (`nullable`) or a typo fails loudly. Not about
  // types: `{minimum, anyOf: [{type: integer}, {type: string}]}` is meant (the minimum binds numbers only),
  // and a `required` may name a property of the enclosing schema (`anyOf: [{required: [A]}, {required: [B]}]`).
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    coerceTypes: coerce,
  });
  addFormats(ajv);
  // OpenAPI 3.1's own Schema Object keywords, beside JSON Schema's.
  for (const keyword of ['example', 'discriminator', 'xml', 'externalDocs']) ajv.addKeyword(keyword);
  return ajv;
}

/** `#/components/schemas/X` → the same schema under the components' $defs. */
function rewriteRefs(schema: unknown): unknown {
  return JSON.parse(
    JSON.stringify(schema).replace(/"#\/components\/schemas\//g, `"${COMPONENTS_ID}#/$defs/`),
  ) as unknown;
}

/**
 * JSON Schema lets an object carry properties it does not list; the document is meant to list every
 * field, so an object schema with `properties` and no word on the others allows no others (through
 * allOf/anyOf too: `unevaluatedProperties`). A field the API returns but the document does not name
 * is a drift; a schema that allows more says so (the webhook forms: `additionalProperties: true`).
 */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` and `$defs` map names to schemas; `example`/`enum`/`const` hold data, not schemas.
    if (key === 'properties' || key === '$defs' || key === 'patternProperties') {
      result[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closeObjects(v)]));
    } else if (['example', 'examples', 'enum', 'const', 'default'].includes(key)) result[key] = value;
    else result[key] = closeObjects(value);
  }
  const open = ['additionalProperties', 'unevaluatedProperties', 'patternProperties'].some((k) => k in result);
  if (result.properties && !open) result.unevaluatedProperties = false;
  return result;
}

function describe(errors: ErrorObject[], root: string): string[] {
  // anyOf/oneOf report each branch's failure at the same place and then their own, which says enough;
  // a failure deeper inside a branch (a nested field) is kept, as it says more.
  const branchErrors = new Set(
    errors
      .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
      .flatMap((e) =>
        errors.filter(
          (x) => x !== e && x.schemaPath.startsWith(`${e.schemaPath}/`) && x.instancePath === e.instancePath,
        ),
      ),
  );
  return errors
    .filter((e) => !branchErrors.has(e))
    .slice(0, 5)
    .map((e) => {
      const path = `${root}${e.instancePath.replace(/\/([^/]+)/g, (_, p: string) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))}`;
      const extra =
        e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties'
          ? ` (${String(e.params.additionalProperty ?? e.params.unevaluatedProperty)})`
          : '';
      return `${path} ${e.message ?? e.keyword}${extra} [schema ${e.schemaPath}]`;
    });
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

function formFields(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const before = fields[key];
    fields[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return fields;
}

/** Percent-escapes of characters other than `/`, `?` and `%` decoded, as find-my-way routes a path. */
function decodeUnreserved(path: string): string {
  return path.replace(/%(?!2f|3f|25)[0-9a-f]{2}/gi, (escape) => safeDecode(escape));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

interface Schema {
  type?: string | string[];
  [key: string]: unknown;
}
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface MediaTypeObject {
  schema?: Schema;
}
interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
}
interface RequestBody {
  required?: boolean;
  content?: Record<string, MediaTypeObject>;
}
interface Operation {
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: RequestBody | { $ref: string };
  responses?: Record<string, ResponseObject | { $ref: string }>;
}
interface PathItem {
  parameters?: Array<Parameter | { $ref: string }>;
  [method: string]: Operation | Array<Parameter | { $ref: string }> | undefined;
}
interface Route {
  template: string;
  item: PathItem;
  pattern: RegExp;
  names: string[];
  literals: number;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, PathItem>;
  components?: { schemas?: Record<string, Schema> };
}

const checkers = new Map<string, OpenApiTraffic>();

/**
 * Routes every `app.inject` through the document the app serves: a drift throws from the call
 * that exposed it (naming operation, status and JSON path) and is kept in `drifts` too, for the
 * harness to report at close in case a test swallowed the error.
 */
export async function watchTraffic(app: NestFastifyApplication, drifts: string[]): Promise<void> {
  const inject = app.inject.bind(app) as (options: InjectOptions | string) => Promise<Response>;
  const docs = await inject({ method: 'GET', url: '/docs-json' });
  let checker = checkers.get(docs.body);
  if (!checker) {
    checker = new OpenApiTraffic(docs.json());
    checkers.set(docs.body, checker);
  }
  const traffic = checker;
  const checked = async (options: InjectOptions | string) => {
    const response = await inject(options);
    const problems = traffic.check(exchangeOf(options, response));
    if (problems.length) {
      drifts.push(...problems);
      throw new Error(`The API disagrees with its OpenAPI document (/docs-json):\n- ${problems.join('\n- ')}`);
    }
    return response;
  };
  app.inject = checked as NestFastifyApplication['inject'];
}
