import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ApiModule } from '../api.module';
import metadata from '../metadata';
import { createOpenApiDocument } from './openapi';

/**
 * The document /docs-json serves, made without PostgreSQL, Redis or a port: Nest's preview mode
 * reads the modules and controllers without creating a provider. The dashboard's API types are
 * generated from it (scripts/dashboard-api-types.mjs); test/docs.e2e-spec.ts checks that it is the
 * document the running API serves.
 */
export async function buildOpenApiDocumentOffline(): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    await SwaggerModule.loadPluginMetadata(metadata);
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
