import { ChildProcess, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  dropSuiteDatabase,
  freePort,
  recreateSuiteDatabase,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  spawnStart,
  testKeyPrefix,
} from './support';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const TOP = `${name}-${version}`;
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Every file under `dir`, relative to it with `/`. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

/** Why a file looks like a secret, or null: by its name, or by key material in it. */
function secretLooking(path: string, content: Buffer): string | null {
  const file = basename(path);
  if (/^\.env/.test(file) && file !== '.env.example') return 'an env file';
  if (/\.(pem|key|p12|pfx)$/.test(file) || /^id_(rsa|dsa|ecdsa|ed25519)/.test(file)) return 'a key file';
  if (path.split('/').includes('node_modules')) return 'node_modules';
  const text = content.toString('latin1');
  // Key material, not the marker alone (the Google service-account check in the build names it).
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/=]{40}/.test(text)) return 'a private key';
  if (/\bsk-(proj-)?[A-Za-z0-9_-]{32,}/.test(text)) return 'an OpenAI key';
  if (/\bAKIA[0-9A-Z]{16}\b/.test(text)) return 'an AWS key';
  return null;
}

/**
 * `npm run bundle` (issue 19): the release archive is checked as a person receiving it would: its
 * checksum, its manifest, nothing secret in it, and that it runs: production dependencies installed
 * from its lockfile, a fresh database migrated and `npm start` serving from it, no build, no dev tools.
 */
describe('release bundle', () => {
  const work = mkdtempSync(join(tmpdir(), 'switchboard-bundle-'));
  const out = join(work, 'out');
  const unpacked = join(work, 'unpacked');
  const dir = join(unpacked, TOP);
  const archive = join(out, `${TOP}.tar.gz`);
  const databaseUrl = `${TEST_DATABASE_URL}_bundle`;
  let started: ChildProcess | undefined;

  beforeAll(async () => {
    // npm test has just built dist/: --no-build bundles that build (and refuses one older than its sources).
    await run(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--no-build', '--out', out], { cwd: ROOT });
    await run('mkdir', ['-p', unpacked]);
    await run('tar', ['xzf', archive, '-C', unpacked]);
  }, 120_000);

  afterAll(async () => {
    if (started && started.exitCode === null && started.signalCode === null) {
      started.kill('SIGKILL');
    }
    await dropSuiteDatabase(databaseUrl);
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('has a .sha256 beside it that sha256sum -c accepts', async () => {
    expect(readdirSync(out).sort()).toEqual([`${TOP}.tar.gz`, `${TOP}.tar.gz.sha256`]);
    const line = readFileSync(`${archive}.sha256`, 'utf8');
    expect(line).toBe(`${sha256(readFileSync(archive))}  ${TOP}.tar.gz\n`);
    const { stdout } = await run('sha256sum', ['-c', `${TOP}.tar.gz.sha256`], { cwd: out });
    expect(stdout.trim()).toBe(`${TOP}.tar.gz: OK`);
  });

  it('unpacks to one folder whose MANIFEST.json names the commit and every file with its SHA-256', async () => {
    expect(readdirSync(unpacked)).toEqual([TOP]);
    const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8'));
    const { stdout: head } = await run('git', ['rev-parse', 'HEAD'], { cwd: ROOT });
    expect(manifest).toMatchObject({ name, version, commit: head.trim(), node: process.version });
    expect(typeof manifest.dirty).toBe('boolean');
    expect(Date.parse(manifest.created)).toBeGreaterThan(Date.now() - 10 * 60_000);
    const files = filesUnder(dir)
      .filter((path) => path !== 'MANIFEST.json')
      .sort();
    expect(Object.keys(manifest.files).sort()).toEqual(files);
    for (const path of files) {
      expect({ path, sha256: sha256(readFileSync(join(dir, path))) }).toEqual({ path, sha256: manifest.files[path] });
    }
  });

  it('holds the build, the migrations, the lockfile and the deploy files, and nothing else at the top', () => {
    expect(readdirSync(dir).sort()).toEqual(
      [
        '.dockerignore',
        '.env.example',
        '.nvmrc',
        'Dockerfile',
        'MANIFEST.json',
        'README.md',
        'dist',
        'docker-compose.yml',
        'package-lock.json',
        'package.json',
        'prisma',
        'prisma.config.ts',
        'scripts',
      ].sort(),
    );
    // An image built in the unpacked folder takes its dist/, but never a .env or modules put beside it.
    const dockerignore = readFileSync(join(dir, '.dockerignore'), 'utf8').split('\n');
    expect(dockerignore).toEqual(expect.arrayContaining(['.env', '.env.*', '!.env.example', 'node_modules']));
    expect(dockerignore).not.toContain('dist');
    for (const path of [
      'dist/apps/api/apps/api/src/main.js',
      'dist/apps/worker/apps/worker/src/main.js',
      'dist/apps/sim/apps/sim/src/main.js',
      'dist/apps/dashboard/index.html',
      'prisma/schema.prisma',
      'scripts/db-migrate.js',
      'scripts/start.js',
    ]) {
      expect({ path, exists: existsSync(join(dir, path)) }).toEqual({ path, exists: true });
    }
    const migrations = (root: string) => readdirSync(join(root, 'prisma', 'migrations')).sort();
    expect(migrations(dir)).toEqual(migrations(ROOT));
    // The shipped files are the checkout's own, byte for byte.
    for (const path of ['package.json', 'package-lock.json', 'README.md', '.env.example', 'Dockerfile']) {
      expect({ path, same: readFileSync(join(dir, path)).equals(readFileSync(join(ROOT, path))) }).toEqual({
        path,
        same: true,
      });
    }
  });

  it('holds no secret-looking file, no node_modules, no test code or output, no source', () => {
    const files = filesUnder(dir);
    const found = files
      .map((path) => ({ path, why: secretLooking(path, readFileSync(join(dir, path))) }))
      .filter((file) => file.why !== null);
    expect(found).toEqual([]);
    const notShipped = files.filter((path) =>
      /(^|\/)(test|test-artifacts|test-results|coverage|bench-results|testing)\/|\.spec\.js$|\.map$|\.log$|^(apps|libs)\//.test(
        path,
      ),
    );
    expect(notShipped).toEqual([]);
  });

  it('holds every file its Dockerfile copies and docker-compose.yml runs', () => {
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of sources.split(/\s+/).filter((s) => s !== '.')) {
        expect({ source, exists: existsSync(join(dir, source)) }).toEqual({ source, exists: true });
      }
    }
    const compose = parse(readFileSync(join(dir, 'docker-compose.yml'), 'utf8'));
    for (const service of ['api', 'worker', 'migrate']) {
      const file = compose.services[service].command[1];
      expect({ service, file, exists: existsSync(join(dir, file)) }).toEqual({ service, file, exists: true });
    }
  });

  it('installs its production dependencies, migrates a fresh database and serves from it', async () => {
    // `npm ci` cannot run here (the registry has no other platforms' optional packages, which the
    // lockfile then lacks); `npm install` from the same lockfile is what the Dockerfile runs too.
    // --ignore-scripts: the postinstall (`prisma generate`) needs the prisma CLI, a dev dependency;
    // the generated client is compiled into dist/.
    await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(existsSync(join(dir, 'node_modules', '@nestjs', 'core'))).toBe(true);
    // No build or test tool came with it, so what runs below runs without them. (The prisma CLI and
    // typescript do come: optional peers of @prisma/client, which npm installs with it.)
    for (const dev of ['@nestjs/cli', '@swc/core', 'jest', 'vite', 'eslint']) {
      expect({ dev, installed: existsSync(join(dir, 'node_modules', dev)) }).toEqual({ dev, installed: false });
    }

    await recreateSuiteDatabase(databaseUrl);
    const migrations = readdirSync(join(dir, 'prisma', 'migrations')).filter((entry) => !entry.includes('.'));
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: databaseUrl,
    };
    const { stdout: migrated } = await run('npm', ['run', 'db:migrate'], { cwd: dir, env });
    expect(migrated).toContain(`${migrations.length} migration(s) applied`);

    // `npm start`'s script: migrate (nothing left), then the API and a worker; no build (the bundle has no sources).
    const adminKey = createHash('sha256').update(`bundle-${Date.now()}`).digest('hex');
    const port = await freePort();
    const app = await spawnStart(
      {
        ...env,
        NODE_ENV: 'production',
        ALLOW_SANDBOX_IN_PRODUCTION: 'true',
        ADMIN_API_KEY: adminKey,
        HOST: '127.0.0.1',
        PORT: String(port),
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: testKeyPrefix('bundle'),
        // At info the API and the worker say when they are up, which spawnStart waits for.
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      },
      60_000,
      dir,
    );
    started = app.child;
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok', redis: 'ok' });
    expect(app.output()).not.toContain('switchboard: building');

    expect((await fetch(`${base}/api/messages`)).status).toBe(401);
    const messages = await fetch(`${base}/api/messages`, { headers: { 'X-API-Key': adminKey } });
    expect(messages.status).toBe(200);
    expect(await messages.json()).toEqual({ items: [], nextCursor: null });
    // The dashboard's built page, found beside the bundle's package.json.
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Switchboard</title>');
    expect(app.output()).not.toContain(adminKey);

    const exited = new Promise((resolve) => app.child.once('exit', resolve));
    app.child.kill('SIGTERM');
    await exited;
  }, 600_000);
});
