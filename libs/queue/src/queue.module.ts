import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig } from '@app/config';
import { JobQueue } from './job-queue.service';
import { QueueName } from './queue-name.enum';
import { RedisConnection } from './redis.provider';

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        prefix: config.queue.prefix,
        // BullMQ needs maxRetriesPerRequest null for its blocking connections.
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [JobQueue, RedisConnection],
  exports: [JobQueue, RedisConnection, BullModule],
})
export class QueueModule {}
