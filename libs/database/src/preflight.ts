import { Client } from 'pg';
import { redactUrl, StartupError } from '@app/config';

/** Fails start-up with one clear line when PostgreSQL cannot be reached or the schema is missing. */
export async function assertPostgresReady(url: string, timeoutMs = 3_000): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new StartupError(
      `cannot reach PostgreSQL at ${redactUrl(url)} (${(error as Error).message}). ` +
        'Start it (or `docker compose up -d postgres redis`) and check DATABASE_URL.',
    );
  }
  try {
    const { rows } = await client.query<{ migrated: boolean }>(
      "SELECT to_regclass('public.messages') IS NOT NULL AS migrated",
    );
    if (!rows[0].migrated) {
      throw new StartupError(`the database at ${redactUrl(url)} has no tables yet: run \`npm run db:migrate\` first.`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
