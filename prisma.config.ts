import { defineConfig } from 'prisma/config';

// Prisma's env() throws when a variable is unset; the CLI only needs a URL for
// migrate/introspect, so fall back to the same local default as the app.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchboard',
  },
});
