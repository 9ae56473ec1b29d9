/**
 * One pass of the snapshot benchmark (snapshot-bench.ts), on the thread of snapshot-worker.ts with
 * its own sql.js instance and WebAssembly heap. `save`: fills a store with agent-shaped spans
 * (agent-spans.ts, through the prepare step, content compressed as idle time would), writes its
 * streamed snapshot as the engine does (TraceStore.snapshotFrames into writeSnapshotFrames), then,
 * when asked, the SQLite export written before (TraceStore.export, then the file). `load`: opens a
 * snapshot file as the engine does at start.
 */
import { prepareDecodedSpans } from '../../src/engine/prepare/prepare-traces';
import { openSnapshot, writeSnapshot, writeSnapshotFrames } from '../../src/engine/store/snapshot-file';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceStore } from '../../src/engine/store/trace-store';
import { agentSpans } from './agent-spans';
import { cpuMs } from './results';
import { nextWasmHeap } from './wasm-heap';

export type SnapshotPassOptions =
  | { mode: 'save'; spans: number; file: string; sqliteFile: string | null }
  | { mode: 'load'; file: string };

export interface SaveFigures {
  /** How long a step took: wall and CPU ms, the longest time the thread was held at once, heap growth. */
  wallMs: number;
  cpuMs: number;
  longestBlockMs: number;
  /** The most CPU one hold took (wall time on a busy machine includes waiting for a core). */
  longestBlockCpuMs: number;
  heapGrowthBytes: number;
  fileBytes: number;
  /** The most bytes handed to JS at once (a frame; the whole file for the export). */
  largestPieceBytes: number;
  pieces: number;
  /** How much the process's peak resident set grew (the SQLite export's copies are JS memory: Emscripten's file system). */
  peakRssGrowthBytes: number;
}

const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

export type PassMessage =
  | { log: string }
  | { store: { spans: number; traces: number; pageBytes: number; heapBytes: number } }
  | { streamed: SaveFigures }
  | { sqlite: SaveFigures | { error: string } }
  | { loaded: { wallMs: number; cpuMs: number; spans: number; traces: number; heapBytes: number } };

const MB = 1024 * 1024;

function fill(store: TraceStore, total: number, log: (line: string) => void): void {
  const source = agentSpans(91, Date.now() - 86_400_000);
  const pending: ReturnType<typeof source.nextAgent> = [];
  for (let sent = 0; sent < total;) {
    while (pending.length < 512) pending.push(...source.nextAgent());
    const batch = pending.splice(0, Math.min(512, total - sent));
    store.ingestPreparedSpans(prepareDecodedSpans(batch));
    sent += batch.length;
    if (sent % 100_000 < 512) log(`  ${sent.toLocaleString('en-US')} spans stored, ${(store.databaseBytes() / MB).toFixed(0)} MB of pages`);
  }
  while (store.compressWaitingContent(64));
}

export async function runSnapshotPass(options: SnapshotPassOptions, post: (message: PassMessage) => void): Promise<void> {
  const heap = nextWasmHeap();
  const SQL = await loadSqlJs();
  const log = (line: string): void => post({ log: line });
  if (options.mode === 'load') {
    const started = performance.now();
    const cpuStarted = cpuMs();
    const snapshot = await openSnapshot(options.file);
    if (!snapshot) throw new Error(`no snapshot at ${options.file}`);
    let store: TraceStore;
    try {
      store = TraceStore.open(SQL, { limits: { maxSpans: 1e9, maxBytes: 1e12 }, log: () => undefined, snapshot, compressContentLater: true });
    } finally {
      if (!(snapshot instanceof Uint8Array)) snapshot.close();
    }
    post({ loaded: { wallMs: performance.now() - started, cpuMs: cpuMs() - cpuStarted, spans: store.spanCount, traces: store.traceCount(), heapBytes: heap() } });
    store.close();
    return;
  }
  const store = TraceStore.open(SQL, { limits: { maxSpans: 2 * options.spans, maxBytes: 1e12 }, log: () => undefined, compressContentLater: true });
  fill(store, options.spans, log);
  post({ store: { spans: store.spanCount, traces: store.traceCount(), pageBytes: store.databaseBytes(), heapBytes: heap() } });

  // Streamed, as the engine saves: each slice timed.
  let longest = 0;
  let longestCpu = 0;
  let largest = 0;
  let pieces = 0;
  function* timed(frames: Generator<Buffer, void>): Generator<Buffer, void> {
    for (;;) {
      const sliceStarted = performance.now();
      const sliceCpu = cpuMs();
      const next = frames.next();
      longest = Math.max(longest, performance.now() - sliceStarted);
      longestCpu = Math.max(longestCpu, cpuMs() - sliceCpu);
      if (next.done) return;
      largest = Math.max(largest, next.value.length);
      pieces++;
      yield next.value;
    }
  }
  let heapBefore = heap();
  let rssBefore = peakRss();
  let started = performance.now();
  let cpuStarted = cpuMs();
  const fileBytes = await writeSnapshotFrames(options.file, timed(store.snapshotFrames()));
  post({ streamed: { wallMs: performance.now() - started, cpuMs: cpuMs() - cpuStarted, longestBlockMs: longest, longestBlockCpuMs: longestCpu, heapGrowthBytes: heap() - heapBefore, fileBytes, largestPieceBytes: largest, pieces, peakRssGrowthBytes: peakRss() - rssBefore } });

  if (!options.sqliteFile) return;
  // The SQLite export written before: one block on the thread, then the file.
  heapBefore = heap();
  rssBefore = peakRss();
  started = performance.now();
  cpuStarted = cpuMs();
  try {
    const bytes = store.export();
    const block = performance.now() - started;
    const blockCpu = cpuMs() - cpuStarted;
    await writeSnapshot(options.sqliteFile, bytes);
    post({ sqlite: { wallMs: performance.now() - started, cpuMs: cpuMs() - cpuStarted, longestBlockMs: block, longestBlockCpuMs: blockCpu, heapGrowthBytes: heap() - heapBefore, fileBytes: bytes.length, largestPieceBytes: bytes.length, pieces: 1, peakRssGrowthBytes: peakRss() - rssBefore } });
  } catch (error) {
    post({ sqlite: { error: `${(error as Error).message} (heap ${(heap() / MB).toFixed(0)} MB)` } });
  }
  store.close();
}
