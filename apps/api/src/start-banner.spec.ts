import type { AppConfig } from '@app/config';
import { startBanner } from './start-banner';

const config = (overrides: Partial<Record<'host' | 'adminApiKey' | 'mode' | 'publicBaseUrl', string>>) =>
  ({
    http: { host: overrides.host ?? '127.0.0.1', port: 3000 },
    adminApiKey: overrides.adminApiKey,
    twilio: { mode: overrides.mode ?? 'sandbox' },
    publicBaseUrl: overrides.publicBaseUrl,
  }) as unknown as AppConfig;

describe('startBanner', () => {
  it('gives the URLs, says the admin API is off, and the next command in sandbox mode', () => {
    const banner = startBanner(config({}));
    expect(banner).toContain('listening on http://127.0.0.1:3000 (sandbox mode');
    expect(banner).toContain('dashboard  http://127.0.0.1:3000/\n');
    expect(banner).toContain('http://127.0.0.1:3000/docs');
    expect(banner).toContain('http://127.0.0.1:3000/admin/queues');
    expect(banner).toContain('admin API  off: set ADMIN_API_KEY');
    expect(banner).toContain('npm run sim -- text');
  });

  it('shows a wildcard address as one a browser here can open, never the key, and the webhook in live mode', () => {
    const banner = startBanner(
      config({ host: '0.0.0.0', adminApiKey: 'k'.repeat(40), mode: 'live', publicBaseUrl: 'https://sms.example.com' }),
    );
    expect(banner).toContain('listening on http://127.0.0.1:3000\n');
    expect(banner).toContain('admin API  on');
    expect(banner).not.toContain('k'.repeat(40));
    expect(banner).toContain('https://sms.example.com/twilio/inbound');
    expect(startBanner(config({ host: '::1' }))).toContain('http://[::1]:3000');
  });
});
