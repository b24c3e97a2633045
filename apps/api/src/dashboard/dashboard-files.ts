import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What `npm run build` made of apps/dashboard: its index.html (read once) and its hashed assets. */
export interface DashboardFiles {
  indexHtml: string;
  assetsDir: string;
}

/**
 * The built dashboard in dist/apps/dashboard of the repository (or image) this API runs from,
 * found from this file whether it runs as source (Jest) or from dist/apps/api, or null when only
 * the server was built (`nest build api`).
 */
export function findDashboardFiles(from = __dirname): DashboardFiles | null {
  const root = repositoryRoot(from);
  if (!root) return null;
  const dir = join(root, 'dist', 'apps', 'dashboard');
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return null;
  return { indexHtml: readFileSync(index, 'utf8'), assetsDir: join(dir, 'assets') };
}

/** The nearest folder above `from` that holds a package.json: the repository, or /app in the image. */
function repositoryRoot(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}
