/** The database the e2e suites and the benchmarks use; TEST_DATABASE_URL overrides it. */
export const TEST_DATABASE_URL: string;
/** The comment the suite sets on every database it creates. */
export const SUITE_MARKER: string;
/** An empty database at `url`, marked as the suite's; rejects when the database exists without the mark. */
export function recreateSuiteDatabase(url: string): Promise<void>;
/** Drops a database the suite created; rejects when it exists without the mark. */
export function dropSuiteDatabase(url: string): Promise<void>;
