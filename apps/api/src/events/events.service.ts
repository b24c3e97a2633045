import { BeforeApplicationShutdown, HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@app/config';
import { logCompleted } from '@app/logging';
import { LiveEventsFeed, parseStreamId } from '@app/queue';
import { RequestAuthenticator } from '../auth/request-authenticator';
import { EventStreamConnection } from './event-stream-connection';
import { EventStreams } from './event-streams';
import { OrderedDelivery } from './ordered-delivery';

/** A comment this often keeps proxies, load balancers and HTTP_IDLE_TIMEOUT_MS from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;

/** Redis must answer the subscription within this, or the client is told to come back (503). */
const SUBSCRIBE_TIMEOUT_MS = 5_000;

/** After a reconnect, the stream is read again for up to 10 s before the client is let go to resume by itself. */
const CATCH_UP_ATTEMPTS = 20;
const CATCH_UP_RETRY_MS = 500;

export interface StreamRequest {
  businessId: string;
  /** Last-Event-ID (header) or `lastEventId` (query), as the client sent it. */
  lastEventId: string | undefined;
  /** The business named in the query, to check again on each heartbeat as the guard did. */
  queryBusiness: string | undefined;
}

/**
 * GET /api/events: one business's live events (LiveEvents) as Server-Sent Events. Everything that
 * can fail is done before the 200 (the cap, Redis), so a failure is an ordinary error answer:
 * the place under the cap, the position to start from (the client's Last-Event-ID, or the
 * stream's newest event), the subscription, and the replay of what came after that position.
 * Then live events follow the replay (OrderedDelivery), and every heartbeat checks that the
 * session or key is still good, so a sign-out, an expired session, a revoked key or a suspended
 * business ends the stream within HEARTBEAT_MS.
 */
@Injectable()
export class EventsService implements BeforeApplicationShutdown {
  private readonly streams: EventStreams;
  private readonly connections = new Set<EventStreamConnection>();

  constructor(
    config: AppConfig,
    private readonly feed: LiveEventsFeed,
    private readonly authenticator: RequestAuthenticator,
  ) {
    this.streams = new EventStreams(config.events.maxStreamsPerBusiness);
  }

  async open(stream: StreamRequest, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { businessId } = stream;
    if (!this.streams.tryOpen(businessId)) {
      void reply.status(429).header('retry-after', '30').send({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Too many live event streams open for this business; close one (another tab) and retry',
      });
      return;
    }
    let released = false;
    const release = () => {
      if (!released) this.streams.release(businessId);
      released = true;
    };
    let stop = () => {};
    // The client may leave while Redis is being asked.
    let gone = false;
    reply.raw.once('close', () => (gone = true));
    try {
      const asked = parseStreamId(stream.lastEventId);
      const start = asked ?? (await this.unlessSlow(this.feed.latestId(businessId)));
      let connection: EventStreamConnection | null = null;
      const delivery = new OrderedDelivery((event) => connection?.send(event), start);
      const following = this.feed.follow(businessId, {
        event: (event) => delivery.live(event),
        resync: () => void this.catchUp(businessId, delivery, () => connection),
      });
      stop = await this.unlessSlow(following).catch((error: unknown) => {
        // Subscribed after all, too late: let go of it then.
        void following.then(
          (late) => late(),
          () => undefined,
        );
        throw error;
      });
      const replay = await this.unlessSlow(this.feed.replay(businessId, start));
      if (gone) throw new StreamAbandoned();
      reply.hijack();
      connection = new EventStreamConnection(reply.raw, {
        heartbeatMs: HEARTBEAT_MS,
        stillAllowed: () => this.stillAllowed(request, reply, stream),
      });
      this.connections.add(connection);
      const opened = connection;
      connection.onEnd(() => {
        stop();
        release();
        this.connections.delete(opened);
        logCompleted(request, reply);
      });
      connection.start(headersOf(reply));
      // The client had a position the buffer no longer holds (or an id that was never ours): it
      // may have missed more than the replay has, and should read afresh what it shows.
      if (stream.lastEventId !== undefined && (!asked || !replay.found))
        connection.notice('reset', { reason: 'Some events since Last-Event-ID are no longer kept: reload' });
      delivery.replayed(replay.events);
      delivery.release();
    } catch (error) {
      stop();
      release();
      if (error instanceof StreamAbandoned) return;
      if (error instanceof HttpException) throw error;
      throw new ServiceUnavailableException('Live events are unavailable (Redis); retry shortly');
    }
  }

  /**
   * After Redis reconnected: what came while the channel was lost, from the stream, before anything
   * newer. The connection that reads the stream may come back a little after the subscriber's.
   */
  private async catchUp(
    businessId: string,
    delivery: OrderedDelivery,
    connection: () => EventStreamConnection | null,
  ): Promise<void> {
    delivery.hold();
    for (let attempt = 1; ; attempt++) {
      if (connection()?.isOpen === false) return;
      try {
        const replay = await this.feed.replay(businessId, delivery.lastId);
        delivery.replayed(replay.events);
        delivery.release();
        return;
      } catch {
        if (attempt >= CATCH_UP_ATTEMPTS) break;
        await sleep(CATCH_UP_RETRY_MS);
      }
    }
    // The client reconnects with its Last-Event-ID and gets the rest then.
    connection()?.end();
  }

  private async stillAllowed(request: FastifyRequest, reply: FastifyReply, stream: StreamRequest): Promise<boolean> {
    const auth = await this.authenticator.authenticate(request, reply, {
      queryBusiness: stream.queryBusiness,
      countFailures: false,
    });
    return auth.businessId === stream.businessId;
  }

  private async unlessSlow<T>(work: Promise<T>): Promise<T> {
    const timeout = new AbortController();
    try {
      return await Promise.race([
        work,
        sleep(SUBSCRIBE_TIMEOUT_MS, undefined, { signal: timeout.signal }).then(() => {
          throw new Error('Redis did not answer in time');
        }),
      ]);
    } finally {
      timeout.abort();
    }
  }

  /** Streams open on this instance now (the metrics' gauge). */
  openStreams(): number {
    return this.streams.total();
  }

  /** Streams end before the HTTP server closes (it would wait for them); clients reconnect to another instance. */
  beforeApplicationShutdown(): void {
    for (const connection of [...this.connections]) connection.end();
  }
}

class StreamAbandoned extends Error {}

/** The headers Fastify holds for the reply (rate limit's, say); the security headers are on the raw response already. */
function headersOf(reply: FastifyReply): Record<string, string | number | string[]> {
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  return headers;
}
