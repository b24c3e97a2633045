import type { ServerResponse } from 'node:http';
import type { RawLiveEvent } from '@app/queue';

/** A client that reads slower than events come is let go past this much unsent: it reconnects with Last-Event-ID. */
export const MAX_UNSENT_BYTES = 1024 * 1024;

/** What the browser waits before reconnecting, told once at the start (EventSource's `retry:`). */
const RECONNECT_MS = 3_000;

export interface StreamOptions {
  heartbeatMs: number;
  /** Runs after each heartbeat; resolving false ends the stream (the session ended, the key was revoked). */
  stillAllowed: () => Promise<boolean>;
}

/**
 * One open text/event-stream response: events framed with their `id:` (what the browser sends
 * back as Last-Event-ID), a comment every `heartbeatMs` so proxies and the server's idle timeout
 * see traffic, and one end, whichever comes first — the client leaving, a heartbeat finding the
 * client no longer allowed, a client too slow to keep up, or the server shutting down.
 */
export class EventStreamConnection {
  private readonly timer: NodeJS.Timeout;
  private ended = false;
  private readonly endListeners: Array<() => void> = [];

  constructor(
    private readonly raw: ServerResponse,
    private readonly options: StreamOptions,
  ) {
    this.timer = setInterval(() => void this.heartbeat(), options.heartbeatMs);
    this.timer.unref();
    raw.once('close', () => this.end());
  }

  /** Status and headers (those already on `raw`, security headers included, stay), then the reconnect delay. */
  start(headers: Record<string, string | number | string[]>): void {
    this.raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Proxies such as nginx would otherwise hold the events back until the stream ends.
      'x-accel-buffering': 'no',
    });
    this.raw.write(`retry: ${RECONNECT_MS}\n\n`);
  }

  send(event: RawLiveEvent): void {
    this.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${event.data}\n\n`);
  }

  /** An event without an id (the client's position does not move): `reset`, say. */
  notice(type: string, data: unknown): void {
    this.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  onEnd(listener: () => void): void {
    if (this.ended) listener();
    else this.endListeners.push(listener);
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    if (!this.raw.writableEnded) this.raw.end();
    for (const listener of this.endListeners.splice(0)) listener();
  }

  private write(chunk: string): void {
    if (this.ended) return;
    this.raw.write(chunk);
    if (this.raw.writableLength > MAX_UNSENT_BYTES) this.end();
  }

  private async heartbeat(): Promise<void> {
    this.write(': keep-alive\n\n');
    const allowed = await this.options.stillAllowed().catch(() => false);
    if (!allowed) this.end();
  }
}
