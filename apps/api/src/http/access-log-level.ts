import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessLogLevel } from '@app/logging';
import { BOARD_PATH, surfaceOf } from '../auth/request-path';
import { DASHBOARD_ASSETS_PREFIX } from '../dashboard/dashboard-pages';

/** What the board's page fetches by itself: its JSON reads (polled every 5 s per open tab) and its assets. */
const BOARD_READS = [`${BOARD_PATH}/api/`, `${BOARD_PATH}/static/`];
/** The dashboard's hashed files, fetched with every first load of the page. */
const DASHBOARD_ASSETS = `${DASHBOARD_ASSETS_PREFIX}*`;

/**
 * The access log's level for a request. Health probes get no line (they come every few seconds).
 * The board's own reads get a debug line: an open board polls every 5 seconds, and an info line
 * each time buried the requests someone made. Opening the board, logging in or out, its actions
 * (retry, clean, pause: not GETs) and every refusal stay at info. The dashboard's assets get a debug
 * line too (its page loads and its API calls keep theirs).
 */
export function accessLogLevel(request: FastifyRequest, reply: FastifyReply): AccessLogLevel {
  const surface = surfaceOf(request);
  if (surface === 'health') return 'none';
  if (surface === 'board' && isBoardRead(request) && reply.statusCode < 400) return 'debug';
  if (request.routeOptions.url === DASHBOARD_ASSETS && reply.statusCode < 400) return 'debug';
  return 'info';
}

function isBoardRead(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  // The route the router chose (a template), not the URL as spelled; none matched: not the board's.
  const route = request.routeOptions.url;
  return route !== undefined && BOARD_READS.some((prefix) => route.startsWith(prefix));
}
