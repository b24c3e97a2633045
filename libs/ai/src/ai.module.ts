import { Global, Module } from '@nestjs/common';
import { AiResponder } from './ai-responder';

@Global()
@Module({ providers: [AiResponder], exports: [AiResponder] })
export class AiModule {}
