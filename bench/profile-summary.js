#!/usr/bin/env node
// Prints the hottest functions of a V8 .cpuprofile (as written by `node --cpu-prof`), by self time
// and by total (inclusive) time, so a slow benchmark figure can be pinned on named functions.
// Usage: node bench/profile-summary.js FILE.cpuprofile [--top N]
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/profile-summary.js FILE.cpuprofile [--top N]');
  process.exit(2);
}
const topIndex = process.argv.indexOf('--top');
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Sample counts → time: each sample lasted its timeDelta (µs).
const selfMicros = new Map();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalMicros = [...selfMicros.values()].reduce((a, b) => a + b, 0);

const label = (node) => {
  const frame = node.callFrame;
  const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map();
const inclusive = new Map();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id);
  self.set(label(node), (self.get(label(node)) ?? 0) + micros);
  // Count each function once per sample stack even when it recurses.
  const seen = new Set();
  for (let current = id; current !== undefined; current = parentOf.get(current)) {
    const name = label(byId.get(current));
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
  }
}

const print = (title, map) => {
  console.log(`\n${title} (of ${(totalMicros / 1000).toFixed(0)} ms sampled)`);
  for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * micros) / totalMicros).toFixed(1).padStart(6)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
};
print('self time', self);
print('total time', inclusive);
