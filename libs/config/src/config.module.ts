import { Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';
import { Clock } from '@app/common';

@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadConfig(process.env) }, Clock],
  exports: [AppConfig, Clock],
})
export class ConfigModule {}
