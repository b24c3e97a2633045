import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { pipeline, Readable, Transform } from 'node:stream';
import { Agent, Dispatcher, ProxyAgent, request } from 'undici';
import type { TwilioAccount } from '@app/common';
import { AppConfig } from '@app/config';
import { allowedMediaRedirect, twilioMediaTarget } from './twilio-media-url';

/** Twilio answers a media URL with a redirect to its CDN; one more hop is allowed for the CDN's own. */
const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Downloads at once per process: each holds one connection (and, without a length, up to MEDIA_MAX_BYTES). */
const CONNECTIONS = 16;

export type MediaFailure = 'refused' | 'not_found' | 'too_large' | 'upstream' | 'timeout';

/** Why a media file was not passed on. The message never holds the URL (it names the account) nor credentials. */
export class TwilioMediaError extends Error {
  constructor(
    readonly kind: MediaFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioMediaError';
  }
}

export interface MediaDownload {
  /** The upstream's Content-Type, as it came; null when it sent none. */
  contentType: string | null;
  /** Bytes, when known before the body is read (always at most MEDIA_MAX_BYTES). */
  length: number | null;
  /** The body; it fails (and the download stops) if it runs past MEDIA_MAX_BYTES or the deadline. */
  body: Readable;
}

/**
 * Inbound media files (Twilio's MediaUrlN), downloaded with the receiving account's
 * credentials: the outside world's side of GET /api/messages/:id/media/:n, behind one class.
 *
 * Only the account's own media resources at Twilio's API are fetched (see twilioMediaTarget);
 * the credentials go with the first request only, never with the redirect to Twilio's CDN
 * (a presigned URL). The size is capped (MEDIA_MAX_BYTES): a declared length over it is refused
 * before the body is read, a body without one is read into memory up to the cap, and a body
 * that runs past its declared length is cut off. One deadline (MEDIA_TIMEOUT_MS) covers the
 * whole download; TWILIO_TIMEOUT_MS bounds each wait for headers and for the next bytes.
 */
@Injectable()
export class TwilioMedia implements OnApplicationShutdown {
  private readonly logger = new Logger(TwilioMedia.name);
  private readonly dispatcher: Dispatcher;

  constructor(private readonly config: AppConfig) {
    const { timeoutMs, caBundle, httpProxy, mode } = config.twilio;
    const options = {
      connections: CONNECTIONS,
      keepAliveTimeout: 30_000,
      connectTimeout: timeoutMs,
      ...(caBundle ? { connect: { ca: caBundle } } : {}),
    };
    // As the REST calls: the proxy is for the internet, not for the sandbox on this machine.
    this.dispatcher =
      mode === 'live' && httpProxy ? new ProxyAgent({ ...options, uri: httpProxy }) : new Agent(options);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }

  /** The platform's account, for a business without a subaccount. */
  get platformAccount(): TwilioAccount {
    return { accountSid: this.config.twilio.accountSid, authToken: this.config.twilio.authToken };
  }

  /**
   * Starts the download of one stored media URL as `account`; resolves once the answer's
   * headers (and, without a declared length, its whole body) are in. `label` names the file in
   * logs (a message id and index: never the URL, which holds the account SID).
   */
  async download(storedUrl: string, account: TwilioAccount, label: string): Promise<MediaDownload> {
    const { apiBaseUrl, timeoutMs } = this.config.twilio;
    const { maxBytes, timeoutMs: deadlineMs } = this.config.twilio.media;
    const target = twilioMediaTarget(storedUrl, account.accountSid, apiBaseUrl);
    if (!target) {
      this.logger.warn(`${label}: not a media URL of the business's Twilio account; not fetched`);
      throw new TwilioMediaError('refused', "the stored URL is not one of the account's media files at Twilio's API");
    }
    let url: URL = target;
    const deadline = AbortSignal.timeout(deadlineMs);
    const basic = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`;
    for (let hop = 0; ; hop++) {
      const answer = await request(url, {
        dispatcher: this.dispatcher,
        method: 'GET',
        // Credentials for Twilio's API only: the CDN's URL is presigned, and may be anyone's host.
        headers: hop === 0 ? { authorization: basic } : {},
        signal: deadline,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      }).catch((error: unknown) => {
        throw failure(error, deadline);
      });
      const { statusCode, headers, body } = answer;
      if (REDIRECTS.has(statusCode)) {
        discard(body);
        const location = single(headers.location);
        const next: URL | null = location && URL.canParse(location, url.href) ? new URL(location, url) : null;
        if (!next || hop >= MAX_REDIRECTS || !allowedMediaRedirect(next, apiBaseUrl)) {
          this.logger.warn(`${label}: Twilio redirected to where media is not fetched from (hop ${hop + 1})`);
          throw new TwilioMediaError('upstream', 'Twilio redirected the download somewhere it is not followed');
        }
        url = next;
        continue;
      }
      if (statusCode < 200 || statusCode >= 300) {
        discard(body);
        if (statusCode === 404) throw new TwilioMediaError('not_found', 'Twilio no longer has this media file');
        const who = hop === 0 ? 'Twilio' : "Twilio's media CDN";
        this.logger.warn(`${label}: ${who} answered ${statusCode}`);
        throw new TwilioMediaError('upstream', `${who} answered ${statusCode} for the media file`);
      }
      const contentType = single(headers['content-type']) ?? null;
      const declared = single(headers['content-length']);
      const length = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : null;
      if (length !== null && length > maxBytes) {
        discard(body);
        throw tooLarge(`is ${length} bytes`, maxBytes);
      }
      if (length === null) return { contentType, ...(await readUpTo(body, maxBytes, deadline)) };
      // pipeline: an upstream failure (the deadline, a reset) fails what is passed on, and the other way round.
      const limited = limit(length, maxBytes);
      pipeline(body, limited, () => undefined);
      return { contentType, length, body: limited };
    }
  }
}

/** Stops reading a body we do not pass on (its connection is closed, not drained). */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const tooLarge = (what: string, maxBytes: number) =>
  new TwilioMediaError('too_large', `the media file ${what}, over MEDIA_MAX_BYTES (${maxBytes})`);

function failure(error: unknown, deadline: AbortSignal): TwilioMediaError {
  if (error instanceof TwilioMediaError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (deadline.aborted || /TIMEOUT/.test(code))
    return new TwilioMediaError('timeout', 'Twilio did not deliver the media file in time');
  return new TwilioMediaError('upstream', `could not reach Twilio for the media file (${code || 'network error'})`);
}

/** A body without a declared length, read whole up to `maxBytes` (beyond: refused, the rest never read). */
async function readUpTo(
  body: Readable,
  maxBytes: number,
  deadline: AbortSignal,
): Promise<{ body: Readable; length: number }> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        discard(body);
        throw tooLarge('runs past that', maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw failure(error, deadline);
  }
  return { body: Readable.from([Buffer.concat(chunks)]), length: total };
}

/** Passes at most `declared` (≤ maxBytes) bytes; more than the upstream declared fails the stream. */
function limit(declared: number, maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > declared) done(tooLarge(`runs past its declared ${declared} bytes`, maxBytes));
      else done(null, chunk);
    },
  });
}
