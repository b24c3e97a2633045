// Types for build-freshness.js (a plain Node script: `npm start` runs it before there is a build).
export interface BuildFreshness {
  neverBuilt: boolean;
  count: number;
  newest: string[];
}
export function changedSinceBuild(limit?: number, root?: string): BuildFreshness;
/** Builds (`npm run build`) when a source changed since the last build, saying so in one line; exits on failure. */
export function buildIfChanged(): void;
