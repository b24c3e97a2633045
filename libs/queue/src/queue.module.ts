import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { ConfigModule } from '@app/config';
import { BullConnection } from './bull-connection';
import { JobQueue } from './job-queue.service';
import { JobSchedulers } from './job-schedulers';
import { LiveEvents } from './live-events';
import { QueueName } from './queue-name.enum';
import { RedisModule } from './redis.module';
import { SharedCounters } from './shared-counters';
import { WorkerHeartbeat } from './worker-heartbeat';
import { WorkerLiveness } from './worker-liveness';

@Module({
  imports: [
    ConfigModule,
    RedisModule,
    BullModule.forRootAsync({
      imports: [RedisModule],
      inject: [BullConnection],
      useFactory: (bull: BullConnection) => bull.options(),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [JobQueue, JobSchedulers, WorkerHeartbeat, WorkerLiveness, SharedCounters, LiveEvents],
  exports: [
    JobQueue,
    JobSchedulers,
    WorkerHeartbeat,
    WorkerLiveness,
    SharedCounters,
    LiveEvents,
    BullModule,
    RedisModule,
  ],
})
export class QueueModule {}
