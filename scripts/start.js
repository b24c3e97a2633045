#!/usr/bin/env node
// `npm start`: migrate, then run the API and one worker together from the build.
// Ctrl-C (or SIGTERM) stops both cleanly; if either dies, the other is stopped too.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { migrate, DEFAULT_URL } = require('./db-migrate');

const root = path.join(__dirname, '..');
const APPS = {
  api: path.join(root, 'dist/apps/api/apps/api/src/main.js'),
  worker: path.join(root, 'dist/apps/worker/apps/worker/src/main.js'),
};

async function main() {
  // A local .env is read here (never overriding variables already set), so `npm start` just works.
  const envFile = path.join(root, '.env');
  if (require('node:fs').existsSync(envFile)) process.loadEnvFile(envFile);
  const url = process.env.DATABASE_URL || DEFAULT_URL;
  try {
    const applied = await migrate(url);
    if (applied.length) console.log(`switchboard: applied ${applied.length} migration(s)`);
  } catch (error) {
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    console.error(
      `switchboard: cannot migrate PostgreSQL at ${shown} (${error.message}). ` +
        'Start it (or `docker compose up -d postgres redis`) and check DATABASE_URL.',
    );
    process.exit(1);
  }

  const children = Object.entries(APPS).map(([name, file]) => {
    const child = spawn(process.execPath, [file], { stdio: 'inherit', env: process.env });
    child.name = name;
    return child;
  });
  let stopping = false;
  let exitCode = 0;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  for (const child of children) {
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`switchboard: ${child.name} exited (${signal ?? code}); stopping the other process`);
        exitCode = code || 1;
        stop('SIGTERM');
      }
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
    });
  }
  process.on('SIGINT', () => stop('SIGTERM'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main();
