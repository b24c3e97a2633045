// After `vite build` (npm run dashboard:build): writes a gzip and a brotli copy beside each asset,
// which the API serves to browsers that accept them (@fastify/static's preCompressed), and fails
// the build when the JavaScript a first page load needs is over its budget, gzipped.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/apps/dashboard');
const assets = join(out, 'assets');

const gzipped = new Map();
for (const name of readdirSync(assets).filter((file) => /\.(js|css|svg|json)$/.test(file))) {
  const content = readFileSync(join(assets, name));
  const gz = gzipSync(content, { level: 9 });
  gzipped.set(`assets/${name}`, gz.length);
  writeFileSync(join(assets, `${name}.gz`), gz);
  writeFileSync(
    join(assets, `${name}.br`),
    brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
}

// Vite's manifest: the entry chunk and the chunks it imports statically are loaded before the
// first screen shows; chunks behind a dynamic import() load later and are not counted.
const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

const total = [...initial].filter((file) => file.endsWith('.js')).reduce((sum, file) => sum + gzipped.get(file), 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const line = `dashboard: initial JavaScript ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)}) in ${initial.size} file(s)`;
if (total > BUDGET_BYTES) {
  console.error(`${line}: over budget. Load the heavier screens with import() (React.lazy) or drop a dependency.`);
  process.exit(1);
}
console.log(line);
