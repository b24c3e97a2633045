import { createHash } from 'node:crypto';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '@app/config';
import { PrismaClient } from './generated/prisma/client';

/** Prisma's query compiler over a node-postgres pool of `max` connections. */
function clientOptions(url: string, max: number) {
  return {
    adapter: new PrismaPg(
      {
        connectionString: url,
        max,
        // Fail fast when PostgreSQL is unreachable instead of queueing requests forever.
        connectionTimeoutMillis: 5_000,
      },
      // Named (prepared) statements: each connection parses and plans a query text once,
      // not on every call; planning was a third of a webhook's statement time.
      { statementNameGenerator: ({ sql }) => statementName(sql) },
    ),
  };
}

/** The database client of a process: the admin API, the workers, everything but the webhooks' hot statements. */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(config: AppConfig) {
    super(clientOptions(config.databaseUrl, config.database.poolSize));
  }

  /** Last, after workers have drained (they close in onModuleDestroy). */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}

/**
 * A client of its own for Twilio's webhooks (WebhookRepository): its connections are
 * theirs, so a flood of admin requests waiting for the main pool can never hold up
 * an inbound message or a status callback. Group commit keeps one statement of each
 * kind in flight, so a few connections are plenty. It connects only when first used
 * (never, in a worker).
 */
@Injectable()
export class WebhookPrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(config: AppConfig) {
    super(clientOptions(config.databaseUrl, config.database.webhookPoolSize));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}

/** A stable name per SQL text (PostgreSQL keeps 63 bytes of a name). */
function statementName(sql: string): string {
  return `p_${createHash('sha1').update(sql).digest('base64url')}`;
}
