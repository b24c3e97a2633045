#!/usr/bin/env node
// Applies prisma/migrations/*/migration.sql without Prisma's schema engine (which
// must be downloaded and cannot be here), recording each one in _prisma_migrations
// exactly as `prisma migrate deploy` does, so either tool can take over later.
'use strict';
const { createHash, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/switchboard';
const MIGRATIONS_DIR = path.join(__dirname, '..', 'prisma', 'migrations');
// The same advisory lock key Prisma's migrate uses, so the two never run at once.
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

function listMigrations(dir = MIGRATIONS_DIR) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'));
      return { name, sql: sql.toString('utf8'), checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Creates the database named in the URL when it does not exist yet. */
async function ensureDatabase(url) {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Applies the pending migrations in order; `until` (a migration's name) stops after that one (tests of a migration's data changes). */
async function migrate(url = process.env.DATABASE_URL || DEFAULT_URL, log = () => {}, { until } = {}) {
  await ensureDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  const applied = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const done = new Map(rows.map((row) => [row.migration_name, row]));
    const all = listMigrations();
    const last = until ? all.findIndex((m) => m.name === until) : all.length - 1;
    if (last < 0) throw new Error(`no migration named ${until}`);
    for (const migration of all.slice(0, last + 1)) {
      const previous = done.get(migration.name);
      if (previous && previous.finished_at) {
        if (previous.checksum !== migration.checksum) {
          log(`warning: migration ${migration.name} was modified after it was applied`);
        }
        continue;
      }
      if (previous) throw new Error(`migration ${migration.name} failed earlier; resolve it before migrating again`);
      const id = randomUUID();
      await client.query('BEGIN');
      try {
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
          [id, migration.checksum, migration.name],
        );
        await client.query(migration.sql);
        await client.query(
          'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
          [id],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${error.message}`, { cause: error });
      }
      applied.push(migration.name);
      log(`applied ${migration.name}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
  return applied;
}

module.exports = { migrate, listMigrations, ensureDatabase, DEFAULT_URL };

if (require.main === module) {
  const url = process.env.DATABASE_URL || DEFAULT_URL;
  migrate(url, (line) => console.log(line))
    .then((applied) =>
      console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date'),
    )
    .catch((error) => {
      const where = new URL(url);
      where.password = where.password ? '***' : '';
      console.error(`db:migrate failed for ${where.toString()}: ${error.message}`);
      process.exit(1);
    });
}
