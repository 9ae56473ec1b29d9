// Bundles the extension host, the engine worker, the CLI and the webviews into dist/.
// `node esbuild.mjs --watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// Every entry is listed here, and a missing file stops the build: a renamed entry must not vanish
// from dist/ silently. Adding a webview panel is one line in `webviews` (name → its main.tsx);
// the panel's host loads dist/webview/<name>.js and <name>.css.
const hostEntries = {
  extension: 'src/extension.ts',
  'engine-worker': 'src/engine/worker.ts',
  cli: 'src/cli/main.ts',
};
const webviews = {
  trace: 'webview/trace/main.tsx',
  compare: 'webview/compare/main.tsx',
  cost: 'webview/cost/main.tsx',
  retrieval: 'webview/retrieval/main.tsx',
};

function checked(entries) {
  const missing = Object.entries(entries).filter(([, file]) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`esbuild: entry file(s) missing: ${missing.map(([name, file]) => `${name} → ${file}`).join(', ')}`);
  }
  return entries;
}

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };

const builds = [
  {
    ...common,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: 'dist',
    external: ['vscode'],
    entryPoints: checked(hostEntries),
  },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    outdir: 'dist/webview',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryPoints: checked(webviews),
    loader: { '.ttf': 'file' },
  },
];

mkdirSync('dist', { recursive: true });
// sql.js loads its WebAssembly from beside the bundle.
copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), 'dist/sql-wasm.wasm');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
