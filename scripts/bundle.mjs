#!/usr/bin/env node
// `npm run bundle`: the release bundle, release/switchboard-<version>.tar.gz, with a .sha256 beside it.
// It holds what runs the apps in production and nothing else: the build (dist/), the migrations
// and the scripts that apply them and start the apps, package.json and the lockfile (production
// dependencies are installed from them), the deploy files and the README, and MANIFEST.json (the
// git commit and every file's SHA-256). Files come from an allow-list; a deny-list on top keeps
// out secrets, node_modules, test output and local data even if the allow-list ever reaches them.
//
//   node scripts/bundle.mjs [--no-build] [--out <dir>]
//
// --no-build: use dist/ as it is, refusing a build older than its sources (the e2e test, after
// npm test's own build); --out: where to write (default release/ in the checkout).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { tarArchive } from './tar.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { changedSinceBuild } = createRequire(import.meta.url)('./build-freshness.js');

/** What a release runs from, relative to the checkout: files, and directories taken whole (minus the deny-list). */
const ALLOW = [
  'dist',
  'prisma/schema.prisma',
  'prisma/migrations',
  // The Dockerfile's build stage copies it (prisma generate reads it); the apps never do.
  'prisma.config.ts',
  // npm start, npm run db:migrate, npm run sim / connect; start.js and run-built.js need build-freshness.js.
  'scripts/start.js',
  'scripts/build-freshness.js',
  'scripts/db-migrate.js',
  'scripts/run-built.js',
  'package.json',
  'package-lock.json',
  'README.md',
  '.env.example',
  'docker-compose.yml',
  'Dockerfile',
  '.nvmrc',
];

/** Never in a bundle, wherever it is: a path segment matching one of these refuses the file. */
const DENY = [
  { test: (name) => /^\.env(\..*)?$/.test(name) && name !== '.env.example', why: 'an env file (secrets)' },
  { test: (name) => /\.(pem|key|p12|pfx)$/.test(name) || /^id_(rsa|dsa|ecdsa|ed25519)/.test(name), why: 'a key' },
  { test: (name) => ['node_modules', '.git', 'release', '.switchboard'].includes(name), why: 'not part of a release' },
  {
    test: (name) => ['coverage', 'test-results', 'test-artifacts', 'bench-results', 'scratch'].includes(name),
    why: 'test output or local data',
  },
  { test: (name) => /\.log$/.test(name), why: 'a log' },
  // Test-only code never reaches dist (the apps' tsconfig excludes it); refused should that change.
  { test: (name) => /\.(spec|e2e-spec)\.js$/.test(name) || name === 'testing', why: 'test code' },
  // Source maps point at TypeScript sources the bundle does not hold.
  { test: (name) => /\.map$/.test(name), why: 'a source map' },
];

/** Why `path` (relative, with /) must stay out, or null. */
function denied(path) {
  for (const segment of path.split('/')) {
    const rule = DENY.find((r) => r.test(segment));
    if (rule) return rule.why;
  }
  return null;
}

/** The allowed files under `path`, relative to ROOT with `/`, skipping denied ones. */
function* collect(path) {
  const full = join(ROOT, path);
  if (denied(path)) return;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full)) yield* collect(`${path}/${name}`);
  } else {
    yield path;
  }
}

/** The .dockerignore written into a bundle: secrets, local data and installed modules stay out of an image. */
const BUNDLE_DOCKERIGNORE = `node_modules
.env
.env.*
!.env.example
*.pem
*.key
.switchboard
*.log
`;

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

/** The commit the bundle is built from and whether the checkout had uncommitted changes (then it is not exactly that commit). */
function gitState() {
  try {
    return {
      commit: git('rev-parse', 'HEAD'),
      // Untracked files count too: a new migration not yet committed would be in the bundle.
      dirty: git('status', '--porcelain') !== '',
      committedAt: Number(git('log', '-1', '--format=%ct')),
    };
  } catch {
    return { commit: null, dirty: null, committedAt: null };
  }
}

function build() {
  // Through the npm that runs `npm run bundle` when there is one, else the npm on PATH.
  const npm = process.env.npm_execpath;
  const run = spawnSync(npm ? process.execPath : 'npm', [...(npm ? [npm] : []), 'run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) fail('the build failed (above)');
}

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(1);
}

const sha256 = (content) => createHash('sha256').update(content).digest('hex');

function main() {
  const { values } = parseArgs({
    options: { 'no-build': { type: 'boolean', default: false }, out: { type: 'string' } },
  });
  if (values['no-build']) {
    const { neverBuilt, count, newest } = changedSinceBuild();
    if (neverBuilt) fail('there is no build in dist/: run `npm run build` (or drop --no-build)');
    if (count) fail(`dist/ is older than ${count} source file(s) (${newest.join(', ')}): run \`npm run build\``);
  } else {
    build();
  }

  const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const top = `${name}-${version}`;
  const files = ALLOW.flatMap((path) => {
    if (!existsSync(join(ROOT, path))) fail(`${path} is missing`);
    return [...collect(path)];
  }).sort();
  for (const required of ['dist/apps/api/apps/api/src/main.js', 'dist/apps/worker/apps/worker/src/main.js']) {
    if (!files.includes(required)) fail(`${required} is missing from the build`);
  }

  const state = gitState();
  const contents = new Map(files.map((path) => [path, readFileSync(join(ROOT, path))]));
  // The repository's .dockerignore leaves dist/ out (the image builds it); a bundle's image is built
  // from its dist/, and a .env put beside the unpacked bundle must stay out of the build context.
  files.push('.dockerignore');
  contents.set('.dockerignore', Buffer.from(BUNDLE_DOCKERIGNORE));
  const manifest = {
    name,
    version,
    commit: state.commit,
    dirty: state.dirty,
    created: new Date().toISOString(),
    node: process.version,
    files: Object.fromEntries(files.map((path) => [path, sha256(contents.get(path))])),
  };

  // Directories first in path order, then each file: the same files always give the same archive
  // (one mtime for all, the commit's time), apart from MANIFEST.json's creation time.
  const directories = new Set([top]);
  for (const path of files) {
    for (let dir = dirname(path); dir !== '.'; dir = dirname(dir)) directories.add(`${top}/${dir}`);
  }
  const mtime = state.committedAt ?? Math.floor(Date.now() / 1000);
  const entries = [
    ...[...directories].sort().map((path) => ({ path, directory: true })),
    { path: `${top}/MANIFEST.json`, content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    ...files.map((path) => ({
      path: `${top}/${path}`,
      content: contents.get(path),
      executable: (statSync(join(ROOT, path)).mode & 0o111) !== 0,
    })),
  ];
  const archive = gzipSync(tarArchive(entries, mtime), { level: 9 });

  const out = values.out ? resolve(values.out) : join(ROOT, 'release');
  mkdirSync(out, { recursive: true });
  const file = join(out, `${top}.tar.gz`);
  writeFileSync(file, archive);
  // sha256sum's own format, so `sha256sum -c switchboard-<version>.tar.gz.sha256` checks it.
  writeFileSync(`${file}.sha256`, `${sha256(archive)}  ${top}.tar.gz\n`);
  const nearby = relative(process.cwd(), file);
  const shown = nearby.startsWith('..') ? file : nearby.split(sep).join('/');
  const dirty = state.dirty ? ' (with uncommitted changes)' : '';
  console.log(
    `bundle: ${shown} (${files.length} files, ${(archive.length / 1024 / 1024).toFixed(1)} MB) ` +
      `from ${state.commit ?? 'no git commit'}${dirty}; checksum in ${top}.tar.gz.sha256`,
  );
}

main();
