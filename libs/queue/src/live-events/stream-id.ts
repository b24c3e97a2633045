/** A Redis Stream entry id, `<ms>-<seq>`, as Redis writes it (no leading zeros beyond a lone 0). */
const STREAM_ID = /^(0|[1-9]\d{0,19})-(0|[1-9]\d{0,19})$/;

/** The id a client sent back (Last-Event-ID), if it is one Redis could have written; else null. */
export function parseStreamId(value: unknown): string | null {
  if (typeof value !== 'string' || !STREAM_ID.test(value)) return null;
  const [ms, seq] = value.split('-').map(BigInt);
  // Redis ids are two unsigned 64-bit integers.
  return ms < 2n ** 64n && seq < 2n ** 64n ? value : null;
}

/** Orders two well-formed stream ids as Redis does: by time, then sequence (not as text: 9-0 < 10-0). */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}
