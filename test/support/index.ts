export * from '@app/testing';
export * from './fake-openai';
export * from './fake-twilio';
export * from './harness';
export * from './openapi-traffic';
export * from './test-database';
export * from './wait-for';
export * from './processes';
export * from './tcp-proxy';
export * from './redis-server';
export * from './redis-cluster';
export * from './cpu-usage';
export * from './readme-examples';
export { dropSuiteDatabase, recreateSuiteDatabase, SUITE_MARKER } from './suite-database';
export {
  APP_DEFAULT_REDIS_URL,
  deleteKeysWithPrefix,
  isAppDefaultRedis,
  runKeysInAppDefault,
  runPrefix,
} from './suite-redis';
export * from './fake-google-calendar';
