import type { FastifyReply, FastifyRequest } from 'fastify';
import { accessLogLevel } from './access-log-level';

/** A request as the access log's hook sees it: method, URL, the route the router chose (undefined: none). */
const levelOf = (method: string, url: string, route: string | undefined, statusCode = 200) =>
  accessLogLevel(
    { method, url, routeOptions: { url: route } } as unknown as FastifyRequest,
    { statusCode } as unknown as FastifyReply,
  );

describe('accessLogLevel', () => {
  it('puts the board’s polling and assets at debug', () => {
    expect(levelOf('GET', '/admin/queues/api/queues?activeQueue=inbound', '/admin/queues/api/queues')).toBe('debug');
    expect(levelOf('GET', '/admin/queues/api/redis/stats', '/admin/queues/api/redis/stats')).toBe('debug');
    expect(levelOf('GET', '/admin/queues/static/js/main.f10757109b.js', '/admin/queues/static/*')).toBe('debug');
    expect(levelOf('HEAD', '/admin/queues/static/css/main.css', '/admin/queues/static/*', 304)).toBe('debug');
  });

  it('puts the dashboard’s hashed assets at debug, and its pages and a missing asset at info', () => {
    expect(levelOf('GET', '/assets/index-CMkSN3qI.js', '/assets/*')).toBe('debug');
    expect(levelOf('GET', '/assets/index-gone.js', '/assets/*', 404)).toBe('info');
    expect(levelOf('GET', '/conversations', '/conversations')).toBe('info');
  });

  it('keeps at info what someone did on the board, and its refusals', () => {
    expect(levelOf('GET', '/admin/queues', '/admin/queues')).toBe('info');
    expect(levelOf('POST', '/admin/queues/login', '/admin/queues/login', 303)).toBe('info');
    expect(
      levelOf('PUT', '/admin/queues/api/queues/inbound/retry/failed', '/admin/queues/api/queues/:q/retry/:s'),
    ).toBe('info');
    expect(levelOf('GET', '/admin/queues/api/queues', '/admin/queues/api/queues', 401)).toBe('info');
    expect(levelOf('GET', '/admin/queues/api/nothing-here', undefined, 404)).toBe('info');
  });

  it('logs the API, webhooks and metrics at info, and health probes not at all', () => {
    expect(levelOf('GET', '/api/messages', '/api/messages')).toBe('info');
    expect(levelOf('POST', '/twilio/inbound', '/twilio/inbound')).toBe('info');
    expect(levelOf('GET', '/metrics', '/metrics')).toBe('info');
    expect(levelOf('GET', '/api/health', '/api/health')).toBe('none');
  });
});
