import { isIP } from 'node:net';
import { isLoopbackHost, StartupError } from '@app/config';

const TUNNEL_HINT =
  'expose the port with a tunnel, e.g. `cloudflared tunnel --url http://127.0.0.1:3000` (or `ngrok http 3000`), ' +
  'and set PUBLIC_BASE_URL to the https:// address it prints';

/** 10/8, 172.16/12, 192.168/16, 169.254/16 (link-local), fc00::/7 and fe80::/10: not on the internet. */
function isPrivateAddress(host: string): boolean {
  const value = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (isIP(value) === 4) return /^(10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(value);
  if (isIP(value) === 6) return /^(f[cd]|fe[89ab])/.test(value);
  return value.endsWith('.local') || value.endsWith('.internal') || !value.includes('.');
}

/**
 * The URL Twilio is to call, refused when Twilio could not call it (live mode): unset,
 * not http(s), this machine or a private network. In sandbox mode the sandbox calls
 * the app itself, so a loopback URL is right.
 */
export function webhookBaseUrl(publicBaseUrl: string | undefined, live: boolean): string {
  if (!publicBaseUrl) throw new StartupError(`PUBLIC_BASE_URL is not set: ${TUNNEL_HINT}`);
  const url = new URL(publicBaseUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new StartupError(`PUBLIC_BASE_URL must be an http(s) URL, not ${url.protocol}`);
  if (live && (isLoopbackHost(url.hostname) || isPrivateAddress(url.hostname)))
    throw new StartupError(`PUBLIC_BASE_URL is ${publicBaseUrl}, which Twilio cannot reach: ${TUNNEL_HINT}`);
  return publicBaseUrl.replace(/\/+$/, '');
}

/**
 * Asks the app's health route through the public URL: the same way in that Twilio will
 * use, so a tunnel that is down or points elsewhere shows now, not as unanswered texts.
 */
export async function assertAppAnswers(baseUrl: string, timeoutMs = 5_000): Promise<void> {
  const url = `${baseUrl}/api/health`;
  let answer: Response;
  try {
    answer = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new StartupError(
      `nothing answers at ${url} (${reason}): start the app (\`npm start\`) and the tunnel first, or pass --skip-check`,
    );
  }
  const body = (await answer.json().catch(() => null)) as { status?: unknown } | null;
  if (typeof body?.status !== 'string')
    throw new StartupError(
      `${url} answered HTTP ${answer.status}, but not as Switchboard does: is PUBLIC_BASE_URL this app's address (and the tunnel pointed at its port)? Pass --skip-check to connect anyway`,
    );
}
