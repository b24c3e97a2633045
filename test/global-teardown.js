// After the e2e suites and the benchmarks: the run's Redis keys are removed (only those: they carry
// its prefix), and the run fails if any of them reached the apps' default Redis database.
// The database is kept for a look after a failure; the next run drops and recreates it.
const { endRedisRun } = require('./support/suite-redis');

module.exports = async () => {
  await endRedisRun(globalThis.switchboardAppRedisSizeBefore ?? null);
};
