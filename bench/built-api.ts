import { randomBytes, randomInt } from 'node:crypto';
import { cpus } from 'node:os';
import type autocannon from 'autocannon';
import twilio from 'twilio';
import { builtAppEnv, BuiltProcess, FakeTwilio, freePort, spawnBuilt, waitFor } from '../test/support';

/**
 * The built API in a process of its own, in live mode against a fake Twilio, as a benchmark
 * drives it over real HTTP. Ready once /api/health answers; stopped with SIGTERM, so an API run
 * with BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" writes its profile.
 */
export class BenchApi {
  readonly fakeTwilio = new FakeTwilio();
  url = '';
  private process: BuiltProcess | null = null;

  static async start(env: Record<string, string | undefined>): Promise<BenchApi> {
    const api = new BenchApi();
    await api.fakeTwilio.start();
    const port = await freePort();
    api.url = `http://127.0.0.1:${port}`;
    api.process = await spawnBuilt(
      'api',
      builtAppEnv('bench', {
        PORT: String(port),
        PUBLIC_BASE_URL: api.url,
        TWILIO_ACCOUNT_SID: api.fakeTwilio.accountSid,
        TWILIO_AUTH_TOKEN: api.fakeTwilio.authToken,
        TWILIO_API_BASE_URL: api.fakeTwilio.url,
        ...env,
      }),
      null,
      20_000,
      process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
    );
    await waitFor(
      async () => (await fetch(`${api.url}/api/health`).catch(() => undefined))?.ok,
      'the API to answer /api/health',
      20_000,
    );
    return api;
  }

  /** `count` distinct inbound webhooks, each signed as Twilio signs it, ready for autocannon. */
  signedInbound(count: number, body: string, headers: Record<string, string> = {}) {
    return Array.from({ length: count }, () => {
      const params = {
        MessageSid: `SM${randomBytes(16).toString('hex')}`,
        AccountSid: this.fakeTwilio.accountSid,
        From: `+1555${String(randomInt(1e7)).padStart(7, '0')}`,
        To: '+15550001111',
        Body: body,
        NumMedia: '0',
      };
      const signature = twilio.getExpectedTwilioSignature(
        this.fakeTwilio.authToken,
        `${this.url}/twilio/inbound`,
        params,
      );
      return {
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, ...headers },
        body: new URLSearchParams(params).toString(),
      };
    });
  }

  async stop(): Promise<void> {
    const child = this.process?.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await this.fakeTwilio.close();
  }
}

/** What a bench prints of the signed webhooks' run: how many were answered, how, and how fast (ms). */
export function webhookSummary(result: autocannon.Result) {
  return {
    answered: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

/** Responses by status code, e.g. { "200": 966, "429": 7947 }. */
export function byStatus(result: autocannon.Result) {
  return Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
}

export const machine = () => ({ cpus: cpus().length, model: cpus()[0]?.model, node: process.version });
