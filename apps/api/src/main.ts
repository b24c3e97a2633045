import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, ConfigError } from '@app/config';
import { ApiModule } from './api.module';
import { configureApp, createAdapter } from './bootstrap';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, createAdapter(), { bufferLogs: true });
  configureApp(app);
  const config = app.get(AppConfig);
  await app.listen(config.http.port, config.http.host);
}

main().catch((error: unknown) => {
  // A bad variable gets one clear line, not a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
