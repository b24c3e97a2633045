// Before the e2e suites and the benchmarks: their own database, created from scratch (only if the
// suite made it before, see support/suite-database.js) and migrated with our migrator, and their
// own Redis database and key prefix (support/suite-redis.js).
const { migrate } = require('../scripts/db-migrate');
const { recreateSuiteDatabase, TEST_DATABASE_URL } = require('./support/suite-database');
const { beginRedisRun } = require('./support/suite-redis');

module.exports = async () => {
  await recreateSuiteDatabase(TEST_DATABASE_URL);
  await migrate(TEST_DATABASE_URL);
  // Jest runs the global teardown in this same process: it compares DB 0 against this.
  globalThis.switchboardAppRedisSizeBefore = await beginRedisRun();
};
