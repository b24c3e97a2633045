import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { TwilioGateway } from './twilio-gateway';

@Module({ imports: [ConfigModule], providers: [TwilioGateway], exports: [TwilioGateway] })
export class TwilioModule {}
