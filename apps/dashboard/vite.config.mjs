// Builds the dashboard into dist/apps/dashboard, which the API serves at / (apps/api/src/dashboard).
// `npm run dashboard:dev` serves it with live reload and sends /api to the API on port 3000.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The API that `npm run dashboard:dev` passes /api and /docs to (`npm start` runs it there). */
const API = 'http://127.0.0.1:3000';

/**
 * A request through the dev server comes from its origin (localhost:5173), which the API's
 * same-origin check on cookie-authenticated changes refuses: the proxy presents it as the API's own.
 */
const asTheApi = {
  target: API,
  changeOrigin: true,
  configure: (proxy) =>
    proxy.on('proxyReq', (request) => {
      if (request.getHeader('origin')) request.setHeader('origin', API);
    }),
};

export default defineConfig({
  root: here('.'),
  base: '/',
  resolve: {
    alias: { '@shared/segments': here('../../libs/messaging/src/rules/segments.ts') },
  },
  // React's automatic JSX runtime through Vite's own transform (no React plugin: no Babel, and
  // Fast Refresh is only a development nicety).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../../dist/apps/dashboard'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // .vite/manifest.json: which files the first page load fetches (scripts/dashboard-postbuild.mjs).
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark their modules "use client" for server components; a client-only bundle drops it, as it should.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('use client')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': asTheApi, '/docs': asTheApi },
  },
});
