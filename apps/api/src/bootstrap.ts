import { ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';

/** 1 MiB: far above any Twilio webhook or admin request; larger bodies get 413. */
export const BODY_LIMIT = 1024 * 1024;

export function createAdapter(): FastifyAdapter {
  // trustProxy: behind a load balancer the signature URL must be the public one.
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy: true });
}

/** Everything main.ts and the e2e tests both need, so tests run the app as deployed. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  app.enableShutdownHooks();
  return app;
}
