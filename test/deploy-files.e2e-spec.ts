import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { envSchema } from '@app/config';

/**
 * No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked
 * as files: the services and their wiring, and that every variable the apps read
 * reaches the containers.
 */
const ROOT = join(__dirname, '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  const services = compose.services;

  it('has postgres, redis, a one-shot migrate, api and worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
  });

  it('keeps PostgreSQL and Redis data in volumes, with healthchecks', () => {
    expect(services.postgres.volumes.some((v: string) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(services.redis.command.join(' ')).toContain('--appendonly yes');
    expect(services.redis.volumes.some((v: string) => v.endsWith(':/data'))).toBe(true);
    expect(services.redis.healthcheck.test.join(' ')).toContain('ping');
    for (const volume of ['postgres-data', 'redis-data']) expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('migrates once, after PostgreSQL is healthy', () => {
    expect(services.migrate.command.join(' ')).toBe('node scripts/db-migrate.js');
    expect(services.migrate.restart).toBe('no');
    expect(services.migrate.depends_on.postgres.condition).toBe('service_healthy');
  });

  it.each(['api', 'worker'])('starts %s after the migration and a healthy Redis', (name) => {
    expect(services[name].depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      redis: { condition: 'service_healthy' },
    });
  });

  it.each(['api', 'worker'])('passes every variable the apps read to %s, and reads .env', (name) => {
    const environment = Object.keys(services[name].environment);
    for (const variable of Object.keys(envSchema)) expect(environment).toContain(variable);
    expect(services[name].env_file).toEqual([{ path: '.env', required: false }]);
  });

  it('lets the worker scale: no published ports, no fixed container name', () => {
    expect(services.worker.ports).toBeUndefined();
    expect(services.worker.container_name).toBeUndefined();
    expect(services.api.ports).toEqual(['3000:3000']);
  });

  it('has the API listen on all interfaces, so the published port reaches it in sandbox mode too', () => {
    // Unset, HOST is 127.0.0.1 in sandbox mode: unreachable from outside the container.
    expect(services.api.environment.HOST).toBe('0.0.0.0');
  });

  it('runs entry points the build produces', () => {
    for (const name of ['api', 'worker', 'migrate']) {
      const file = services[name].command[1];
      expect({ name, file, exists: existsSync(join(ROOT, file)) }).toEqual({ name, file, exists: true });
    }
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages[stages.length - 1];

  it('is multi-stage, with only production dependencies in the final stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final).toMatch(/npm install[^\n]*--omit=dev/);
    expect(final).toMatch(/COPY --from=build \/app\/dist/);
  });

  it('runs on the Node.js LTS that CI also tests (.nvmrc), which package.json engines allows', () => {
    const lts = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();
    const major = lts.split('.')[0];
    expect(Number(major) % 2).toBe(0); // even majors are the LTS lines
    for (const stage of stages) expect(stage).toMatch(new RegExp(`^node:${major}-bookworm-slim\\b`));
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } })
      .engines.node;
    expect(engines.split('||').map((range) => range.trim())).toContainEqual(expect.stringMatching(`^\\^${major}\\.`));
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toContain('scripts/lts-node.sh');
  });

  it('runs as a non-root user', () => {
    const user = final.match(/^USER\s+(\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('listens on all interfaces (only the published port reaches them), in sandbox mode too', () => {
    expect(final).toMatch(/^ENV HOST=0\.0\.0\.0$/m);
  });

  it('has a HEALTHCHECK on /api/health', () => {
    expect(final).toMatch(/^HEALTHCHECK[\s\S]*\/api\/health/m);
  });

  it('copies only files that exist and starts a built entry point', () => {
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of sources.split(/\s+/)) {
        expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
      }
    }
    const cmd = JSON.parse(final.match(/^CMD (.+)$/m)![1]);
    expect(existsSync(join(ROOT, cmd[1]))).toBe(true);
  });
});

describe('README', () => {
  it('documents every variable in its table', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const variable of Object.keys(envSchema)) expect(readme).toContain(`| \`${variable}\` |`);
  });
});

describe('.env.example', () => {
  it('lists every variable with a comment', () => {
    const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
    for (const variable of Object.keys(envSchema)) expect(text).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
  });
});
