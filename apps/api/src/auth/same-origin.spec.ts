import type { FastifyRequest } from 'fastify';
import { canonicalOrigin, isSafeMethod, isSameOrigin, ownOrigins } from './same-origin';

const request = (protocol: string, host: string) => ({ protocol, host }) as FastifyRequest;

describe('canonicalOrigin', () => {
  it.each([
    ['https://Dash.Example.com', 'https://dash.example.com'],
    ['https://dash.example.com:443', 'https://dash.example.com'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['http://localhost:80', 'http://localhost'],
    ['https://dash.example.com/', 'https://dash.example.com'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('reads %s as %s', (value, origin) => expect(canonicalOrigin(value)).toBe(origin));

  it.each([undefined, '', 'null', 'dash.example.com', 'ftp://dash.example.com', 'https://user:pw@dash.example.com'])(
    'refuses %p',
    (value) => expect(canonicalOrigin(value)).toBeNull(),
  );
});

describe('ownOrigins and isSameOrigin', () => {
  it('accepts the origin of the request itself, and PUBLIC_BASE_URL', () => {
    const own = ownOrigins(request('https', 'dash.example.com'), 'https://sms.example.com');
    expect(own).toEqual(['https://dash.example.com', 'https://sms.example.com']);
    expect(isSameOrigin('https://dash.example.com', own)).toBe(true);
    expect(isSameOrigin('https://DASH.example.com:443', own)).toBe(true);
    expect(isSameOrigin('https://sms.example.com', own)).toBe(true);
  });

  it('refuses another site, another scheme or port, and a missing, null or repeated Origin', () => {
    const own = ownOrigins(request('http', 'localhost:3000'), undefined);
    expect(own).toEqual(['http://localhost:3000']);
    expect(isSameOrigin('https://evil.example', own)).toBe(false);
    expect(isSameOrigin('https://localhost:3000', own)).toBe(false);
    expect(isSameOrigin('http://localhost:3001', own)).toBe(false);
    expect(isSameOrigin('http://localhost:3000.evil.example', own)).toBe(false);
    expect(isSameOrigin(undefined, own)).toBe(false);
    expect(isSameOrigin('null', own)).toBe(false);
    expect(isSameOrigin(['http://localhost:3000'], own)).toBe(false);
  });

  it('tells the methods that change nothing', () => {
    expect(['GET', 'head', 'OPTIONS'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].some(isSafeMethod)).toBe(false);
  });
});
