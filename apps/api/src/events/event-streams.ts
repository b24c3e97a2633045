/**
 * How many streams each business holds open on this instance, against the cap
 * (EVENTS_MAX_STREAMS_PER_BUSINESS): a leaked cookie or a runaway tab cannot hold every socket
 * and every subscription of the server. Per instance on purpose: the cap protects this process,
 * and a count in Redis would outlive an instance that died with streams open.
 */
export class EventStreams {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a place for the business; false when it has `max` open already. */
  tryOpen(businessId: string): boolean {
    const count = this.open.get(businessId) ?? 0;
    if (count >= this.max) return false;
    this.open.set(businessId, count + 1);
    return true;
  }

  release(businessId: string): void {
    const count = (this.open.get(businessId) ?? 0) - 1;
    if (count > 0) this.open.set(businessId, count);
    else this.open.delete(businessId);
  }

  count(businessId: string): number {
    return this.open.get(businessId) ?? 0;
  }

  /** Streams open on this instance, all businesses together. */
  total(): number {
    let total = 0;
    for (const count of this.open.values()) total += count;
    return total;
  }
}
