import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig, runMain } from '@app/config';
import { assertPostgresReady } from '@app/database';
import { assertRedisReady } from '@app/queue';
import { WorkerModule } from './worker.module';

runMain(async () => {
  const config = loadConfig(process.env);
  await Promise.all([assertPostgresReady(config.databaseUrl), assertRedisReady(config)]);
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT close the BullMQ workers, which finish their in-flight jobs first.
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('Worker started');
});
