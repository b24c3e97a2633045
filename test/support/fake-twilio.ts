import { randomBytes } from 'node:crypto';
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
export interface FakeTwilioRequest {
  method: string;
  path: string;
  params: FormParams;
  receivedAt: number;
}

/** A media file the fake serves as Twilio does: its API URL needs the account's Basic auth and redirects to a "CDN". */
export interface FakeMediaOptions {
  /** The account it belongs to (default: the fake's own). */
  accountSid?: string;
  /** Sent without Content-Length (chunked), as a CDN may. */
  chunked?: boolean;
  /** Declares this Content-Length instead of the true one. */
  declaredLength?: number;
  /** Never answers the CDN request (a stalled download). */
  stall?: boolean;
}

interface FakeMedia extends FakeMediaOptions {
  accountSid: string;
  bytes: Buffer;
  contentType: string;
}

export class FakeTwilio extends TwilioSandbox {
  /** Every request, with when it arrived (performance.now(), for benchmarks). */
  readonly requests: FakeTwilioRequest[] = [];
  /**
   * Told of each request as it arrives: a benchmark waiting for a reply is woken by it instead of
   * polling, which would take event-loop time from the API and this fake running in its process.
   */
  private readonly listeners = new Set<(request: FakeTwilioRequest) => void>();
  private server: Server | null = null;
  url = '';
  /** Media by API path (/2010-04-01/Accounts/AC…/Messages/MM…/Media/ME…), and by CDN token. */
  private readonly media = new Map<string, FakeMedia>();
  private readonly cdn = new Map<string, FakeMedia>();
  /** The Authorization header of each request to the "CDN" (undefined when none came, as it should). */
  readonly cdnAuthorizations: Array<string | undefined> = [];

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
    const request = { method: req.method ?? 'GET', path: url.pathname, params: form, receivedAt };
    this.requests.push(request);
    for (const listener of this.listeners) listener(request);
    if (req.method === 'GET' && (await this.serveMedia(url.pathname, req, res))) return;
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

  /**
   * A media file as Twilio keeps an inbound message's: returns its MediaUrl, spelled as Twilio
   * sends it (https://api.twilio.com/…; the app moves it to TWILIO_API_BASE_URL, this fake).
   */
  addMedia(bytes: Buffer, contentType: string, options: FakeMediaOptions = {}): string {
    const accountSid = options.accountSid ?? this.accountSid;
    const hex = () => randomBytes(16).toString('hex');
    const path = `/2010-04-01/Accounts/${accountSid}/Messages/MM${hex()}/Media/ME${hex()}`;
    this.media.set(path, { ...options, accountSid, bytes, contentType });
    return `https://api.twilio.com${path}`;
  }

  /** Twilio's media resource (Basic auth, then a 307 to a presigned CDN URL) and that CDN. */
  private async serveMedia(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const file = this.media.get(path);
    if (file) {
      if (!(await this.authenticate(req.headers.authorization, file.accountSid))) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
        return true;
      }
      const token = randomBytes(16).toString('hex');
      this.cdn.set(token, file);
      res.writeHead(307, { location: `${this.url}/cdn/${token}` }).end();
      return true;
    }
    const served = /^\/cdn\/([0-9a-f]{32})$/.exec(path);
    if (!served) return false;
    this.cdnAuthorizations.push(req.headers.authorization);
    const cdnFile = this.cdn.get(served[1]);
    if (!cdnFile) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('expired');
      return true;
    }
    if (cdnFile.stall) return true;
    const headers: Record<string, string | number> = { 'content-type': cdnFile.contentType };
    if (!cdnFile.chunked) headers['content-length'] = cdnFile.declaredLength ?? cdnFile.bytes.length;
    res.writeHead(200, headers);
    // In two writes, so a chunked body comes as chunks.
    const half = Math.floor(cdnFile.bytes.length / 2);
    res.write(cdnFile.bytes.subarray(0, half));
    res.end(cdnFile.bytes.subarray(half));
    return true;
  }

  /** Calls `listener` with every request from now on, until the returned function is called. */
  onRequest(listener: (request: FakeTwilioRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(): void {
    super.reset();
    this.requests.length = 0;
    this.media.clear();
    this.cdn.clear();
    this.cdnAuthorizations.length = 0;
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
