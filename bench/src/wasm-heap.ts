/**
 * The size of sql.js's WebAssembly heap, for the benchmarks. sql.js does not expose its memory, so
 * the WebAssembly memories of modules instantiated after `watchWasmHeaps()` are collected as they
 * are instantiated (call it before the first `loadSqlJs()`). A wasm heap only grows, so its size at
 * any moment is also its peak so far.
 */

/** The little of the WebAssembly API used here (the project's lib settings leave it untyped). */
interface WasmMemory { buffer: ArrayBuffer }
interface WasmApi {
  Memory: new (...args: never[]) => WasmMemory;
  Instance: new (...args: never[]) => { exports: Record<string, unknown> };
  instantiate: (source: unknown, imports?: unknown) => Promise<unknown>;
}

const memories: WasmMemory[] = [];
let watching = false;

export function watchWasmHeaps(): void {
  if (watching) return;
  watching = true;
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instantiate = wasm.instantiate.bind(wasm);
  wasm.instantiate = async (source, imports) => {
    const made = await instantiate(source, imports);
    const instance = made instanceof wasm.Instance ? made : (made as { instance: InstanceType<WasmApi['Instance']> }).instance;
    const env = (imports as { env?: Record<string, unknown> } | undefined)?.env ?? {};
    for (const value of [...Object.values(instance.exports), ...Object.values(env)]) {
      if (value instanceof wasm.Memory && !memories.includes(value)) memories.push(value);
    }
    return made;
  };
}

/** Bytes of the largest WebAssembly heap seen (sql.js's, once loaded), 0 before any. */
export function wasmHeapBytes(): number {
  return Math.max(0, ...memories.map((m) => m.buffer.byteLength));
}

/**
 * A reader of the heap of the next module instantiated (call it just before loading a fresh sql.js
 * instance): several stores then report their own heaps in one process. 0 until it exists.
 */
export function nextWasmHeap(): () => number {
  const known = memories.length;
  return () => memories[known]?.buffer.byteLength ?? 0;
}
