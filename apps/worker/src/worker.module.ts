import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AiModule } from '@app/ai';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { MessagingModule } from '@app/messaging';
import { QueueModule } from '@app/queue';
import { TwilioModule } from '@app/twilio';
import { HeartbeatService } from './heartbeat.service';
import { JOB_PROCESSORS } from './jobs';
import { WorkerRunner } from './worker-runner';

/** The worker: no HTTP listener; the only process that consumes the queues. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    TwilioModule,
    AiModule,
    MessagingModule,
    DiscoveryModule,
  ],
  providers: [...JOB_PROCESSORS, WorkerRunner, HeartbeatService],
})
export class WorkerModule {}
