/** Where the apps keep their queues unless REDIS_URL says otherwise. */
export const APP_DEFAULT_REDIS_URL: string;
/** The Redis the e2e suites and the benchmarks use; TEST_REDIS_URL overrides it. */
export const TEST_REDIS_URL: string;
/** The prefix of every key this run writes. */
export function runPrefix(): string;
/** A QUEUE_PREFIX for one app (or harness) of this run. */
export function testKeyPrefix(label: string): string;
/** Whether `url` is the apps' default Redis database (127.0.0.1:6379, DB 0). */
export function isAppDefaultRedis(url: string): boolean;
/** Removes the keys that start with `prefix` from the database at `url`; resolves with how many there were. */
export function deleteKeysWithPrefix(url: string, prefix: string): Promise<number>;
/** The keys of this run that are in the apps' default DB 0. */
export function runKeysInAppDefault(): Promise<string[]>;
/** The global setup's part; resolves with DB 0's size, or null when there is no Redis at the default address. */
export function beginRedisRun(): Promise<number | null>;
/** The global teardown's part; rejects when a key of this run is in DB 0. */
export function endRedisRun(
  appDefaultSizeBefore: number | null,
): Promise<{ removed: number; strayInAppDefault: string[] }>;
