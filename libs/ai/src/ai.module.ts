import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { AiResponder } from './ai-responder';
import { AskYourDatabaseClient } from './ask-your-database/ask-your-database-client';

@Module({
  imports: [ConfigModule],
  providers: [AiResponder, AskYourDatabaseClient],
  exports: [AiResponder, AskYourDatabaseClient],
})
export class AiModule {}
