import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { getDMMF } from '@prisma/internals';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { migrate } from '../scripts/db-migrate';
import { dropSuiteDatabase, recreateSuiteDatabase, TEST_DATABASE_URL } from './support';

/**
 * The hand-written SQL migrations (applied by scripts/db-migrate.js in global setup)
 * must produce exactly what prisma/schema.prisma describes: every model's table,
 * every field's column with its nullability and type family, every unique index.
 */
describe('migrated database matches schema.prisma', () => {
  let client: Client;
  let models: Awaited<ReturnType<typeof getDMMF>>['datamodel']['models'];

  beforeAll(async () => {
    const dmmf = await getDMMF({ datamodel: readFileSync(join(__dirname, '..', 'prisma', 'schema.prisma'), 'utf8') });
    models = dmmf.datamodel.models;
    client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  const PG_TYPES: Record<string, string[]> = {
    String: ['text', 'uuid', 'character varying'],
    Int: ['integer'],
    Float: ['double precision'],
    BigInt: ['bigint'],
    Boolean: ['boolean'],
    DateTime: ['timestamp without time zone'],
    Json: ['jsonb'],
  };

  it('has a table per model and a column per field, with the right nullability and type', async () => {
    for (const model of models) {
      const table = model.dbName ?? model.name;
      const { rows } = await client.query(
        `SELECT column_name, is_nullable, data_type, udt_name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      );
      expect({ table, exists: rows.length > 0 }).toEqual({ table, exists: true });
      const columns = new Map(rows.map((r) => [r.column_name, r]));
      const scalarFields = model.fields.filter((f) => f.kind !== 'object');
      for (const field of scalarFields) {
        const column = columns.get(field.dbName ?? field.name);
        expect({ table, field: field.name, exists: Boolean(column) }).toEqual({
          table,
          field: field.name,
          exists: true,
        });
        // Prisma lists are NOT NULL-less arrays; everything else follows isRequired.
        const nullable = field.isList ? column.is_nullable === 'YES' : !field.isRequired;
        expect({ table, field: field.name, nullable: column.is_nullable === 'YES' }).toEqual({
          table,
          field: field.name,
          nullable,
        });
        const type = field.isList
          ? column.data_type === 'ARRAY'
          : field.kind === 'enum'
            ? column.udt_name === field.type
            : (PG_TYPES[field.type] ?? []).includes(column.data_type);
        expect({ table, field: field.name, typeMatches: type }).toEqual({
          table,
          field: field.name,
          typeMatches: true,
        });
      }
      // No stray columns the schema does not know about.
      expect([...columns.keys()].sort()).toEqual(scalarFields.map((f) => f.dbName ?? f.name).sort());
    }
  });

  it('has every unique constraint and primary key', async () => {
    const { rows } = await client.query(`
      SELECT t.relname AS table, i.indisprimary AS primary,
        array_to_string(array_agg(a.attname::text ORDER BY array_position(i.indkey::int[], a.attnum::int)), ',') AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
      WHERE i.indisunique
      GROUP BY t.relname, i.indexrelid, i.indisprimary`);
    const found = new Set(rows.map((r) => `${r.table}(${r.columns})${r.primary ? ' pk' : ''}`));
    for (const model of models) {
      const table = model.dbName ?? model.name;
      for (const field of model.fields.filter((f) => f.isUnique)) {
        expect(found).toContain(`${table}(${field.dbName ?? field.name})`);
      }
      for (const unique of model.uniqueFields) expect(found).toContain(`${table}(${unique.join(',')})`);
      for (const field of model.fields.filter((f) => f.isId))
        expect(found).toContain(`${table}(${field.dbName ?? field.name}) pk`);
    }
  });

  it('has every enum with its values', async () => {
    const { datamodel } = await getDMMF({
      datamodel: readFileSync(join(__dirname, '..', 'prisma', 'schema.prisma'), 'utf8'),
    });
    for (const e of datamodel.enums) {
      const { rows } = await client.query(
        `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
        [e.dbName ?? e.name],
      );
      expect(rows.map((r) => r.enumlabel)).toEqual(e.values.map((v) => v.dbName ?? v.name));
    }
  });

  it('records the migrations as prisma migrate deploy does', async () => {
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('migration 20261201000000_message_vocabulary', () => {
  // A database of its own, migrated to just before the migration, filled as the old code filled it.
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `${url.pathname}_vocabulary`;
  const migrationUrl = url.toString();
  let client: Client;

  beforeAll(async () => {
    await recreateSuiteDatabase(migrationUrl);
    await migrate(migrationUrl, () => undefined, { until: '20261122040000_drop_redundant_status_index' });
    client = new Client({ connectionString: migrationUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await dropSuiteDatabase(migrationUrl);
  });

  it('keeps every row: "cancelled" becomes "canceled", and a status outside the vocabulary becomes "queued"', async () => {
    const [{ id: campaignId }] = (
      await client.query(
        `INSERT INTO campaigns (name, body, status) VALUES ('Old', 'Hi', 'cancelled') RETURNING id::text`,
      )
    ).rows;
    await client.query(
      `INSERT INTO campaign_recipients ("campaignId", input, phone, status)
       VALUES ($1, '+15550100000', '+15550100000', 'cancelled'), ($1, 'junk', NULL, 'invalid')`,
      [campaignId],
    );
    await client.query(
      `INSERT INTO messages (sid, direction, "from", "to", participant, status, "statusRank", source)
       VALUES ('SM1', 'outbound', 'a', 'b', 'b', 'delivered', 7, 'api'),
              ('SM2', 'outbound', 'a', 'b', 'b', 'delivering', 3, 'status_callback'),
              ('SM3', 'outbound', 'a', 'b', 'b', 'partially_delivered', 3, 'campaign')`,
    );

    expect(await migrate(migrationUrl, () => undefined, { until: '20261201000000_message_vocabulary' })).toEqual([
      '20261201000000_message_vocabulary',
    ]);

    expect((await client.query(`SELECT status FROM campaigns`)).rows).toEqual([{ status: 'canceled' }]);
    expect((await client.query(`SELECT status FROM campaign_recipients ORDER BY input`)).rows).toEqual([
      { status: 'canceled' },
      { status: 'invalid' },
    ]);
    expect(
      (await client.query(`SELECT sid, status, "statusRank" AS rank, source FROM messages ORDER BY sid`)).rows,
    ).toEqual([
      { sid: 'SM1', status: 'delivered', rank: 7, source: 'api' },
      { sid: 'SM2', status: 'queued', rank: 3, source: 'status_callback' },
      { sid: 'SM3', status: 'partially_delivered', rank: 7, source: 'campaign' },
    ]);
  });
});

describe('migration 20261201010000_disable_seconds_cron', () => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `${url.pathname}_cron`;
  const migrationUrl = url.toString();
  let client: Client;

  beforeAll(async () => {
    await recreateSuiteDatabase(migrationUrl);
    await migrate(migrationUrl, () => undefined, { until: '20261201000000_message_vocabulary' });
    client = new Client({ connectionString: migrationUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await dropSuiteDatabase(migrationUrl);
  });

  it('disables only reminders whose cron has a seconds field, and says why', async () => {
    await client.query(
      `INSERT INTO reminders ("to", body, cron, "intervalSeconds") VALUES
         ('+15550100001', 'a', '* * * * * *', NULL),
         ('+15550100002', 'b', ' */10 * * * * * ', NULL),
         ('+15550100003', 'c', '0 9 * * 1-5', NULL),
         ('+15550100004', 'd', '@hourly', NULL),
         ('+15550100005', 'e', NULL, 3600)`,
    );
    await migrate(migrationUrl);
    const { rows } = await client.query(`SELECT "to", enabled, "lastError" FROM reminders ORDER BY "to"`);
    expect(rows.map((r) => [r.to, r.enabled])).toEqual([
      ['+15550100001', false],
      ['+15550100002', false],
      ['+15550100003', true],
      ['+15550100004', true],
      ['+15550100005', true],
    ]);
    expect(rows[0].lastError).toMatch(/seconds field/);
  });
});

describe('migration 20261202000000_businesses (upgrade in place)', () => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `${url.pathname}_businesses`;
  const migrationUrl = url.toString();
  let client: Client;

  beforeAll(async () => {
    await recreateSuiteDatabase(migrationUrl);
    await migrate(migrationUrl, () => undefined, { until: '20261201010000_disable_seconds_cron' });
    client = new Client({ connectionString: migrationUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await dropSuiteDatabase(migrationUrl);
  });

  it('puts every row there was into the business "default", the reply settings included', async () => {
    // Filled as the code before businesses filled it.
    const [{ id: campaignId }] = (
      await client.query(
        `INSERT INTO campaigns (name, body, status) VALUES ('Old', 'Hi', 'running') RETURNING id::text`,
      )
    ).rows;
    await client.query(
      `INSERT INTO campaign_recipients ("campaignId", input, phone, status) VALUES ($1, '+15550100000', '+15550100000', 'pending')`,
      [campaignId],
    );
    await client.query(
      `INSERT INTO messages (sid, direction, "from", "to", participant, status, "statusRank", source)
       VALUES ('SM1', 'inbound', '+15550100000', '+15005550006', '+15550100000', 'received', 5, 'inbound')`,
    );
    await client.query(`INSERT INTO contacts (phone, "optedOut") VALUES ('+15550100000', true)`);
    await client.query(`INSERT INTO reminders ("to", body, "intervalSeconds") VALUES ('+15550100000', 'r', 3600)`);
    await client.query(`INSERT INTO auto_reply_config (id, enabled, message) VALUES (1, true, 'We are closed')`);
    await client.query(`INSERT INTO ai_config (id, enabled, "systemPrompt") VALUES (1, true, 'Be brief')`);

    expect(await migrate(migrationUrl)).toContain('20261202000000_businesses');

    expect((await client.query(`SELECT id::text, slug, status FROM businesses`)).rows).toEqual([
      { id: DEFAULT_BUSINESS_ID, slug: 'default', status: 'active' },
    ]);
    for (const table of ['messages', 'contacts', 'campaigns', 'campaign_recipients', 'reminders']) {
      const { rows } = await client.query(`SELECT DISTINCT "businessId"::text AS business FROM ${table}`);
      expect({ table, rows }).toEqual({ table, rows: [{ business: DEFAULT_BUSINESS_ID }] });
    }
    expect((await client.query(`SELECT "businessId"::text AS business, message FROM auto_reply_config`)).rows).toEqual([
      { business: DEFAULT_BUSINESS_ID, message: 'We are closed' },
    ]);
    expect((await client.query(`SELECT "businessId"::text AS business, "systemPrompt" FROM ai_config`)).rows).toEqual([
      { business: DEFAULT_BUSINESS_ID, systemPrompt: 'Be brief' },
    ]);
    // A contact is unique per business now: the same number can be a contact of another business.
    const [{ id: other }] = (
      await client.query(`INSERT INTO businesses (name, slug) VALUES ('Other', 'other') RETURNING id::text`)
    ).rows;
    await client.query(`INSERT INTO contacts ("businessId", phone) VALUES ($1, '+15550100000')`, [other]);
    await expect(
      client.query(`INSERT INTO contacts ("businessId", phone) VALUES ($1, '+15550100000')`, [DEFAULT_BUSINESS_ID]),
    ).rejects.toThrow(/duplicate key/);
    // Every writer names its business (20261202010000_business_id_required): a row without one is refused.
    for (const table of ['messages', 'contacts', 'campaigns', 'campaign_recipients', 'reminders']) {
      const { rows } = await client.query(
        `SELECT column_default FROM information_schema.columns WHERE table_name = $1 AND column_name = 'businessId'`,
        [table],
      );
      expect({ table, rows }).toEqual({ table, rows: [{ column_default: null }] });
    }
    await expect(client.query(`INSERT INTO businesses (name, slug) VALUES ('Bad', 'Not A Slug')`)).rejects.toThrow(
      /businesses_slug_check/,
    );
  });
});
