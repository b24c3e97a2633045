import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiModule } from '../apps/api/src/api.module';
import { Harness } from './support';

const METHODS = ['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'all'];
const CUSTOMER = '+15557654321';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: Schema | boolean;
}
interface Response {
  content?: Record<string, { schema?: Schema }>;
}
interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
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
    ...Object.values(schema.properties ?? {}),
  ].filter((child): child is Schema => child !== undefined);
  return [...(schema.$ref ? [componentName(schema.$ref)] : []), ...children.flatMap(refsIn)];
}

/** Every route the controllers declare, as OpenAPI writes them (`:id` → `{id}`). */
function declaredRoutes(): string[] {
  const routes: string[] = [];
  for (const controller of Reflect.getMetadata('controllers', ApiModule) as Array<new () => object>) {
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
    expect(doc.openapi).toMatch(/^3\./);
    const documented = Object.entries(doc.paths as Record<string, object>)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    const declared = declaredRoutes();
    expect(declared.length).toBeGreaterThan(30);
    expect(documented).toEqual(declared);
  });

  it('declares the X-API-Key security scheme', async () => {
    const doc = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(doc.components.securitySchemes['api-key']).toEqual({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(doc.security).toEqual([{ 'api-key': [] }]);
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
          // 204 is the one success without a body.
          if (status !== '204' && !response.content?.['application/json']?.schema) {
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
      sid: { type: 'string', nullable: true },
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

    /** The component a schema stands for: a `$ref`, or a nullable one (`allOf: [$ref]`). */
    const resolve = (schema: Schema | undefined): Schema | undefined => {
      const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
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
    ];
    it.each(cases)('$method $path', async ({ method, path, url, payload }) => {
      const res = await h.admin(method, url(), payload);
      const response = doc.paths[path][method.toLowerCase()].responses[String(res.statusCode)];
      expect(response?.content?.['application/json']?.schema).toBeDefined();
      expect(mismatches(res.json(), response.content!['application/json'].schema, 'body')).toEqual([]);
    });
  });

  it('serves the UI at /docs', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
