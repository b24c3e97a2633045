import { isIP } from 'node:net';

/**
 * Whether a listen address only accepts connections from this machine: localhost,
 * 127.0.0.0/8, ::1 (and 127.x written as IPv4-mapped IPv6). 0.0.0.0, :: and any
 * other name or address are reachable from elsewhere.
 */
export function isLoopbackHost(host: string): boolean {
  const value = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (value === 'localhost') return true;
  if (isIP(value) === 4) return value.startsWith('127.');
  if (isIP(value) === 6) return value === '::1' || /^::ffff:127\./.test(value) || value === '0:0:0:0:0:0:0:1';
  return false;
}
