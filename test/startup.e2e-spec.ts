import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import {
  BUILT,
  BuiltProcess,
  freePort,
  spawnBuilt,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  testKeyPrefix,
  waitFor,
} from './support';

/** What a person sees when something they can fix is wrong at start: one line, no stack trace. */
function start(app: 'api' | 'worker', env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BUILT[app]],
      {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          DATABASE_URL: TEST_DATABASE_URL,
          REDIS_URL: TEST_REDIS_URL,
          QUEUE_PREFIX: testKeyPrefix('startup'),
          ...env,
        },
        timeout: 15_000,
      },
      (error, _stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('start-up errors', () => {
  it.each(['api', 'worker'] as const)('%s: a bad variable is named in one line', async (app) => {
    const { code, stderr } = await start(app, { PORT: 'eighty', AI_TEMPERATURE: '9' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^switchboard: invalid configuration: .*PORT.*AI_TEMPERATURE/);
  });

  it.each(['api', 'worker'] as const)(
    '%s: an unreachable PostgreSQL says which URL and how to start it',
    async (app) => {
      const port = await freePort();
      const { code, stderr } = await start(app, { DATABASE_URL: `postgresql://postgres:secret@127.0.0.1:${port}/x` });
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`cannot reach PostgreSQL at postgresql://postgres:***@127.0.0.1:${port}/x`);
      expect(stderr).toContain('docker compose up -d postgres redis');
      expect(stderr).not.toContain('secret');
    },
  );

  it.each(['api', 'worker'] as const)('%s: an unreachable Redis says which URL', async (app) => {
    const port = await freePort();
    const { code, stderr } = await start(app, { REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(
      new RegExp(`^switchboard: cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED`),
    );
  });

  it('an unmigrated database says to run db:migrate', async () => {
    const { code, stderr } = await start('api', { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres' });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/has no tables yet: run `npm run db:migrate` first\.$/);
  });

  it.each(['api', 'worker'] as const)(
    '%s: a short ADMIN_API_KEY or METRICS_TOKEN in production is named in one line',
    async (app) => {
      const production = { NODE_ENV: 'production', ALLOW_SANDBOX_IN_PRODUCTION: 'true' };
      const short = await start(app, { ...production, ADMIN_API_KEY: 'hunter2' });
      expect(short.code).toBe(1);
      expect(short.stderr.trim().split('\n')).toHaveLength(1);
      expect(short.stderr).toMatch(/^switchboard: invalid configuration: ADMIN_API_KEY must be at least 32 characters/);
      expect(short.stderr).not.toContain('hunter2');
      const token = await start(app, { ...production, ADMIN_API_KEY: 'k'.repeat(32), METRICS_TOKEN: 'abc' });
      expect(token.stderr.trim()).toMatch(
        /^switchboard: invalid configuration: METRICS_TOKEN must be at least 32 characters/,
      );
    },
  );

  it('api: a bad TRUST_PROXY is named in one line', async () => {
    const { code, stderr } = await start('api', { TRUST_PROXY: 'yes please' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^switchboard: invalid configuration: TRUST_PROXY /);
  });

  it('api: a port already in use is named in one line (was: a stack trace, "successfully started", the error again)', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const { code, stderr } = await start('api', { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([
        `switchboard: port ${port} on 127.0.0.1 is already in use (another Switchboard, or another program): stop it, or set PORT to a free port`,
      ]);
    } finally {
      taken.close();
    }
  });
});

/**
 * The sandbox's credentials are public (sandbox-defaults.ts), so sandbox mode listens on
 * loopback unless HOST says otherwise, and then says at start-up what that opens.
 */
describe('sandbox mode bind address', () => {
  const OPEN_WARNING = 'SANDBOX MODE OPEN TO THE NETWORK';
  /** An address of this machine other hosts can reach (none in a network-less sandbox: that check is skipped). */
  const outside = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  let api: BuiltProcess | undefined;

  afterEach(async () => {
    if (!api) return;
    const exited = new Promise((resolve) => api!.child.once('exit', resolve));
    api.child.kill('SIGTERM');
    await exited;
    api = undefined;
  });

  async function startSandboxApi(env: Record<string, string>) {
    const port = await freePort();
    api = await spawnBuilt(
      'api',
      {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: testKeyPrefix('startup'),
        PORT: String(port),
        ...env,
      },
      'Nest application successfully started',
    );
    const answers = (host: string) =>
      fetch(`http://${host}:${port}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
        (res) => res.status > 0,
        () => false,
      );
    await waitFor(() => answers('127.0.0.1'), 'the API on 127.0.0.1');
    return { answers, output: api.output };
  }

  it('listens on 127.0.0.1 only when HOST is unset, without the warning, and ends on a banner', async () => {
    const { answers, output } = await startSandboxApi({});
    if (outside) expect(await answers(outside)).toBe(false);
    await waitFor(() => output().includes('switchboard: the API is listening on http://127.0.0.1:'), 'the banner');
    expect(output()).toMatch(/ {2}docs {7}http:\/\/127\.0\.0\.1:\d+\/docs/);
    expect(output()).toContain('admin API  off: set ADMIN_API_KEY');
    expect(output()).toContain('try        npm run sim -- text +14155550100 HELP');
    expect(output()).toContain('SANDBOX MODE:');
    expect(output()).not.toContain(OPEN_WARNING);
  }, 30_000);

  it('writes readable lines with LOG_FORMAT=pretty, still masked', async () => {
    const { output } = await startSandboxApi({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' });
    await waitFor(() => output().includes('Nest application successfully started'), 'the start line');
    const line = output()
      .split('\n')
      .find((l) => l.includes('Nest application successfully started'))!;
    expect(line).toMatch(/INFO/);
    expect(line.trimStart().startsWith('{')).toBe(false);
  }, 30_000);

  it('listens where a non-loopback HOST says, and warns in one line that anyone reaching it can read sent messages', async () => {
    const { answers, output } = await startSandboxApi({ HOST: '0.0.0.0' });
    if (outside) expect(await answers(outside)).toBe(true);
    const warnings = output()
      .split('\n')
      .filter((line) => line.includes(OPEN_WARNING));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('HOST=0.0.0.0');
    expect(warnings[0]).toMatch(/credentials are public: anyone who reaches this address can read/);
  }, 30_000);
});
