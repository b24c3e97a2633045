// Types for build-freshness.js (a plain Node script: `npm start` runs it before there is a build).
export interface BuildFreshness {
  neverBuilt: boolean;
  count: number;
  newest: string[];
}
export function changedSinceBuild(limit?: number, root?: string): BuildFreshness;
