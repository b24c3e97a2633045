import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { changedSinceBuild } from '../scripts/build-freshness';

/** `npm start` builds only when something it is built from changed (it rebuilt every time: 46–87 s of silence). */
describe('npm start: build only after a change', () => {
  let root: string;
  const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);
  const write = (file: string, seconds: number) => {
    const full = join(root, file);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, '');
    utimesSync(full, at(seconds), at(seconds));
  };
  const build = (seconds: number) => {
    for (const app of ['api', 'worker', 'sim']) write(`dist/apps/${app}/apps/${app}/src/main.js`, seconds);
    write('dist/apps/dashboard/index.html', seconds);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'switchboard-start-'));
    write('apps/api/src/main.ts', 10);
    write('libs/common/src/phone.ts', 10);
    write('package.json', 10);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no build', () => {
    expect(changedSinceBuild(5, root)).toMatchObject({ neverBuilt: true, count: 3 });
  });

  it('does not build when nothing changed since the build (editing .env or a test is no change)', () => {
    build(20);
    write('.env', 30);
    write('apps/api/src/main.spec.ts', 30);
    write('test/some.e2e-spec.ts', 30);
    expect(changedSinceBuild(5, root)).toEqual({ neverBuilt: false, count: 0, newest: [] });
  });

  it('builds after a source, the lockfile or a config changed, naming the newest', () => {
    build(20);
    write('libs/common/src/phone.ts', 30);
    write('package-lock.json', 25);
    expect(changedSinceBuild(5, root)).toEqual({
      neverBuilt: false,
      count: 2,
      newest: ['libs/common/src/phone.ts', 'package-lock.json'],
    });
  });

  it('builds after a change to the dashboard (TSX, CSS, its page)', () => {
    build(20);
    write('apps/dashboard/src/screens/health-screen.tsx', 30);
    write('apps/dashboard/src/styles.css', 30);
    write('apps/dashboard/index.html', 30);
    expect(changedSinceBuild(5, root).count).toBe(3);
  });

  it('does not build in a release bundle (the build without the apps), though npm install rewrote the lockfile', () => {
    rmSync(join(root, 'apps'), { recursive: true });
    build(20);
    write('package-lock.json', 30);
    // A postinstall's `prisma generate` may have written libs/database/src/generated since.
    write('libs/database/src/generated/prisma/client.ts', 30);
    expect(changedSinceBuild(5, root)).toEqual({ neverBuilt: false, count: 0, newest: [] });
  });

  it('builds when one of the three apps is older than a source (a build stopped half way)', () => {
    build(20);
    write('dist/apps/sim/apps/sim/src/main.js', 5);
    expect(changedSinceBuild(5, root).count).toBe(3);
  });
});
