/**
 * The largest value seen over the last `windowSeconds`, per key, in per-second buckets: a
 * histogram says how latency is spread, this says how bad the worst request of the last minute
 * was (what the receptionist's operators watched). Memory: one small ring per key (per route).
 */
export class SlidingMax {
  private readonly rings = new Map<string, { maxima: Float64Array; seconds: Float64Array }>();

  constructor(private readonly windowSeconds = 60) {}

  observe(key: string, value: number, nowMs = Date.now()): void {
    const second = Math.floor(nowMs / 1000);
    let ring = this.rings.get(key);
    if (!ring) {
      ring = { maxima: new Float64Array(this.windowSeconds), seconds: new Float64Array(this.windowSeconds).fill(-1) };
      this.rings.set(key, ring);
    }
    const slot = second % this.windowSeconds;
    if (ring.seconds[slot] !== second) {
      ring.seconds[slot] = second;
      ring.maxima[slot] = value;
    } else if (value > ring.maxima[slot]) ring.maxima[slot] = value;
  }

  /** Each key's maximum over the window ending now; keys with nothing in the window are left out. */
  read(nowMs = Date.now()): Map<string, number> {
    const oldest = Math.floor(nowMs / 1000) - this.windowSeconds + 1;
    const result = new Map<string, number>();
    for (const [key, ring] of this.rings) {
      let max = -Infinity;
      for (let i = 0; i < this.windowSeconds; i++)
        if (ring.seconds[i] >= oldest && ring.maxima[i] > max) max = ring.maxima[i];
      if (max > -Infinity) result.set(key, max);
    }
    return result;
  }
}
