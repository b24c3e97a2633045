export interface GroupCommitOptions {
  /** Most items written by one statement. */
  maxBatch: number;
  /** Most statements running at once; items arriving meanwhile wait and form the next batch. */
  maxInFlight: number;
  /**
   * A statement running longer than this stops counting against maxInFlight, so
   * one stuck write (a lock wait, a dying connection) does not hold every caller.
   */
  stalledAfterMs?: number;
  /** Whether a failed batch is worth retrying item by item (not when, say, the database is down). */
  retryAlone?: (error: unknown) => boolean;
}

interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent callers each write one item, but while earlier
 * statements are running the items that arrive are written together, by one
 * statement in one transaction. Under load that turns N round trips, N query
 * plans and N WAL flushes into one; when idle each item goes at once, alone,
 * so nothing waits for a timer. Every caller still learns its own item's result
 * only after the statement holding it committed.
 *
 * `write` gets the items in arrival order and must return one result per item,
 * in the same order. When a batch fails, its items are retried one by one, so a
 * single bad item fails only its own caller.
 */
export class GroupCommit<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private inFlight = 0;

  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight++;
      let counted = true;
      const uncount = () => {
        if (!counted) return;
        counted = false;
        this.inFlight--;
        this.drain();
      };
      const stalled = this.options.stalledAfterMs ? setTimeout(uncount, this.options.stalledAfterMs) : undefined;
      stalled?.unref();
      // run() settles every caller itself and never rejects; finally() only frees the slot.
      void this.run(batch).finally(() => {
        clearTimeout(stalled);
        uncount();
      });
    }
  }

  private async run(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((w) => w.item));
      if (results.length !== batch.length)
        throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1 || !(this.options.retryAlone?.(error) ?? true)) {
        for (const w of batch) w.reject(error);
        return;
      }
      // Isolate the item at fault, so it fails only its own caller.
      await Promise.all(batch.map((w) => this.run([w])));
    }
  }
}
