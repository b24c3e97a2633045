import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiModule } from '../apps/api/src/api.module';
import { Harness } from '@app/testing';

const METHODS = ['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'all'];

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

  it('serves the UI at /docs', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
