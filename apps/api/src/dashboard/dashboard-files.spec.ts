import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDashboardFiles } from './dashboard-files';

describe('findDashboardFiles', () => {
  let root: string;
  /** Where this file sits in a built API: dist/apps/api/apps/api/src/dashboard. */
  let builtApi: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'switchboard-dashboard-'));
    writeFileSync(join(root, 'package.json'), '{}');
    builtApi = join(root, 'dist/apps/api/apps/api/src/dashboard');
    mkdirSync(builtApi, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the dashboard built beside the API, from the repository (or image) root', () => {
    mkdirSync(join(root, 'dist/apps/dashboard/assets'), { recursive: true });
    writeFileSync(join(root, 'dist/apps/dashboard/index.html'), '<div id="root"></div>');
    expect(findDashboardFiles(builtApi)).toEqual({
      indexHtml: '<div id="root"></div>',
      assetsDir: join(root, 'dist/apps/dashboard/assets'),
    });
    // From the source too, as Jest runs it.
    expect(findDashboardFiles(join(root, 'apps/api/src/dashboard'))?.indexHtml).toBe('<div id="root"></div>');
  });

  it('is null when only the server was built', () => {
    expect(findDashboardFiles(builtApi)).toBeNull();
  });
});
