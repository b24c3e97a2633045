import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { TwilioGateway } from './twilio-gateway';
import { TwilioMedia } from './twilio-media';

@Module({ imports: [ConfigModule], providers: [TwilioGateway, TwilioMedia], exports: [TwilioGateway, TwilioMedia] })
export class TwilioModule {}
