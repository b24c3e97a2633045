import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { AiResponder } from './ai-responder';

@Module({ imports: [ConfigModule], providers: [AiResponder], exports: [AiResponder] })
export class AiModule {}
