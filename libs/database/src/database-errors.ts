const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  // PostgreSQL: admin shutdown, cannot connect now, connection failures.
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  // Prisma: cannot reach / timed out / connection closed.
  'P1001',
  'P1002',
  'P1017',
]);
const CONNECTION_MESSAGE =
  /ECONNREFUSED|Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database|closed the connection|ConnectionClosed|DatabaseNotReachable/i;

/** The error and the errors it wraps (`cause`, and Prisma's `meta.driverAdapterError`). */
export function* errorChain(error: unknown): Generator<{ code?: unknown; message?: unknown; kind?: unknown }> {
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length && seen < 8; seen++) {
    const e = queue.shift() as { cause?: unknown; meta?: { driverAdapterError?: unknown } } | undefined;
    if (!e || typeof e !== 'object') continue;
    yield e as { code?: unknown; message?: unknown; kind?: unknown };
    queue.push(e.cause, e.meta?.driverAdapterError);
  }
}

/** True when the error (or one it wraps) says PostgreSQL is unreachable, not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of errorChain(error)) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
    if (CONNECTION_MESSAGE.test(`${String(e.message)} ${String(e.kind)}`)) return true;
  }
  return false;
}

/**
 * True when the error (or one it wraps) is PostgreSQL's unique violation (SQLSTATE 23505)
 * on `constraint`: recognised by code and constraint name, never by message text.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (const e of errorChain(error)) {
    const {
      originalCode,
      code,
      constraint: named,
    } = e as { originalCode?: unknown; code?: unknown; constraint?: unknown };
    if ((originalCode ?? code) !== '23505') continue;
    // The driver adapter names it as { index }, node-postgres as a plain string.
    const name = typeof named === 'string' ? named : (named as { index?: unknown } | undefined)?.index;
    if (name === constraint) return true;
  }
  return false;
}

/** True when the error (or one it wraps) is PostgreSQL's foreign-key violation (SQLSTATE 23503): a row it names is gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  for (const e of errorChain(error)) {
    const { originalCode, code } = e as { originalCode?: unknown; code?: unknown };
    if ((originalCode ?? code) === '23503') return true;
  }
  return false;
}

/** True when the error (or one it wraps) is PostgreSQL's exclusion violation (SQLSTATE 23P01): an overlapping row exists. */
export function isExclusionViolation(error: unknown): boolean {
  for (const e of errorChain(error)) {
    const { originalCode, code } = e as { originalCode?: unknown; code?: unknown };
    if ((originalCode ?? code) === '23P01') return true;
  }
  return false;
}

/** True when PostgreSQL chose this statement as a deadlock's victim (SQLSTATE 40P01): trying again is safe. */
export function isDeadlock(error: unknown): boolean {
  for (const e of errorChain(error)) {
    const { originalCode, code } = e as { originalCode?: unknown; code?: unknown };
    if ((originalCode ?? code) === '40P01') return true;
  }
  return false;
}
