'use strict';
// Whether the build in dist/ is older than what it is built from, so `npm start` rebuilds only
// after a change (a build takes ~1 minute on a small machine; editing .env needs none).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const APPS = ['api', 'worker', 'sim'];
/** What `npm run build` writes last for each app: the three Nest apps' entry points and the dashboard's page. */
const OUTPUTS = [...APPS.map((app) => `dist/apps/${app}/apps/${app}/src/main.js`), 'dist/apps/dashboard/index.html'];
const INPUT_DIRS = ['apps', 'libs'];
const INPUT_FILES = ['tsconfig.json', 'nest-cli.json', 'package.json', 'package-lock.json'];

/** Source files (not specs) under a directory: the servers' TypeScript and the dashboard's TSX, CSS and HTML too. */
function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(file);
    else if (/\.(ts|tsx|json|js|mjs|css|html)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) yield file;
  }
}

/** The files changed since the last build (all of them when there is none), newest first, at most `limit`. */
function changedSinceBuild(limit = 5, root = ROOT) {
  const outputs = OUTPUTS.map((file) => path.join(root, file));
  const built = outputs.map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0));
  const builtAt = Math.min(...built);
  const changed = [];
  // A release bundle (npm run bundle) has the build but not the apps' sources: nothing to rebuild
  // from, and its lockfile, rewritten by `npm install`, must not send `npm start` to a build that cannot run.
  if (!fs.existsSync(path.join(root, 'apps'))) {
    return { neverBuilt: builtAt === 0, count: 0, newest: [] };
  }
  const inputs = [
    ...INPUT_DIRS.filter((dir) => fs.existsSync(path.join(root, dir))).flatMap((dir) => [
      ...sources(path.join(root, dir)),
    ]),
    ...INPUT_FILES.map((file) => path.join(root, file)),
  ];
  for (const file of inputs) {
    const mtime = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
    if (mtime > builtAt) changed.push({ file: path.relative(root, file), mtime });
  }
  changed.sort((a, b) => b.mtime - a.mtime);
  return { neverBuilt: builtAt === 0, count: changed.length, newest: changed.slice(0, limit).map((c) => c.file) };
}

/** Builds when a source changed since the last build (or there is none), saying so in one line. */
function buildIfChanged() {
  const { neverBuilt, count, newest } = changedSinceBuild();
  if (count === 0) return;
  const why = neverBuilt
    ? 'no build yet'
    : `${count} file(s) changed since the last build: ${newest.join(', ')}${count > newest.length ? ', …' : ''}`;
  console.log(`switchboard: building (${why}); this takes a minute`);
  // Through the npm that runs `npm start` when there is one (npm_execpath), else the npm on PATH.
  const npm = process.env.npm_execpath;
  const build = spawnSync(npm ? process.execPath : 'npm', [...(npm ? [npm] : []), 'run', 'build', '--silent'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error('switchboard: the build failed (above); nothing was started');
    process.exit(1);
  }
}

module.exports = { changedSinceBuild, buildIfChanged };
