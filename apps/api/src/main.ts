import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';
import { loadConfig, runMain, StartupError } from '@app/config';
import { assertPostgresReady } from '@app/database';
import { assertRedisReady } from '@app/queue';
import { ApiModule } from './api.module';
import { configureApp, createAdapter } from './bootstrap';
import { startBanner } from './start-banner';

runMain(async () => {
  // Check what a person can fix before Nest starts, so they get one clear line.
  const config = loadConfig(process.env);
  await Promise.all([assertPostgresReady(config.databaseUrl), assertRedisReady(config)]);
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, createAdapter(config), {
    bufferLogs: true,
  });
  await configureApp(app);
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await app.close().catch(() => undefined);
    throw new StartupError(
      `port ${config.http.port} on ${config.http.host} is already in use (another Switchboard, or another program): stop it, or set PORT to a free port`,
    );
  }
  // Last on the terminal: the logs written so far (pretty ones go through a worker thread) come first.
  // Nest replays its buffered start-up logs on a later tick, hence the wait before the flush.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise<void>((resolve) => PinoLogger.root.flush(() => resolve()));
  console.log(startBanner(config));
});
