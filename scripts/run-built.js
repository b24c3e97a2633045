#!/usr/bin/env node
// `npm run sim` / `npm run connect`: runs a command-line entry point of the build, building
// first when a source changed since the last build (as `npm start` does), so a command never
// runs code older than the checkout.
'use strict';
const path = require('node:path');
const { buildIfChanged } = require('./build-freshness');

const ENTRIES = {
  sim: 'dist/apps/sim/apps/sim/src/main.js',
  connect: 'dist/apps/api/apps/api/src/connect/main.js',
};
const [name, ...args] = process.argv.slice(2);
if (!Object.hasOwn(ENTRIES, name)) {
  console.error(`run-built: unknown entry ${name}; one of ${Object.keys(ENTRIES).join(', ')}`);
  process.exit(2);
}
buildIfChanged();
// The entry point reads process.argv as if it had been started itself.
process.argv = [process.argv[0], path.join(__dirname, '..', ENTRIES[name]), ...args];
require(process.argv[1]);
