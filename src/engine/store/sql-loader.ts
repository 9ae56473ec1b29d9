/**
 * Loads sql.js and its WebAssembly. Bundled (dist/engine-worker.js, dist/cli.js) the wasm sits
 * beside the bundle (esbuild.mjs copies it there); compiled to out/ for tests it is found in the
 * sql.js package.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/** Resolved at run time (not by the bundler): only used when running unbundled from out/. */
const PACKAGED_WASM = 'sql.js/dist/sql-wasm.wasm';

export function sqlWasmPath(): string {
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  return existsSync(beside) ? beside : require.resolve(PACKAGED_WASM);
}

export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: () => sqlWasmPath() });
  return loading;
}
