// Bundles the extension host, the engine worker, the CLI and the webviews into dist/.
// `node esbuild.mjs --watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const exists = (entries) => Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };

const builds = [
  {
    ...common,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: 'dist',
    external: ['vscode'],
    entryPoints: exists({
      extension: 'src/extension.ts',
      'engine-worker': 'src/engine/worker.ts',
      cli: 'src/cli/main.ts',
    }),
  },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    outdir: 'dist/webview',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryPoints: exists({
      trace: 'webview/trace/main.tsx',
    }),
    loader: { '.ttf': 'file' },
  },
].filter((b) => Object.keys(b.entryPoints).length > 0);

mkdirSync('dist', { recursive: true });
// sql.js loads its WebAssembly from beside the bundle.
copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), 'dist/sql-wasm.wasm');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
