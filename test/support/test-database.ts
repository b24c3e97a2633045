import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_DATABASE_URL } from './suite-database';
import { TEST_REDIS_URL, testKeyPrefix } from './suite-redis';

/**
 * The one place tests get their PostgreSQL and Redis from: the suite's own database (created, marked
 * and migrated by test/global-setup.js), its own Redis database (TEST_REDIS_URL, DB 15 by default),
 * and testKeyPrefix() for every app's QUEUE_PREFIX, whose keys the global teardown removes.
 */
export { TEST_DATABASE_URL } from './suite-database';
export { TEST_REDIS_URL, testKeyPrefix } from './suite-redis';

/** The suite's own database reached through a local port (a TcpProxy the test controls). */
export function testDatabaseUrlVia(port: number): string {
  const url = new URL(TEST_DATABASE_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

/**
 * For benchmarks: leaves the database as a steady server would have it — tables
 * vacuumed and analyzed, no autovacuum running — so one scenario's writes do not
 * bill the next one's numbers.
 */
export async function settleDatabase(url = TEST_DATABASE_URL): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    for (let waited = 0; waited < 30_000; waited += 250) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`,
      );
      if (rows[0].n === 0) break;
      await sleep(250);
    }
  } finally {
    await client.end();
  }
}

/**
 * What a built app (or CLI) runs with in the tests: nothing of the caller's environment but
 * PATH, the suite's database and Redis, a key prefix the global teardown removes, and `extra`
 * on top (PORT, keys, Twilio). LOG_LEVEL is warn unless `extra` says otherwise.
 */
export function builtAppEnv(label: string, extra: Record<string, string | undefined> = {}) {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: testKeyPrefix(label),
    ...extra,
  } as Record<string, string | undefined>;
}

/**
 * Every table a test run writes to, for TRUNCATE (one statement: PostgreSQL orders it by the
 * foreign keys). Businesses themselves are not here: the default business must stay.
 */
export const DATA_TABLES =
  'messages, contacts, appointments, conversation_states, availability, auto_reply_config, ai_config, outbox, campaigns, campaign_recipients, reminders, business_numbers, api_keys, owner_summaries, emergencies, ai_sessions, calls';
