import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig, ConfigModule } from '@app/config';
import { JobQueue } from './job-queue.service';
import { JobSchedulers } from './job-schedulers';
import { LiveEvents } from './live-events';
import { QueueName } from './queue-name.enum';
import { RedisConnection } from './redis.provider';
import { SharedCounters } from './shared-counters';
import { WorkerHeartbeat } from './worker-heartbeat';

/** Connection and key prefix for every BullMQ queue and worker. */
export function bullOptions(config: AppConfig) {
  // BullMQ needs maxRetriesPerRequest null for its blocking connections.
  return { prefix: config.queue.prefix, connection: { url: config.redisUrl, maxRetriesPerRequest: null } };
}

@Module({
  imports: [
    ConfigModule,
    BullModule.forRootAsync({
      imports: [ConfigModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => bullOptions(config),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [JobQueue, JobSchedulers, RedisConnection, WorkerHeartbeat, SharedCounters, LiveEvents],
  exports: [JobQueue, JobSchedulers, RedisConnection, WorkerHeartbeat, SharedCounters, LiveEvents, BullModule],
})
export class QueueModule {}
