import { compareStreamIds, type RawLiveEvent } from '@app/queue';

/**
 * Puts the two ways one client's events arrive — announced live on the channel, and read back
 * from the stream (the replay after Last-Event-ID, or after Redis reconnected) — into one
 * sequence: each event once, in stream order, none older than what the client already has.
 * While held (until the replay is written), live events wait, then go after it.
 */
export class OrderedDelivery {
  private held: RawLiveEvent[] | null = [];

  /** `cursor`: the id of the last event the client has (or the stream's newest when it has none). */
  constructor(
    private readonly write: (event: RawLiveEvent) => void,
    private cursor: string,
  ) {}

  get lastId(): string {
    return this.cursor;
  }

  /** An event announced on the channel. */
  live(event: RawLiveEvent): void {
    if (this.held) this.held.push(event);
    else this.deliver(event);
  }

  /** Events read from the stream after `lastId`, oldest first. */
  replayed(events: RawLiveEvent[]): void {
    for (const event of events) this.deliver(event);
  }

  /** Live events wait from now on (a replay is on its way). */
  hold(): void {
    this.held ??= [];
  }

  /** Writes what waited (what the replay already wrote is skipped) and lets live events through. */
  release(): void {
    const waiting = this.held ?? [];
    this.held = null;
    for (const event of waiting) this.deliver(event);
  }

  private deliver(event: RawLiveEvent): void {
    if (compareStreamIds(event.id, this.cursor) <= 0) return;
    this.cursor = event.id;
    this.write(event);
  }
}
