import type { AppConfig } from '@app/config';

/**
 * What `npm start` ends on, for a person at a terminal: where the API is, where the dashboard, the
 * docs and the queues are, whether the admin API is on, and the next thing to try. Never a secret.
 */
export function startBanner(config: Pick<AppConfig, 'http' | 'adminApiKey' | 'twilio' | 'publicBaseUrl'>): string {
  const { host, port } = config.http;
  // 0.0.0.0 and :: listen everywhere; a browser on this machine reaches them at 127.0.0.1.
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  const sandbox = config.twilio.mode === 'sandbox';
  return [
    `switchboard: the API is listening on ${url}${sandbox ? ' (sandbox mode: Twilio is simulated, nothing is sent)' : ''}`,
    `  dashboard  ${url}/`,
    `  docs       ${url}/docs`,
    `  queues     ${url}/admin/queues`,
    config.adminApiKey
      ? '  admin API  on (send the X-API-Key header)'
      : '  admin API  off: set ADMIN_API_KEY (e.g. in .env) to turn it on',
    sandbox
      ? '  try        npm run sim -- text +14155550100 HELP'
      : `  Twilio     point your number's messaging webhook at ${config.publicBaseUrl ?? 'PUBLIC_BASE_URL'}/twilio/inbound`,
  ].join('\n');
}
