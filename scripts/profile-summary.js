#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (node --cpu-prof): self time by package and by function.
'use strict';
const fs = require('node:fs');
const profile = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const { url, functionName } = nodes.get(id).callFrame;
  const d = profile.timeDeltas[i] || 0;
  total += d;
  const where =
    url
      .replace(/^.*node_modules\//, 'nm/')
      .replace(/^file:\/\//, '')
      .replace(process.cwd() + '/', '') || '(native)';
  const key = `${where} ${functionName || '(anonymous)'}`;
  self.set(key, (self.get(key) || 0) + d);
});
const pkgOf = (key) => {
  if (!key.startsWith('nm/')) return key.split(' ')[0].split('/').slice(0, 2).join('/');
  const parts = key.slice(3).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
};
const byPkg = new Map();
for (const [key, v] of self) byPkg.set(pkgOf(key), (byPkg.get(pkgOf(key)) || 0) + v);
const pct = (v) => `${((v / total) * 100).toFixed(1)}%`;
console.log(`total ${Math.round(total / 1000)} ms sampled`);
for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(v).padStart(6)}  ${k}`);
console.log('--- top functions');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(v).padStart(6)}  ${k}`);
