// Creates the suite's own database from scratch and migrates it with our migrator.
const { Client } = require('pg');
const { migrate } = require('../scripts/db-migrate');

const url = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchboard_test';

module.exports = async () => {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  await migrate(url);
};
