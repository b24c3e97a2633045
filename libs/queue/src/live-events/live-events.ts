import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { ChainableCommander } from 'ioredis';
import { AppConfig } from '@app/config';
import { groupBySlot } from '../redis-client';
import { RedisConnection } from '../redis.provider';
import { liveEventsKey, type LiveEventMap, type LiveEventType, REPLAY_EVENTS, REPLAY_TTL_MS } from './live-event';

/**
 * Appends events to one business's stream (trimmed to about REPLAY_EVENTS, dropped REPLAY_TTL_MS
 * after the last one) and announces each on the business's channel with the id Redis gave it, in
 * one step, so a listener never hears of an event the stream does not hold. Several events per
 * call: a campaign publishes thousands a second, and a command each cost the worker more than
 * Redis. KEYS: the stream (and channel). ARGV: max length, ttl ms, then type and data per event.
 * Returns the ids.
 */
const APPEND = `
local ids = {}
for i = 3, #ARGV, 2 do
  local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 't', ARGV[i], 'd', ARGV[i + 1])
  redis.call('PUBLISH', KEYS[1], id .. ' ' .. ARGV[i] .. ' ' .. ARGV[i + 1])
  ids[#ids + 1] = id
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return ids
`;
const COMMAND = 'switchboardLiveEvents';
/** Events per script call: a few hundred keeps one call's time in Redis short. */
const EVENTS_PER_CALL = 200;

/** The pipeline with the script defined on the connection (ioredis adds it by name, loading it once). */
type AppendingPipeline = ChainableCommander & {
  [COMMAND](key: string, maxLength: number, ttlMs: number, ...typeAndData: string[]): ChainableCommander;
};

/** Events waiting for Redis beyond this are dropped, oldest first: Redis away must not grow memory. */
const MAX_PENDING = 10_000;

/**
 * Publishes what the dashboard shows live (LiveEventMap), from wherever the change happens (API
 * or worker), for every API instance's GET /api/events to pass on (LiveEventsFeed).
 *
 * Callers publish after their change committed, and never wait: events gather during one turn of
 * the event loop and go to Redis in one pipeline (a campaign sends thousands of messages a
 * second). Lossy by design, like the metrics: Redis away, the events are dropped and logged (once
 * a minute), and the business operation that made them has already succeeded. A client that
 * missed some refetches what it shows; the stream is a hint to refresh, never the record.
 */
@Injectable()
export class LiveEvents implements BeforeApplicationShutdown {
  private readonly logger = new Logger(LiveEvents.name);
  private pending: Array<[key: string, type: string, data: string]> = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private lastFailureLog = 0;

  constructor(
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
  ) {
    redis.client.defineCommand(COMMAND, { numberOfKeys: 1, lua: APPEND });
  }

  publish<T extends LiveEventType>(businessId: string, type: T, data: LiveEventMap[T]): void {
    this.pending.push([liveEventsKey(this.config.queue.prefix, businessId), type, JSON.stringify(data)]);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Sends what was published so far; resolves once Redis answered (tests, shutdown). */
  async flush(): Promise<void> {
    // One pipeline at a time, so events reach Redis in the order they were published.
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.send(batch).finally(() => (this.flushing = null));
    await this.flushing;
  }

  private async send(batch: Array<[string, string, string]>): Promise<void> {
    // One pipeline for one Redis; on a cluster one per hash slot, run side by side (a cluster
    // client refuses a pipeline over several nodes). Each stream's events stay in order in its own.
    const groups = groupBySlot(this.redis.client, batch, ([key]) => key);
    await Promise.all(groups.map((group) => this.sendGroup(group, batch.length)));
  }

  private async sendGroup(group: Array<[string, string, string]>, total: number): Promise<void> {
    const pipeline = this.redis.client.pipeline() as AppendingPipeline;
    // Consecutive events of one stream share a call; order within each stream is kept.
    const eventsPerCall: number[] = [];
    let i = 0;
    while (i < group.length) {
      const key = group[i][0];
      const args: string[] = [];
      for (; i < group.length && group[i][0] === key && args.length < 2 * EVENTS_PER_CALL; i++)
        args.push(group[i][1], group[i][2]);
      pipeline[COMMAND](key, REPLAY_EVENTS, REPLAY_TTL_MS, ...args);
      eventsPerCall.push(args.length / 2);
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.reduce((sum, [error], call) => (error ? sum + eventsPerCall[call] : sum), 0);
      if (failed) this.failed(`${failed} of ${total}`, results.find(([error]) => error)![0]!);
    } catch (error) {
      this.failed(`${group.length} of ${total}`, error as Error);
    }
  }

  private failed(count: string, error: Error): void {
    if (Date.now() - this.lastFailureLog < 60_000) return;
    this.lastFailureLog = Date.now();
    this.logger.warn(`Dropped ${count} live event(s), Redis unavailable: ${error.message}`);
  }

  /** After the work that publishes is done (onModuleDestroy), before Redis closes (onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
