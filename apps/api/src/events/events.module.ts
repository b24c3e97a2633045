import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { LiveEventsFeed, QueueModule } from '@app/queue';
import { AuthModule } from '../auth/auth.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/** The dashboard's live updates: GET /api/events over LiveEventsFeed (Redis). */
@Module({
  imports: [ConfigModule, QueueModule, AuthModule],
  controllers: [EventsController],
  providers: [EventsService, LiveEventsFeed],
  exports: [EventsService],
})
export class EventsModule {}
