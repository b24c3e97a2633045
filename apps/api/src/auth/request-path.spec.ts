import { clientKey, normalizePath, surfaceOfPath } from './request-path';

describe('normalizePath', () => {
  it.each([
    ['/api/messages', '/api/messages'],
    ['/%61pi/messages', '/api/messages'],
    ['/%2561pi/messages', '/api/messages'],
    ['/%252561pi/messages', '/api/messages'],
    ['//api//messages/', '/api/messages'],
    ['/API/Messages', '/api/messages'],
    ['/api/./messages', '/api/messages'],
    ['/x/../api/messages', '/api/messages'],
    ['/../../api/messages', '/api/messages'],
    ['\\api\\messages', '/api/messages'],
    ['/api/messages?limit=1#x', '/api/messages'],
    ['/api%2fmessages', '/api/messages'],
    ['http://switchboard.test/api/messages', '/api/messages'],
    ['/api/%E0%A4%A/messages', '/api/%e0%a4%a/messages'],
    ['/', '/'],
    ['', '/'],
  ])('%s is %s', (url, path) => {
    expect(normalizePath(url)).toBe(path);
  });
});

describe('surfaceOfPath', () => {
  it.each([
    ['/api/messages', 'admin'],
    ['/api/messages/:sid', 'admin'],
    ['/api/widget/messages', 'widget'],
    ['/widget/embed.js', 'widget'],
    ['/api/widget/../messages', 'admin'],
    ['/api/widgets', 'admin'],
    ['/api', 'admin'],
    ['/%61pi/messages', 'admin'],
    ['/api/health', 'health'],
    ['/api/%68ealth', 'health'],
    ['/api/health/', 'health'],
    ['/API/HEALTH', 'health'],
    ['/api/health/x', 'admin'],
    ['/api/healthz', 'admin'],
    ['/twilio/inbound', 'webhook'],
    ['/%74wilio/status', 'webhook'],
    // The originals' addresses (webhook-paths.ts), exactly: nothing else under them is a webhook.
    ['/webhooks/sms/inbound', 'webhook'],
    ['/Webhooks/SMS/status/', 'webhook'],
    ['/whatsapp', 'webhook'],
    ['/whatsapp?From=x', 'webhook'],
    ['/whatsappx', 'other'],
    ['/webhooks/sms', 'other'],
    ['/webhooks/sms/other', 'other'],
    ['/healthz', 'health'],
    ['/healthz/x', 'other'],
    ['/admin/queues', 'board'],
    ['/admin/queues/login', 'board'],
    ['/admin/queues/*', 'board'],
    ['/admin/queuesx', 'other'],
    ['/metrics', 'metrics'],
    ['/METRICS', 'metrics'],
    ['/docs-json', 'other'],
    ['/sandbox/2010-04-01/Accounts/:AccountSid/Messages.json', 'other'],
    ['/twilio/../api/messages', 'admin'],
  ])('%s is %s', (url, surface) => {
    expect(surfaceOfPath(url)).toBe(surface);
  });
});

describe('clientKey', () => {
  it('keeps an IPv4 address, and reads an IPv4-mapped IPv6 one as IPv4', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('2001:db8:0:0:9::')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64');
  });
});
