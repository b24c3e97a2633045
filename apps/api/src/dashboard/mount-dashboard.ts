import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { DASHBOARD_ASSETS_PREFIX, DASHBOARD_PAGES } from './dashboard-pages';
import { findDashboardFiles, type DashboardFiles } from './dashboard-files';
import { NOT_BUILT_PAGE } from './not-built-page';

/**
 * The operator dashboard (apps/dashboard), at the Fastify level like the queue board: its pages are
 * not part of the API, so they are neither Nest routes nor in the OpenAPI document. Its assets
 * carry a content hash in their names and are cached for a year; index.html, which names them, is
 * revalidated every time (no-cache), so a new build is picked up at the next load.
 */
export async function mountDashboard(app: NestFastifyApplication, files = findDashboardFiles()): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  for (const page of DASHBOARD_PAGES) {
    fastify.get(page, (_request, reply) => sendPage(reply, files));
  }
  if (!files) return;
  await app.register(fastifyStatic, {
    root: files.assetsDir,
    prefix: DASHBOARD_ASSETS_PREFIX,
    // Leaves reply.sendFile to the board's and the docs' own copies of this plugin.
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
    // The .br and .gz files scripts/dashboard-postbuild.mjs writes beside each asset.
    preCompressed: true,
  });
}

/** The dashboard's index.html, or, when only the server was built, a page that leads on and says how to build it. */
function sendPage(reply: FastifyReply, files: DashboardFiles | null): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', files ? 'no-cache' : 'public, max-age=300')
    .send(files ? files.indexHtml : NOT_BUILT_PAGE);
}
