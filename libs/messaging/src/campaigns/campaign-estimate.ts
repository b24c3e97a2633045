/**
 * The arithmetic of a campaign preview: when its last send goes at the sender's rate, and what
 * its segments cost. Pure, so the unit spec pins it.
 */

/** Sends that become due at one moment: now, or when quiet hours end in one zone. */
export interface Departure {
  at: Date;
  count: number;
}

/** When each moment's sends take their first turn, and when the last turn comes. */
export interface TurnSchedule {
  /** Milliseconds between two turns (0: no limit). */
  turnMs: number;
  /** The first turn of the sends due at `due` (one of the departures' moments). */
  firstTurn(due: Date): Date;
  /** The last turn; null when nothing is due. */
  finish: Date | null;
}

/**
 * The turns of these sends at the sender's rate, if nothing else sends from the sender meanwhile.
 * The send rate limiter (GCRA) gives each send the sender's next free slot, one interval after the
 * last; sends held by quiet hours reserve theirs only when they wake, so the sends due at one
 * moment start then, or when the turns before them run out, whichever is later. Rate 0 (no limit):
 * each at its own moment.
 */
export function scheduleTurns(departures: Departure[], ratePerSecond: number): TurnSchedule {
  const turnMs = ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
  const counts = new Map<number, number>();
  for (const { at, count } of departures)
    if (count > 0) counts.set(at.getTime(), (counts.get(at.getTime()) ?? 0) + count);
  const starts = new Map<number, number>();
  let nextTurn = -Infinity;
  let last: number | null = null;
  for (const [due, count] of [...counts].sort(([a], [b]) => a - b)) {
    const first = Math.max(nextTurn, due);
    starts.set(due, first);
    last = first + (count - 1) * turnMs;
    nextTurn = first + count * turnMs;
  }
  return {
    turnMs,
    firstTurn: (due) => new Date(Math.round(starts.get(due.getTime()) ?? due.getTime())),
    finish: last === null ? null : new Date(Math.round(last)),
  };
}

/** When the last of these sends takes its turn (see scheduleTurns); null when nothing is due. */
export function estimateFinish(departures: Departure[], ratePerSecond: number): Date | null {
  return scheduleTurns(departures, ratePerSecond).finish;
}

/**
 * `segments` × `pricePerSegment` (a decimal text such as "0.0079"), computed exactly in integers
 * of the price's last decimal place, then given as the nearest number: 60,000 × 0.0079 is 474,
 * not 474.00000000000006.
 */
export function estimateCost(pricePerSegment: string, segments: number): number {
  const [whole, fraction = ''] = pricePerSegment.split('.');
  const units = (BigInt(whole + fraction) * BigInt(segments)).toString().padStart(fraction.length + 1, '0');
  if (!fraction) return Number(units);
  return Number(`${units.slice(0, -fraction.length)}.${units.slice(-fraction.length)}`);
}
