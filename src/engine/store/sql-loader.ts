/**
 * Loads sql.js and its WebAssembly. Bundled (dist/engine-worker.js, dist/cli.js) the wasm sits
 * beside the bundle (esbuild.mjs copies it there); compiled to out/ for tests it is found in the
 * sql.js package.
 *
 * The module is instantiated through Emscripten's `instantiateWasm` hook so that its
 * `WebAssembly.Memory` is known: wasm-statement.ts writes bound values straight into that heap.
 * sql.js does not hand the memory out otherwise; without it statements fall back to sql.js's own.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { registerWasmMemory, type WasmMemory } from './wasm-statement';

/** The parts of the global `WebAssembly` used here (Node's types here do not describe it). */
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: WasmInstance }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let loading: Promise<SqlJsStatic> | undefined;

/** Resolved at run time (not by the bundler): only used when running unbundled from out/. */
const PACKAGED_WASM = 'sql.js/dist/sql-wasm.wasm';

export function sqlWasmPath(): string {
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  return existsSync(beside) ? beside : require.resolve(PACKAGED_WASM);
}

/** The module's memory: exported by the instance (Emscripten's default) or given to it as an import. */
function memoryOf(instance: WasmInstance, imports: Record<string, Record<string, unknown>>): WasmMemory | undefined {
  const candidates = [...Object.values(instance.exports), ...Object.values(imports).flatMap((space) => Object.values(space))];
  return candidates.find((value): value is WasmMemory => value instanceof wasmApi.Memory);
}

/**
 * Node 20's V8 crashes the process (SIGSEGV) once optimized code inlines the calls that
 * wasm-statement.ts makes into the module (`tracelight import` of the 1,000-link fixture did so
 * every time; Node 24 does not). The inlining only saves a call's wrapper, so it is turned off
 * before the module is loaded, on the Node versions where the crash was seen or not ruled out.
 */
function avoidInlinedWasmCalls(): void {
  if (Number(process.versions.node.split('.')[0]) < 24) setFlagsFromString('--no-turbo-inline-js-wasm-calls');
}

/** sql.js instantiated from the wasm file, with its heap registered for wasm-statement.ts. */
export function loadSqlJsWithMemory(wasmPath = sqlWasmPath()): Promise<SqlJsStatic> {
  avoidInlinedWasmCalls();
  return new Promise((resolve, reject) => {
    let memory: WasmMemory | undefined;
    initSqlJs({
      instantiateWasm(imports: Record<string, Record<string, unknown>>, done: (instance: WasmInstance) => void) {
        // Emscripten waits for `done`: a failure here must reject the load, or it would never settle.
        wasmApi.instantiate(readFileSync(wasmPath), imports).then(({ instance }) => {
          memory = memoryOf(instance, imports);
          done(instance);
        }, reject);
        return {};
      },
    }).then((SQL) => {
      if (memory) registerWasmMemory(SQL, memory);
      resolve(SQL);
    }, reject);
  });
}

export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= loadSqlJsWithMemory();
  return loading;
}
