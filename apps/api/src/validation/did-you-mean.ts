/**
 * The known name a mistyped one most likely meant: `too` → `to`, `recipient` → `recipients`,
 * `send_at` → `sendAt`. Case, `_` and `-` are ignored (a snake_case or PascalCase spelling is
 * the same name), and then the closest name by edit distance wins, earlier candidates first on
 * a tie, so long as it is close: at most one edit in three characters (at least one edit).
 * Further than that, a guess would send the client after the wrong field: `colour` is not `to`.
 */
export function closestName(name: string, candidates: readonly string[]): string | null {
  const typed = normalize(name);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const known = normalize(candidate);
    const allowed = Math.max(1, Math.floor(Math.max(typed.length, known.length) / 3));
    const distance = editDistance(typed, known, allowed);
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

const normalize = (name: string) => name.toLowerCase().replace(/[_-]/g, '');

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours (`tpo` → `top`) each count one. Gives up past `limit` (returning limit + 1),
 * so a 10,000-character unknown key costs no more than a short one.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}
