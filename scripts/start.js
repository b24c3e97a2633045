#!/usr/bin/env node
// `npm start`: check PostgreSQL and Redis, migrate, build if the sources changed since the last
// build, then run the API and one worker together from the build.
// Ctrl-C (or SIGTERM) stops both cleanly; if either dies, the other is stopped too.
'use strict';
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { buildIfChanged } = require('./build-freshness');
const { migrate, DEFAULT_URL } = require('./db-migrate');

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const root = path.join(__dirname, '..');
const APPS = {
  api: path.join(root, 'dist/apps/api/apps/api/src/main.js'),
  worker: path.join(root, 'dist/apps/worker/apps/worker/src/main.js'),
};

/** Whether something answers on Redis's host and port (the apps check Redis properly; this only spares a build). */
function redisReachable(url) {
  const { hostname, port } = new URL(url);
  // A socket path or anything unusual: left to the apps' own check.
  if (!hostname) return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) });
    const done = (reachable) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(3_000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function main() {
  // A local .env is read here (never overriding variables already set), so `npm start` just works.
  const envFile = path.join(root, '.env');
  if (require('node:fs').existsSync(envFile)) process.loadEnvFile(envFile);
  const url = process.env.DATABASE_URL || DEFAULT_URL;
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  if (!(await redisReachable(redisUrl))) {
    const shown = new URL(redisUrl);
    if (shown.password) shown.password = '***';
    console.error(
      `switchboard: cannot reach Redis at ${shown}. Start it (or \`docker compose up -d postgres redis\`) and check REDIS_URL.`,
    );
    process.exit(1);
  }
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
  buildIfChanged();

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
