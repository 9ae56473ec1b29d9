#!/usr/bin/env node
// `npm run bench`: bundles the benchmark sources (TypeScript in bench/src, importing the engine's
// own modules) with esbuild into out/bench-bundle, then runs them. The engine worker itself is the
// shipped bundle dist/engine-worker.js, built by `npm run build` just before.
// Options: --quick (fewer, smaller runs; for trying the bench out), --out FILE (default
// bench/results.json), --only compare,cost,retrieval,retrieval-panel,links,in-process,ingest,store,hostile,panel,analysis,prompt-links,snapshot (a subset), --worker FILE (measure
// another engine worker bundle, e.g. one built from a change, against the same load).
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'out', 'bench-bundle');

async function main() {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      main: 'bench/src/main.ts',
      'load-generator': 'bench/src/load-generator.ts',
      'http-floor-worker': 'bench/src/http-floor-worker.ts',
      'prompt-index-worker': 'bench/src/prompt-index-worker.ts',
      'agent-memory-worker': 'bench/src/agent-memory-worker.ts',
      'snapshot-worker': 'bench/src/snapshot-worker.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir,
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'warning',
  });
  const { runBenchmarks } = require(path.join(outdir, 'main.js'));
  await runBenchmarks({ root, bundleDir: outdir, argv: process.argv.slice(2) });
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error && error.stack ? error.stack : error);
    process.exit(1);
  },
);
