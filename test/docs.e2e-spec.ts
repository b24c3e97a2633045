import { spawnSync } from 'node:child_process';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiModule } from '../apps/api/src/api.module';
import { buildOpenApiDocumentOffline } from '../apps/api/src/docs/offline-document';
import {
  ADMIN_KEY,
  exchangeOf,
  freePort,
  Harness,
  inboundForm,
  OpenApiTraffic,
  spawnBuilt,
  type OpenApiDocument,
} from './support';

/** Indexed by Nest's RequestMethod (GET 0 … ALL 5, OPTIONS 6, HEAD 7). */
const METHODS = ['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head'];
const CUSTOMER = '+15557654321';

interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: Schema | boolean;
}
interface Response {
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  parameters?: Array<{ name: string; in: string; schema: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const componentName = (ref: string) => ref.replace('#/components/schemas/', '');

/** Every `$ref` in a schema, nested ones included (not followed into the components). */
function refsIn(schema: Schema): string[] {
  const children = [
    schema.items,
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined,
    ...(schema.allOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.anyOf ?? []),
    ...Object.values(schema.properties ?? {}),
  ].filter((child): child is Schema => child !== undefined);
  return [...(schema.$ref ? [componentName(schema.$ref)] : []), ...children.flatMap(refsIn)];
}

/** The controllers of a module and of the modules it imports (BusinessesModule's, say), each once. */
function controllersOf(module: object, seen = new Set<object>()): Array<new () => object> {
  if (seen.has(module)) return [];
  seen.add(module);
  const imports = (Reflect.getMetadata('imports', module) ?? []) as object[];
  return [
    ...((Reflect.getMetadata('controllers', module) ?? []) as Array<new () => object>),
    ...imports.flatMap((imported) => controllersOf(imported, seen)),
  ];
}

/** Every route the controllers declare, as OpenAPI writes them (`:id` → `{id}`). */
function declaredRoutes(): string[] {
  const routes: string[] = [];
  for (const controller of controllersOf(ApiModule)) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const key of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[key as keyof object];
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined || key === 'constructor') continue;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const full = `/${[base, String(path)].filter((p) => p && p !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
      routes.push(`${method} ${full}`);
    }
  }
  return routes.sort();
}

describe('OpenAPI document', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });
  afterAll(() => h.close());

  it('documents every route of every controller', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, object>)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    const declared = declaredRoutes();
    expect(declared.length).toBeGreaterThan(30);
    expect(documented).toEqual(declared);
  });

  it('declares the X-API-Key and session cookie security schemes, either one enough', async () => {
    const doc = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(doc.components.securitySchemes['api-key']).toEqual({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(doc.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'sb_session' });
    expect(doc.security).toEqual([{ 'api-key': [] }, { session: [] }]);
  });

  it('gives every /api operation a JSON response schema, and every schema it uses properties', async () => {
    const doc: OpenApi = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
    const problems: string[] = [];
    const used = new Set<string>();
    let operations = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, { responses }] of Object.entries(ops)) {
        operations++;
        const name = `${method.toUpperCase()} ${path}`;
        const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
        if (!success.length) problems.push(`${name}: no 2xx response`);
        for (const [status, response] of success) {
          // 204 is the one success without a body; a file (an inbound message's media) is binary, in its own type,
          // and the live events are a text/event-stream.
          const file = Object.values(response.content ?? {}).some(({ schema }) => schema?.format === 'binary');
          const stream = Boolean(response.content?.['text/event-stream']);
          if (status !== '204' && !file && !stream && !response.content?.['application/json']?.schema) {
            problems.push(`${name}: ${status} has no application/json schema`);
          }
        }
        for (const response of Object.values(responses)) {
          for (const { schema } of Object.values(response.content ?? {}))
            if (schema) refsIn(schema).forEach((ref) => used.add(ref));
        }
      }
    }
    for (const name of used) {
      const component = doc.components.schemas?.[name];
      if (!component) problems.push(`${name}: referenced but not in components.schemas`);
      else if (!Object.keys(component.properties ?? {}).length) problems.push(`${name}: no properties`);
      else refsIn(component).forEach((ref) => used.add(ref));
    }
    expect(operations).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });

  it('documents a message: its fields with their types, and the errors of a lookup', async () => {
    const doc: OpenApi = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
    const { responses } = doc.paths['/api/messages/{sid}'].get;
    expect(responses['200'].content?.['application/json'].schema).toEqual({
      $ref: '#/components/schemas/MessageResponse',
    });
    const message = doc.components.schemas.MessageResponse;
    expect(message.properties).toMatchObject({
      id: { type: 'string', format: 'uuid' },
      status: { type: 'string' },
      body: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      sid: { type: ['string', 'null'] },
      direction: { type: 'string', enum: ['inbound', 'outbound'] },
      mediaUrls: { type: 'array', items: { type: 'string' } },
    });
    expect(message.required).toEqual(expect.arrayContaining(['id', 'status', 'body', 'createdAt']));
    for (const status of ['401', '404']) {
      expect(responses[status].content?.['application/json'].schema).toEqual({
        $ref: '#/components/schemas/ErrorResponse',
      });
    }
    expect(doc.components.schemas.ErrorResponse.properties).toMatchObject({
      statusCode: { type: 'integer' },
      error: { type: 'string' },
    });
  });

  describe('documented response fields match what the API returns', () => {
    let doc: OpenApi;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      doc = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
      const created = async (url: string, payload: object) => {
        const res = await h.admin('POST', url, payload);
        expect(res.statusCode).toBe(201);
        return res.json().id as string;
      };
      ids.message = await created('/api/messages', { to: CUSTOMER, body: 'Hello' });
      ids.campaign = await created('/api/campaigns', {
        name: 'Docs',
        body: 'Sale today',
        recipients: [CUSTOMER, 'not a number'],
        quietHours: { start: '21:00', end: '08:00', timezone: 'UTC' },
      });
      ids.reminder = await created('/api/reminders', {
        to: CUSTOMER,
        body: 'Take your medication',
        intervalSeconds: 3600,
      });
    });

    /** The component a schema stands for: a `$ref`, or a nullable one (`anyOf: [$ref, {type: 'null'}]`). */
    const resolve = (schema: Schema | undefined): Schema | undefined => {
      const ref = schema?.$ref ?? schema?.anyOf?.[0]?.$ref;
      return ref ? doc.components.schemas[componentName(ref)] : schema;
    };

    /** Fields returned but not documented, and required ones documented but not returned, nested objects included. */
    function mismatches(value: unknown, schema: Schema | undefined, at: string): string[] {
      const resolved = resolve(schema);
      if (Array.isArray(value)) return value.length ? mismatches(value[0], resolved?.items, `${at}[0]`) : [];
      if (value === null || typeof value !== 'object' || !resolved?.properties) return [];
      const documented = resolved.properties;
      const body = value as Record<string, unknown>;
      return [
        ...Object.keys(body)
          .filter((key) => !(key in documented))
          .map((key) => `${at}.${key} is returned but not documented`),
        ...(resolved.required ?? [])
          .filter((key) => !(key in body))
          .map((key) => `${at}.${key} is documented but not returned`),
        ...Object.keys(body)
          .filter((key) => key in documented)
          .flatMap((key) => mismatches(body[key], documented[key], `${at}.${key}`)),
      ];
    }

    // Objects, not arrays: a row shorter than the callback's parameters would make Jest pass `done` as the last one.
    const cases: Array<{ method: 'GET' | 'POST' | 'PATCH'; path: string; url: () => string; payload?: object }> = [
      {
        method: 'POST',
        path: '/api/messages',
        url: () => '/api/messages',
        payload: { to: CUSTOMER, body: 'Hi again' },
      },
      { method: 'GET', path: '/api/messages', url: () => '/api/messages' },
      { method: 'GET', path: '/api/messages/{sid}', url: () => `/api/messages/${ids.message}` },
      { method: 'GET', path: '/api/conversations', url: () => '/api/conversations' },
      {
        method: 'GET',
        path: '/api/conversations/{participant}',
        url: () => `/api/conversations/${encodeURIComponent(CUSTOMER)}`,
      },
      {
        method: 'POST',
        path: '/api/conversations/{participant}/read',
        url: () => `/api/conversations/${encodeURIComponent(CUSTOMER)}/read`,
      },
      {
        method: 'POST',
        path: '/api/campaigns',
        url: () => '/api/campaigns',
        payload: { name: 'Docs 2', body: 'x', recipients: [CUSTOMER, CUSTOMER] },
      },
      { method: 'GET', path: '/api/campaigns', url: () => '/api/campaigns' },
      { method: 'GET', path: '/api/campaigns/{id}/recipients', url: () => `/api/campaigns/${ids.campaign}/recipients` },
      { method: 'GET', path: '/api/campaigns/{id}/preview', url: () => `/api/campaigns/${ids.campaign}/preview` },
      { method: 'GET', path: '/api/reminders/{id}', url: () => `/api/reminders/${ids.reminder}` },
      { method: 'POST', path: '/api/reminders/{id}/send-now', url: () => `/api/reminders/${ids.reminder}/send-now` },
      {
        method: 'PATCH',
        path: '/api/contacts/{phone}',
        url: () => `/api/contacts/${encodeURIComponent(CUSTOMER)}`,
        payload: { timezone: 'UTC' },
      },
      { method: 'GET', path: '/api/contacts', url: () => '/api/contacts' },
      { method: 'GET', path: '/api/auto-reply/config', url: () => '/api/auto-reply/config' },
      { method: 'GET', path: '/api/ai/config', url: () => '/api/ai/config' },
      { method: 'GET', path: '/api/health', url: () => '/api/health' },
      {
        method: 'POST',
        path: '/api/businesses',
        url: () => '/api/businesses',
        payload: {
          name: 'Docs Co',
          slug: 'docs-co',
          quietHours: '21:00-08:00',
          numbers: [{ address: '+15550006666' }],
          twilio: { accountSid: `AC${'d0c5'.repeat(8)}`, authToken: 'docs-token' },
        },
      },
      { method: 'GET', path: '/api/businesses', url: () => '/api/businesses' },
      { method: 'GET', path: '/api/businesses/{id}', url: () => '/api/businesses/docs-co' },
      { method: 'GET', path: '/api/businesses/{id}/usage', url: () => '/api/businesses/docs-co/usage?days=2' },
      {
        method: 'POST',
        path: '/api/businesses/{id}/api-keys',
        url: () => '/api/businesses/docs-co/api-keys',
        payload: { name: 'docs' },
      },
      { method: 'GET', path: '/api/businesses/{id}/api-keys', url: () => '/api/businesses/docs-co/api-keys' },
    ];
    it.each(cases)('$method $path', async ({ method, path, url, payload }) => {
      const res = await h.admin(method, url(), payload);
      const response = doc.paths[path][method.toLowerCase()].responses[String(res.statusCode)];
      expect(response?.content?.['application/json']?.schema).toBeDefined();
      expect(mismatches(res.json(), response.content!['application/json'].schema, 'body')).toEqual([]);
    });
  });

  it('is the same document in the build (tsc) as under Jest (swc): both load metadata.ts', async () => {
    const port = await freePort();
    const env = { ...process.env, ...h.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' };
    const built = await spawnBuilt('api', env, 'Nest application successfully started');
    try {
      const served = await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json();
      expect(served).toEqual((await h.api.inject({ method: 'GET', url: '/docs-json' })).json());
    } finally {
      const exited = new Promise((resolve) => built.child.once('exit', resolve));
      built.child.kill('SIGTERM');
      await exited;
    }
  }, 40_000);

  it('is the document the dashboard’s types are generated from without a server (Nest’s preview mode)', async () => {
    const offline = JSON.parse(JSON.stringify(await buildOpenApiDocumentOffline()));
    expect(offline).toEqual((await h.api.inject({ method: 'GET', url: '/docs-json' })).json());
  });

  it('is a valid OpenAPI 3.1 document by the specification’s own JSON schema', async () => {
    const doc: OpenApi = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(validateDocument(doc)).toEqual({ version: '3.1', valid: true });
    // The validator does fail: a path that is not a path, a response without a description.
    const broken = structuredClone(doc) as unknown as { paths: Record<string, unknown> };
    broken.paths['api/no-slash'] = { get: { responses: { '200': {} } } };
    expect(validateDocument(broken)).toMatchObject({ valid: false });
  });

  describe('the disagreements real traffic found', () => {
    let doc: OpenApi;
    beforeAll(async () => {
      doc = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
    });

    it('uses JSON Schema 2020-12 nulls, never 3.0’s nullable (ignored beside allOf/$ref)', () => {
      expect(JSON.stringify(doc)).not.toContain('"nullable"');
      const nullableQuietHours = (component: string) => ({
        anyOf: [{ $ref: `#/components/schemas/${component}` }, { type: 'null' }],
      });
      expect(doc.components.schemas.CampaignResponse.properties?.quietHours).toMatchObject(
        nullableQuietHours('QuietHoursResponse'),
      );
      // The object, QUIET_HOURS's text ("21:00-08:00") or null: one oneOf, not nested in an anyOf.
      expect(doc.components.schemas.UpdateCampaignDto.properties?.quietHours).toEqual({
        description: expect.any(String),
        oneOf: [
          { $ref: '#/components/schemas/QuietHoursDto' },
          expect.objectContaining({ type: 'string', example: '21:00-08:00' }),
          { type: 'null' },
        ],
      });
    });

    it('types recipients as an array of strings or pasted text', () => {
      for (const dto of ['CreateCampaignDto', 'CreateBatchDto']) {
        expect(doc.components.schemas[dto].properties?.recipients).toMatchObject({
          oneOf: [{ type: 'array', items: { type: 'string' }, minItems: 1 }, { type: 'string' }],
        });
      }
    });

    it('documents limit and offset on every offset-paged list', () => {
      for (const path of [
        '/api/conversations',
        '/api/contacts',
        '/api/campaigns',
        '/api/reminders',
        '/api/multi-sms/batches',
        '/api/businesses',
      ]) {
        const query = (doc.paths[path].get.parameters ?? []).filter((p) => p.in === 'query');
        expect({ path, limit: query.find((p) => p.name === 'limit')?.schema }).toEqual({
          path,
          limit: { type: 'integer', minimum: 1, maximum: 200 },
        });
        // The alternatives alone: a `type` beside them (metadata.ts's `number`) refused the empty one.
        expect({ path, offset: query.find((p) => p.name === 'offset')?.schema }).toEqual({
          path,
          offset: {
            minimum: 0,
            maximum: 1_000_000_000,
            anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 0 }],
          },
        });
      }
    });

    it('documents the Twilio webhooks’ form fields with Twilio’s names, and allows the others', () => {
      const form = (path: string) =>
        doc.paths[path].post.requestBody?.content['application/x-www-form-urlencoded']?.schema as Schema & {
          additionalProperties?: unknown;
        };
      expect(doc.paths['/twilio/inbound'].post.requestBody?.required).toBe(true);
      expect(Object.keys(form('/twilio/inbound').properties ?? {})).toEqual(
        expect.arrayContaining([
          'MessageSid',
          'SmsMessageSid',
          'AccountSid',
          'From',
          'To',
          'Body',
          'NumMedia',
          'ProfileName',
        ]),
      );
      expect(form('/twilio/inbound').required).toEqual(['From', 'To']);
      expect(Object.keys(form('/twilio/status').properties ?? {})).toEqual(
        expect.arrayContaining(['MessageSid', 'SmsSid', 'MessageStatus', 'SmsStatus', 'ErrorCode', 'ErrorMessage']),
      );
      for (const path of ['/twilio/inbound', '/twilio/status']) {
        expect(form(path).additionalProperties).toBe(true);
        expect(Object.keys(doc.paths[path].post.responses)).toEqual(['200', '400', '403', '413', '415', '429', '503']);
      }
    });

    it('takes the traffic that exposed them (each exchange is checked against the document by the harness)', async () => {
      const pasted = await h.admin('POST', '/api/campaigns', {
        name: 'Pasted',
        body: 'Hi',
        recipients: `${CUSTOMER}\n(555) 765-4322; not a number`,
      });
      expect(pasted.statusCode).toBe(201);
      expect(pasted.json().quietHours).toBeNull();
      const cleared = await h.admin('PATCH', `/api/campaigns/${pasted.json().id}`, { quietHours: null, sendAt: null });
      expect(cleared.statusCode).toBe(200);
      const batch = await h.admin('POST', '/api/multi-sms/batches', { body: 'Hi', recipients: [CUSTOMER] });
      expect(batch.statusCode).toBe(201);
      for (const path of ['/api/conversations', '/api/contacts', '/api/campaigns', '/api/reminders']) {
        expect((await h.admin('GET', `${path}?limit=1&offset=0`)).statusCode).toBe(200);
        expect((await h.admin('GET', `${path}?offset=`)).statusCode).toBe(200);
      }
      expect((await h.admin('GET', '/api/multi-sms/batches?include_recipients=1&limit=5')).statusCode).toBe(200);
      expect((await h.inbound(CUSTOMER, 'hello', { ProfileName: 'Ada', WaId: '15557654321' })).statusCode).toBe(200);
      expect((await h.status('SM' + 'b'.repeat(32), 'delivered')).statusCode).toBe(200);
    });
  });

  describe('the traffic check', () => {
    let doc: OpenApiDocument;
    beforeAll(async () => {
      doc = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
    });

    /** The document with one change, and what its check says about one real exchange. */
    async function driftOf(
      change: (doc: OpenApi) => void,
      options: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object },
    ): Promise<string[]> {
      const broken = structuredClone(doc);
      change(broken as unknown as OpenApi);
      const request = { ...options, headers: { 'x-api-key': ADMIN_KEY } };
      const res = await h.api.inject(request);
      return new OpenApiTraffic(broken).check(exchangeOf(request, res));
    }

    it('fails a response field whose type changed, naming operation, status and JSON path', async () => {
      const sent = (await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'Hello' })).json();
      const drift = await driftOf(
        (d) => (d.components.schemas.MessageResponse.properties!.status = { type: 'integer' }),
        { method: 'GET', url: `/api/messages/${sent.id}` },
      );
      expect(drift).toEqual([
        expect.stringMatching(/^GET \/api\/messages\/\{sid\} → 200 response: body\.status must be integer/),
      ]);
    });

    it('fails a field the API returns but the document does not name', async () => {
      const sent = (await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'Hello' })).json();
      const drift = await driftOf(
        (d) => {
          const message = d.components.schemas.MessageResponse;
          delete message.properties!.errorCode;
          message.required = message.required?.filter((name) => name !== 'errorCode');
        },
        { method: 'GET', url: `/api/messages/${sent.id}` },
      );
      expect(drift).toEqual([
        expect.stringMatching(
          /^GET \/api\/messages\/\{sid\} → 200 response: body must NOT have unevaluated properties \(errorCode\)/,
        ),
      ]);
    });

    it('fails the 3.0 mistakes it was built for: recipients as an object, a null beside allOf', async () => {
      const payload = { name: 'x', body: 'x', recipients: [CUSTOMER] };
      const recipients = await driftOf(
        (d) => (d.components.schemas.CreateCampaignDto.properties!.recipients = { type: 'object' }),
        { method: 'POST', url: '/api/campaigns', payload },
      );
      expect(recipients).toEqual([
        expect.stringMatching(/^POST \/api\/campaigns → 201 \(accepted\) request: body\.recipients must be object/),
      ]);
      const quietHours = await driftOf(
        (d) =>
          (d.components.schemas.NewCampaignResponse.properties!.quietHours = {
            allOf: [{ $ref: '#/components/schemas/QuietHoursResponse' }],
          }),
        { method: 'POST', url: '/api/campaigns', payload },
      );
      expect(quietHours).toEqual([
        expect.stringMatching(/^POST \/api\/campaigns → 201 response: body\.quietHours must be object/),
      ]);
    });

    it('fails an undocumented query parameter, status or request body', async () => {
      const offset = await driftOf(
        (d) =>
          (d.paths['/api/contacts'].get.parameters = d.paths['/api/contacts'].get.parameters?.filter(
            (p) => p.name !== 'offset',
          )),
        { method: 'GET', url: '/api/contacts?offset=0' },
      );
      expect(offset).toEqual(['GET /api/contacts → 200 (accepted): query parameter offset is not documented']);
      const notFound = await driftOf((d) => delete d.paths['/api/campaigns/{id}'].get.responses['404'], {
        method: 'GET',
        url: '/api/campaigns/00000000-0000-0000-0000-000000000000',
      });
      expect(notFound).toEqual([
        expect.stringMatching(/^GET \/api\/campaigns\/\{id\} → 404: status 404 is not documented/),
      ]);
      // The webhooks before this change: no request body documented, so Twilio's form was refused.
      const broken = structuredClone(doc) as unknown as OpenApi;
      delete broken.paths['/twilio/inbound'].post.requestBody;
      const form = inboundForm(h.twilio.accountSid, CUSTOMER, 'hi');
      const res = await h.webhook('/twilio/inbound', form);
      const exchange = exchangeOf(
        { method: 'POST', url: '/twilio/inbound', payload: new URLSearchParams(form).toString() },
        res,
      );
      expect(new OpenApiTraffic(broken as unknown as OpenApiDocument).check(exchange)).toEqual([
        'POST /twilio/inbound → 200 (accepted): sent application/x-www-form-urlencoded, documented: no body',
      ]);
    });
  });

  it('serves the UI at /docs', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});

/** The document checked by @seriousme/openapi-schema-validator (an ES module, so in its own process). */
function validateDocument(doc: object): { version?: string; valid: boolean; errors?: unknown } {
  const run = spawnSync(process.execPath, ['test/support/validate-openapi.mjs'], {
    input: JSON.stringify(doc),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`validate-openapi.mjs failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
