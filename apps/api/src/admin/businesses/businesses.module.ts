import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { ApiKeysController } from './api-keys.controller';
import { BusinessesController } from './businesses.controller';
import { BusinessesService } from './businesses.service';

/** The platform's administration of businesses: /api/businesses and their API keys. */
@Module({
  imports: [ConfigModule, DatabaseModule],
  controllers: [BusinessesController, ApiKeysController],
  providers: [BusinessesService],
})
export class BusinessesModule {}
