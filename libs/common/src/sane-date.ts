const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(10_000, 0, 1) - 1;

/**
 * A moment in the years 1970–9999 (epoch milliseconds): what our rules and PostgreSQL's
 * timestamps can hold. JavaScript's Date reaches the years -271821 and 275760, which
 * PostgreSQL refuses; the years before 1970 mean nothing for a text message.
 */
export function isSaneDate(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST && ms <= LATEST;
}
