import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, runMain } from '@app/config';
import { assertPostgresReady } from '@app/database';
import { assertRedisReady } from '@app/queue';
import { ApiModule } from './api.module';
import { configureApp, createAdapter } from './bootstrap';

runMain(async () => {
  // Check what a person can fix before Nest starts, so they get one clear line.
  const config = loadConfig(process.env);
  await Promise.all([assertPostgresReady(config.databaseUrl), assertRedisReady(config.redisUrl)]);
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, createAdapter(config), {
    bufferLogs: true,
  });
  await configureApp(app);
  await app.listen(config.http.port, config.http.host);
});
