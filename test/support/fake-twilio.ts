import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { FormParams, SandboxOptions, TwilioSandbox } from '@app/twilio';

export type { SentMessage, TwilioErrorReply } from '@app/twilio';

/**
 * The tests' Twilio: the app's own Twilio-compatible sandbox on a real local HTTP
 * port, driven by the real twilio SDK. Status callbacks are off: tests fire them
 * themselves, in whatever order the test needs. A StatusCallback is accepted only
 * under `callbackBaseUrls` (the harness gives its app's PUBLIC_BASE_URL), as in the app.
 */
export class FakeTwilio extends TwilioSandbox {
  /** Every request, with when it arrived (performance.now(), for benchmarks). */
  readonly requests: Array<{ method: string; path: string; params: FormParams; receivedAt: number }> = [];
  private server: Server | null = null;
  url = '';

  /** `sent` keeps the last 10,000 creations: campaign tests and benchmarks count more than the app's sandbox keeps. */
  constructor(options: SandboxOptions = {}) {
    super({ keepSent: 10_000, ...options });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const form = await readForm(req);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, params: form, receivedAt });
    const answer = await this.handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      form,
    });
    res
      .writeHead(answer.status, { 'content-type': 'application/json' })
      .end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  reset(): void {
    super.reset();
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.stop();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}

/** Event callbacks rather than `for await`: the fake shares the benchmarks' two cores with the code measured. */
function readForm(req: IncomingMessage): Promise<FormParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => resolve(parseForm(Buffer.concat(chunks).toString('utf8'))));
  });
}

function parseForm(text: string): FormParams {
  const params: FormParams = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = params[key];
    params[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  return params;
}
