import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import {
  APP_DEFAULT_REDIS_URL,
  deleteKeysWithPrefix,
  dropSuiteDatabase,
  Harness,
  isAppDefaultRedis,
  recreateSuiteDatabase,
  runKeysInAppDefault,
  runPrefix,
  SUITE_MARKER,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  waitFor,
} from './support';

/**
 * A clean clone runs a clean test: the suite writes only to its own Redis database, under its run's
 * prefix (which the global teardown removes), never to the apps' default DB 0, and drops no
 * database it did not create (issue 20, part 8).
 */
describe('what the tests touch', () => {
  describe('Redis', () => {
    let h: Harness;
    let redis: Redis;

    beforeAll(async () => {
      h = await Harness.start();
      // Another suite's settings (AI on, against its own fake model, gone now) must not decide this reply.
      await h.truncate();
      redis = new Redis(TEST_REDIS_URL);
    });
    afterAll(async () => {
      redis?.disconnect();
      await h?.close();
    });

    it('keeps every key of the run in TEST_REDIS_URL under the run prefix, and none in DB 0', async () => {
      expect(isAppDefaultRedis(TEST_REDIS_URL)).toBe(false);
      expect(h.env.QUEUE_PREFIX.startsWith(`${runPrefix()}-`)).toBe(true);
      // Queues, a reply job, the worker's heartbeat and the shared counters: the app's usual keys.
      expect((await h.inbound('+15550142001', 'hello')).statusCode).toBe(200);
      await waitFor(() => h.twilio.sent.length === 1, 'the reply');
      const keys = await redis.keys(`${h.env.QUEUE_PREFIX}:*`);
      expect(keys.length).toBeGreaterThan(5);
      expect(keys.filter((key) => key.endsWith(':workers'))).toHaveLength(1);
      // The same check the global teardown makes (where a stray key fails the whole run).
      expect(await runKeysInAppDefault()).toEqual([]);
    });

    it('cleans up only keys with the given prefix (what the global teardown does with the run prefix)', async () => {
      const probe = `${runPrefix()}-cleanup-probe-${randomBytes(4).toString('hex')}`;
      const neighbour = `${runPrefix()}x-not-this-prefix-${randomBytes(4).toString('hex')}`;
      await redis.set(`${probe}:a`, '1');
      await redis.hset(`${probe}:b`, 'field', '1');
      await redis.set(neighbour, '1');
      try {
        expect(await deleteKeysWithPrefix(TEST_REDIS_URL, `${probe}:`)).toBe(2);
        expect(await redis.exists(`${probe}:a`, `${probe}:b`)).toBe(0);
        expect(await redis.get(neighbour)).toBe('1');
      } finally {
        await redis.del(neighbour);
      }
    });

    it('knows the apps’ default Redis database in its spellings, and no other', () => {
      expect(APP_DEFAULT_REDIS_URL).toBe('redis://127.0.0.1:6379/0');
      for (const url of ['redis://127.0.0.1:6379', 'redis://localhost:6379/0', 'redis://[::1]/', 'redis://127.0.0.1'])
        expect({ url, isDefault: isAppDefaultRedis(url) }).toEqual({ url, isDefault: true });
      for (const url of ['redis://127.0.0.1:6379/15', 'redis://127.0.0.1:6380/0', 'redis://redis.example:6379/0'])
        expect({ url, isDefault: isAppDefaultRedis(url) }).toEqual({ url, isDefault: false });
    });
  });

  describe('PostgreSQL', () => {
    // Scratch databases beside the suite's, created here and dropped here.
    const scratch = (label: string) => {
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `${url.pathname}_${label}_${randomBytes(3).toString('hex')}`;
      return { url: url.toString(), name: url.pathname.slice(1) };
    };
    let server: Client;
    const created: string[] = [];

    beforeAll(async () => {
      const admin = new URL(TEST_DATABASE_URL);
      admin.pathname = '/postgres';
      server = new Client({ connectionString: admin.toString() });
      await server.connect();
    });
    afterAll(async () => {
      for (const name of created) await server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await server.end();
    });

    /** A database someone else made: a table with a row in it, and their comment (or none). */
    async function foreignDatabase(label: string, comment: string | null) {
      const db = scratch(label);
      await server.query(`CREATE DATABASE "${db.name}"`);
      created.push(db.name);
      if (comment !== null) await server.query(`COMMENT ON DATABASE "${db.name}" IS ${server.escapeLiteral(comment)}`);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      await client.query(`CREATE TABLE precious (id int); INSERT INTO precious VALUES (1)`);
      await client.end();
      return db;
    }

    const rowsIn = async (url: string) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query('SELECT count(*)::int AS n FROM precious')).rows[0].n;
      } finally {
        await client.end();
      }
    };
    const commentOf = async (name: string) =>
      (
        await server.query(`SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1`, [
          name,
        ])
      ).rows[0]?.c;

    it('marks the suite’s own database', async () => {
      expect(await commentOf(new URL(TEST_DATABASE_URL).pathname.slice(1))).toBe(SUITE_MARKER);
    });

    it.each([
      ['with another comment', 'the staging copy: keep'],
      ['without a comment', null],
    ])('refuses to drop or recreate a database it did not create (%s)', async (_case, comment) => {
      const db = await foreignDatabase('foreign', comment);
      for (const attempt of [recreateSuiteDatabase, dropSuiteDatabase]) {
        await expect(attempt(db.url)).rejects.toThrow(
          new RegExp(`refuses to drop database "${db.name}": it did not create it .*TEST_DATABASE_URL`),
        );
      }
      expect(await rowsIn(db.url)).toBe(1);
      expect(await commentOf(db.name)).toBe(comment ?? null);
    });

    it('creates a database that is not there, and recreates (empty) one it marked', async () => {
      const db = scratch('own');
      created.push(db.name);
      await recreateSuiteDatabase(db.url);
      expect(await commentOf(db.name)).toBe(SUITE_MARKER);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      await client.query('CREATE TABLE leftover (id int)');
      await client.end();

      await recreateSuiteDatabase(db.url);
      const again = new Client({ connectionString: db.url });
      await again.connect();
      const { rows } = await again.query(`SELECT to_regclass('leftover') AS t`);
      await again.end();
      expect(rows[0].t).toBeNull();
      expect(await commentOf(db.name)).toBe(SUITE_MARKER);

      await dropSuiteDatabase(db.url);
      expect(await commentOf(db.name)).toBeUndefined();
    });
  });
});
