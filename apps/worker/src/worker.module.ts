import { Module } from '@nestjs/common';
import { AiModule } from '@app/ai';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { MessagingModule } from '@app/messaging';
import { QueueModule } from '@app/queue';
import { TwilioModule } from '@app/twilio';
import { PROCESSORS } from './processors';

/** The worker: no HTTP listener; the only process that registers queue processors. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, QueueModule, TwilioModule, AiModule, MessagingModule],
  providers: [...PROCESSORS],
})
export class WorkerModule {}
