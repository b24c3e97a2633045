// Generates apps/api/src/metadata.ts: what @nestjs/swagger's CLI plugin would inject at build time
// (request and query DTO schemas read from the types and class-validator decorators, doc comments),
// written out once so every way of running the API documents the same thing. bootstrap.ts loads it
// with SwaggerModule.loadPluginMetadata() before building the document; the build and Jest (swc, no
// plugin) therefore serve the same /docs-json. The file is generated: never edit it by hand.
//
//   npm run openapi:metadata        rewrite apps/api/src/metadata.ts from the source
//   npm run openapi:check           regenerate into a temporary folder and fail if the checked-in file differs
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import prettier from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'apps/api/src');
const target = join(source, 'metadata.ts');

/** The plugin options the Nest CLI used to get from nest-cli.json. */
export const PLUGIN_OPTIONS = {
  introspectComments: true,
  classValidatorShim: true,
  // Query classes live in *.query.ts too (page.query.ts), not only in *.dto.ts.
  dtoFileNameSuffix: ['.dto.ts', '.query.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
};

/** Writes `<outputDir>/metadata.ts`, formatted like the rest of the code so its diffs can be read. */
async function generate(outputDir) {
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...PLUGIN_OPTIONS, pathToSource: source })],
    outputDir,
    filename: 'metadata.ts',
    // A program of our own: the generator's default path type-checks with a spinner and resolves the tsconfig from the cwd.
    tsProgramRef: ReadonlyVisitor.createTsProgram(join(root, 'apps/api/tsconfig.app.json')),
  });
  const file = join(outputDir, 'metadata.ts');
  const options = await prettier.resolveConfig(target);
  writeFileSync(file, await prettier.format(readFileSync(file, 'utf8'), { ...options, filepath: target }));
}

if (process.argv.includes('--check')) {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-metadata-'));
  try {
    await generate(dir);
    const fresh = readFileSync(join(dir, 'metadata.ts'), 'utf8');
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (fresh !== current) {
      console.error(
        'apps/api/src/metadata.ts is stale: a DTO, query class or controller changed since it was generated.\n' +
          'Run `npm run openapi:metadata` and commit the result.',
      );
      process.exit(1);
    }
    console.log('apps/api/src/metadata.ts is up to date');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  await generate(source);
  console.log('wrote apps/api/src/metadata.ts');
}
