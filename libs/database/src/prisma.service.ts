import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '@app/config';
import { PrismaClient } from './generated/prisma/client';

/** The one database client of a process (Prisma's query compiler over node-postgres). */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(config: AppConfig) {
    super({
      adapter: new PrismaPg({
        connectionString: config.databaseUrl,
        max: 20,
        // Fail fast when PostgreSQL is unreachable instead of queueing requests forever.
        connectionTimeoutMillis: 5_000,
      }),
    });
  }

  /** Last, after workers have drained (they close in onModuleDestroy). */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
