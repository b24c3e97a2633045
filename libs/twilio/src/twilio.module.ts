import { Global, Module } from '@nestjs/common';
import { TwilioGateway } from './twilio-gateway';

@Global()
@Module({ providers: [TwilioGateway], exports: [TwilioGateway] })
export class TwilioModule {}
