import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { BullConnection } from './bull-connection';
import { RedisConnection } from './redis.provider';

/** The process's Redis clients (one Redis, or a cluster): our own commands' and BullMQ's. */
@Module({
  imports: [ConfigModule],
  providers: [RedisConnection, BullConnection],
  exports: [RedisConnection, BullConnection],
})
export class RedisModule {}
