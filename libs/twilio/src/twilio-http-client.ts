import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { Agent, Dispatcher, ProxyAgent, request } from 'undici';

/**
 * Runs right before a request's bytes are handed to its socket, and may refuse it by
 * throwing: the request then fails with that error, and nothing was written. For a check
 * that must hold at the moment of writing, not when the call was made: a request can wait
 * in the connection pool (or behind a stalled event loop) for a while before it leaves.
 */
export type WriteGuard = () => void;

/** The guard of the calls made inside `withWriteGuard` (through the SDK, which knows nothing of it). */
const writeGuards = new AsyncLocalStorage<WriteGuard>();

/** Runs `call` so that each HTTP request it makes is checked by `guard` just before it is written. */
export function withWriteGuard<T>(guard: WriteGuard, call: () => Promise<T>): Promise<T> {
  return writeGuards.run(guard, call);
}

/** An undici interceptor that asks the calling context's guard (if any) when the request gets its socket. */
const guardWrites: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const guard = writeGuards.getStore();
  if (!guard) return dispatch(opts, handler);
  return dispatch(opts, {
    // Called by undici on the socket, immediately before it writes the request.
    onRequestStart: (controller, context) => {
      try {
        guard();
      } catch (error) {
        controller.abort(error as Error);
        return;
      }
      handler.onRequestStart?.(controller, context);
    },
    onRequestUpgrade: (controller, statusCode, headers, socket) =>
      handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
    onResponseStart: (controller, statusCode, headers, statusMessage) =>
      handler.onResponseStart?.(controller, statusCode, headers, statusMessage),
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
  });
};

const TWILIO_ORIGIN = /^https:\/\/([a-z0-9-]+\.)*twilio\.com/;
/** Headers undici sets itself and refuses from callers. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);

export interface TwilioHttpClientOptions {
  /** Send every REST call here instead of https://*.twilio.com (same paths): a mock, a proxy, the tests' fake. */
  baseUrl?: string | null;
  /** Keep-alive connections per origin: as many as calls may be in flight, so none waits for a socket. */
  connections: number;
  timeoutMs: number;
  /** Route the calls through this HTTP(S) proxy (HTTP_PROXY). */
  proxyUrl?: string;
  /** Extra CA certificates to trust (TWILIO_CA_BUNDLE's contents). */
  ca?: Buffer;
}

/**
 * The twilio SDK's HTTP client, on undici instead of axios. The SDK takes any
 * client through its documented `httpClient` option; it builds the request
 * (path, form fields, auth, headers) and parses the answer, this class only
 * moves the bytes. Profiles of campaign dispatch put axios' per-request config
 * merging and Node's http client at over a quarter of a worker's CPU; undici's
 * pooled HTTP/1.1 client does the same job for a fraction of it.
 *
 * Behaves as the SDK's own client: one attempt (retries are the queue's), no
 * redirects, answers of any status returned (the SDK turns 4xx/5xx into
 * RestException), a proxy and extra CA certificates honoured (HTTP_PROXY, TWILIO_CA_BUNDLE).
 */
export class TwilioHttpClient extends twilio.RequestClient {
  private readonly dispatcher: Dispatcher;
  private readonly baseUrl: string | null;
  private readonly timeoutMs: number;

  constructor(options: TwilioHttpClientOptions) {
    // A subclass because the SDK types `httpClient` as its RequestClient class; the
    // axios instance the base constructor makes is never used.
    super({ timeout: options.timeoutMs, autoRetry: false });
    this.baseUrl = options.baseUrl?.replace(/\/+$/, '') || null;
    this.timeoutMs = options.timeoutMs;
    const agentOptions = {
      connections: Math.max(1, options.connections),
      keepAliveTimeout: 30_000,
      // Header and body timeouts are set per request (the SDK may pass its own).
      connectTimeout: options.timeoutMs,
      ...(options.ca ? { connect: { ca: options.ca } } : {}),
    };
    this.dispatcher = (
      options.proxyUrl ? new ProxyAgent({ ...agentOptions, uri: options.proxyUrl }) : new Agent(agentOptions)
    ).compose(guardWrites);
  }

  async request<TData>(opts: BaseRequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    if (!opts.method) throw new Error('http method is required');
    if (!opts.uri) throw new Error('uri is required');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) headers[name] = String(value);
    }
    if (opts.username && opts.password) {
      headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    } else if (opts.authStrategy) headers.Authorization = await opts.authStrategy.getAuthString();

    let url = this.baseUrl ? opts.uri.replace(TWILIO_ORIGIN, this.baseUrl) : opts.uri;
    if (opts.params) {
      const query = formEncode(opts.params);
      if (query) url += (url.includes('?') ? '&' : '?') + query;
    }
    let body: string | undefined;
    if (opts.data) {
      const type = headers['Content-Type'];
      if (type === 'application/x-www-form-urlencoded') body = formEncode(opts.data);
      else if (type === 'application/json') body = JSON.stringify(opts.data);
    }

    const timeout = opts.timeout || this.timeoutMs;
    const answer = await request(url, {
      dispatcher: this.dispatcher,
      method: opts.method.toUpperCase(),
      headers,
      body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    const text = await answer.body.text();
    // The SDK parses string bodies itself (JSON.parse for records, its exception for errors).
    return { statusCode: answer.statusCode, body: text as unknown as TData, headers: answer.headers };
  }

  /** Closes the keep-alive connections (shutdown). */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/**
 * Twilio's form encoding, as the SDK's client does it (qs with arrayFormat
 * "repeat"): a list becomes the same field repeated (MediaUrl=a&MediaUrl=b).
 */
export function formEncode(fields: object): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      form.append(name, item === null ? '' : item instanceof Date ? item.toISOString() : String(item));
    }
  }
  return form.toString();
}
