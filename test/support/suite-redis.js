// The test suite's Redis keys. Tests use a Redis database of their own (TEST_REDIS_URL, DB 15 by
// default; the apps default to DB 0), and every key they write starts with this run's prefix, so
// the global teardown removes exactly the run's keys — not another run's sharing the database, and
// nothing of anyone else's — and can tell whether any of them reached the app's own DB 0.
'use strict';
const { randomBytes } = require('node:crypto');
const { Redis } = require('ioredis');

/** Where the apps keep their queues unless REDIS_URL says otherwise (libs/config's default): never the tests'. */
const APP_DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';

/** The Redis the e2e suites and the benchmarks use; TEST_REDIS_URL overrides it. */
const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

/** Carries the run's prefix from the global setup to the test files (Jest's workers inherit the environment). */
const RUN_VARIABLE = 'SWITCHBOARD_TEST_RUN';

/** The prefix of every key this run writes: `sbtest-<random>`, chosen once per run. */
function runPrefix() {
  process.env[RUN_VARIABLE] ??= `sbtest-${randomBytes(4).toString('hex')}`;
  return process.env[RUN_VARIABLE];
}

/** A QUEUE_PREFIX for one app (or harness) of this run: its queues and keys, apart from every other one's. */
function testKeyPrefix(label) {
  return `${runPrefix()}-${label}-${randomBytes(4).toString('hex')}`;
}

/** Whether `url` is the apps' default Redis database (127.0.0.1:6379, DB 0). */
function isAppDefaultRedis(url) {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const db = Number(parsed.pathname.slice(1) || 0);
  return ['127.0.0.1', 'localhost', '::1'].includes(host) && (parsed.port || '6379') === '6379' && db === 0;
}

async function withRedis(url, work) {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    client.disconnect();
  }
}

async function keysMatching(client, pattern) {
  const keys = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Removes the keys that start with `prefix` from the database at `url`; returns how many there were. */
async function deleteKeysWithPrefix(url, prefix) {
  return withRedis(url, async (client) => {
    const keys = await keysMatching(client, `${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await client.unlink(...keys.slice(i, i + 500));
    return keys.length;
  });
}

/** The keys of this run that are in the apps' default DB 0: there must be none. */
async function runKeysInAppDefault() {
  return withRedis(APP_DEFAULT_REDIS_URL, (client) => keysMatching(client, `${runPrefix()}*`));
}

/** The global setup's part: refuse DB 0, and remember how big DB 0 is, to compare at the end. */
async function beginRedisRun() {
  if (isAppDefaultRedis(TEST_REDIS_URL)) {
    throw new Error(
      `TEST_REDIS_URL is ${TEST_REDIS_URL}, the database the apps use by default: point it at another one ` +
        '(the default is redis://127.0.0.1:6379/15).',
    );
  }
  runPrefix();
  await withRedis(TEST_REDIS_URL, (client) => client.ping()).catch((error) => {
    throw new Error(`The tests cannot reach Redis at TEST_REDIS_URL=${TEST_REDIS_URL}: ${error.message}`);
  });
  // No Redis at the default address (the tests' is elsewhere): nothing there to protect.
  return withRedis(APP_DEFAULT_REDIS_URL, (client) => client.dbsize()).catch(() => null);
}

/**
 * The global teardown's part: removes this run's keys, then fails loudly if any key of the run is in
 * DB 0. Other keys that appeared in DB 0 meanwhile are reported but not failed on: the server is
 * shared (an app started by hand, another checkout's tests), and they do not carry this run's prefix.
 */
async function endRedisRun(appDefaultSizeBefore) {
  const removed = await deleteKeysWithPrefix(TEST_REDIS_URL, runPrefix());
  if (appDefaultSizeBefore === null) return { removed, strayInAppDefault: [] };
  const stray = await runKeysInAppDefault();
  if (stray.length) {
    throw new Error(
      `The tests wrote ${stray.length} key(s) into ${APP_DEFAULT_REDIS_URL}, the apps' default database ` +
        `(e.g. ${stray.slice(0, 5).join(', ')}). Every test app must use TEST_REDIS_URL and a QUEUE_PREFIX ` +
        'from testKeyPrefix() (test/support/suite-redis.js). They were left there for you to look at.',
    );
  }
  const sizeAfter = await withRedis(APP_DEFAULT_REDIS_URL, (client) => client.dbsize());
  if (sizeAfter > appDefaultSizeBefore) {
    console.warn(
      `\nNote: ${APP_DEFAULT_REDIS_URL} gained ${sizeAfter - appDefaultSizeBefore} key(s) during the tests, none ` +
        `with this run's prefix (${runPrefix()}): something else shares that Redis.`,
    );
  }
  return { removed, strayInAppDefault: stray };
}

module.exports = {
  APP_DEFAULT_REDIS_URL,
  TEST_REDIS_URL,
  runPrefix,
  testKeyPrefix,
  isAppDefaultRedis,
  deleteKeysWithPrefix,
  runKeysInAppDefault,
  beginRedisRun,
  endRedisRun,
};
