// The test suite's PostgreSQL databases. The suite creates them, marks each with a comment, and
// drops only a database that carries that mark: a database it did not create (a developer's own
// `switchboard_test`, say) is refused with a message, never dropped.
'use strict';
const { Client } = require('pg');

/** The database the e2e suites and the benchmarks use; TEST_DATABASE_URL overrides it. */
const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchboard_test_suite';

/** Set (COMMENT ON DATABASE) on every database the suite creates: the one thing that lets it drop one. */
const SUITE_MARKER =
  'switchboard test suite: created by test/support/suite-database.js, dropped and recreated by every run';

const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1));
const quoted = (name) => `"${name.replace(/"/g, '""')}"`;

/** Runs `work` on the server's `postgres` database (a database cannot be dropped from inside itself). */
async function withServer(url, work) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether the database exists and whether the suite made it (its comment is the marker). */
async function ownership(client, name) {
  const { rows } = await client.query(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [name],
  );
  if (rows.length === 0) return { exists: false, ours: false, comment: null };
  return { exists: true, ours: rows[0].comment === SUITE_MARKER, comment: rows[0].comment };
}

function refusal(name, comment) {
  const what = comment === null ? 'it has no comment' : `its comment is ${JSON.stringify(comment)}`;
  return new Error(
    `The test suite refuses to drop database "${name}": it did not create it (${what}; the suite marks its own ` +
      `databases with ${JSON.stringify(SUITE_MARKER)}). Point TEST_DATABASE_URL at a database name that does not ` +
      `exist yet (the suite creates it), or drop "${name}" yourself if nothing in it matters.`,
  );
}

/**
 * An empty database at `url`, marked as the suite's: created when absent, dropped and created again
 * when the suite made it, refused (an Error saying why) when anyone else did.
 */
async function recreateSuiteDatabase(url) {
  const name = databaseName(url);
  await withServer(url, async (client) => {
    const found = await ownership(client, name);
    if (found.exists && !found.ours) throw refusal(name, found.comment);
    if (found.exists) await client.query(`DROP DATABASE ${quoted(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted(name)}`);
    await client.query(`COMMENT ON DATABASE ${quoted(name)} IS ${client.escapeLiteral(SUITE_MARKER)}`);
  });
}

/** Drops a database the suite created (nothing when it is gone already); refuses anyone else's. */
async function dropSuiteDatabase(url) {
  const name = databaseName(url);
  await withServer(url, async (client) => {
    const found = await ownership(client, name);
    if (!found.exists) return;
    if (!found.ours) throw refusal(name, found.comment);
    await client.query(`DROP DATABASE ${quoted(name)} WITH (FORCE)`);
  });
}

module.exports = { TEST_DATABASE_URL, SUITE_MARKER, recreateSuiteDatabase, dropSuiteDatabase };
