import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { createRedisClient, type RedisClient } from '../redis-client';
import { RedisConnection } from '../redis.provider';
import { liveEventsKey, type RawLiveEvent, REPLAY_EVENTS } from './live-event';

/** Someone following one business's events: each new one, and word that some may have been missed. */
export interface LiveEventsListener {
  event(event: RawLiveEvent): void;
  /** The channel was lost for a while (Redis reconnected): read the stream for what came meanwhile. */
  resync(): void;
}

/** What a reconnecting client missed: the events after its last one, and whether its last one is still held. */
export interface Replay {
  events: RawLiveEvent[];
  /** false: its id is not in the buffer (trimmed, expired, or never ours), so more may have been missed. */
  found: boolean;
}

/**
 * The API's side of LiveEvents: one pub/sub connection per process, subscribed to the channels of
 * the businesses someone here is following (and only those), handing each announcement to those
 * listeners; and reads of a business's stream for what a client missed. The connection is made on
 * the first listener, so a process nobody follows holds none.
 */
@Injectable()
export class LiveEventsFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveEventsFeed.name);
  private subscriber: RedisClient | null = null;
  private readonly listeners = new Map<string, Set<LiveEventsListener>>();
  private readyBefore = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
  ) {}

  /** Starts passing `businessId`'s events to `listener`; resolves once subscribed. Returns how to stop. */
  async follow(businessId: string, listener: LiveEventsListener): Promise<() => void> {
    const channel = this.key(businessId);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    const stop = () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(channel);
      // Commands on one connection run in order, so a follow() right after this subscribes again after it.
      this.subscriber?.unsubscribe(channel).catch(() => undefined);
    };
    try {
      // Subscribing again is harmless; a later listener waits for the first one's subscription too.
      await this.connection().subscribe(channel);
    } catch (error) {
      stop();
      throw error;
    }
    return stop;
  }

  /** The id of the business's newest event, or `0-0` when it has none held. */
  async latestId(businessId: string): Promise<string> {
    const [newest] = await this.redis.client.xrevrange(this.key(businessId), '+', '-', 'COUNT', 1);
    return newest?.[0] ?? '0-0';
  }

  /** The business's events after `afterId` (a well-formed stream id), oldest first. */
  async replay(businessId: string, afterId: string): Promise<Replay> {
    const key = this.key(businessId);
    const results = await this.redis.client
      .pipeline()
      .xrange(key, afterId, afterId)
      // Trimming is approximate: the stream may hold somewhat more than REPLAY_EVENTS.
      .xrange(key, `(${afterId}`, '+', 'COUNT', REPLAY_EVENTS * 2)
      .exec();
    const [[hitError, hit], [error, entries]] = results as Array<[Error | null, Array<[string, string[]]>]>;
    const failed = hitError ?? error;
    if (failed) throw failed;
    return { found: afterId === '0-0' || hit.length > 0, events: entries.map(toEvent) };
  }

  private key(businessId: string): string {
    return liveEventsKey(this.config.queue.prefix, businessId);
  }

  private connection(): RedisClient {
    if (this.subscriber) return this.subscriber;
    // Its own connection: a subscribed connection runs no other commands. It queues commands while
    // (re)connecting. After a reconnect it subscribes again itself (not ioredis's autoResubscribe,
    // which does not say when it is done), and only then do listeners read what they missed: an
    // event published between their read and the subscription would be lost otherwise.
    // On a cluster, PUBLISH reaches every node, so the client's one subscriber connection (to any
    // node) hears every channel.
    const subscriber = createRedisClient(this.config, {
      maxRetriesPerRequest: null,
      connectTimeout: 2_000,
      autoResubscribe: false,
    });
    subscriber.on('error', () => undefined);
    subscriber.on('ready', () => {
      if (this.readyBefore) void this.resubscribe(subscriber);
      this.readyBefore = true;
    });
    subscriber.on('message', (channel: string, message: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      const event = parseAnnouncement(message);
      if (event) for (const listener of set) listener.event(event);
    });
    return (this.subscriber = subscriber);
  }

  private async resubscribe(subscriber: RedisClient): Promise<void> {
    const channels = [...this.listeners.keys()];
    try {
      if (channels.length) await subscriber.subscribe(...channels);
    } catch {
      // The connection dropped again: its next 'ready' tries again.
      return;
    }
    this.logger.warn('Live events: Redis reconnected; listeners read what they missed');
    for (const channel of channels) for (const listener of this.listeners.get(channel) ?? []) listener.resync();
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}

/** `<id> <type> <data>`, as the publishing script writes it. */
export function parseAnnouncement(message: string): RawLiveEvent | null {
  const first = message.indexOf(' ');
  const second = first < 0 ? -1 : message.indexOf(' ', first + 1);
  if (second < 0) return null;
  return { id: message.slice(0, first), type: message.slice(first + 1, second), data: message.slice(second + 1) };
}

/** A stream entry, written by the publishing script as fields `t` (type) then `d` (data). */
function toEvent([id, fields]: [string, string[]]): RawLiveEvent {
  return { id, type: fields[1] ?? '', data: fields[3] ?? 'null' };
}
