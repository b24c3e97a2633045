// Types for db-migrate.js (a plain Node script: npm run db:migrate runs it without a build).
export declare const DEFAULT_URL: string;
export declare function migrate(
  url?: string,
  log?: (line: string) => void,
  options?: { until?: string },
): Promise<string[]>;
export declare function ensureDatabase(url: string): Promise<void>;
export declare function listMigrations(dir?: string): Array<{ name: string; sql: string; checksum: string }>;
