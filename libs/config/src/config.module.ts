import { Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';
import { Clock, SecretBox } from '@app/common';

@Module({
  providers: [
    { provide: AppConfig, useFactory: () => loadConfig(process.env) },
    Clock,
    {
      provide: SecretBox,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new SecretBox(config.secrets.key, config.secrets.previousKey),
    },
  ],
  exports: [AppConfig, Clock, SecretBox],
})
export class ConfigModule {}
