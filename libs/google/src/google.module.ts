import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { GoogleCalendar } from './google-calendar';

@Module({ imports: [ConfigModule], providers: [GoogleCalendar], exports: [GoogleCalendar] })
export class GoogleModule {}
