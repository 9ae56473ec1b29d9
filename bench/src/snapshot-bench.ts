/**
 * Snapshots of a big store (`--only snapshot [--snapshot-spans N]`; default 50,000 agent-shaped
 * spans, `--quick` 20,000). Each pass runs on its own thread and WebAssembly heap
 * (snapshot-worker.ts): a store of min(N, 100,000) spans saved both ways, streamed (what the
 * engine writes) and the SQLite export written before (the baseline), each file then loaded by a
 * fresh thread; when N is larger, a store of N spans saved streamed, then the old export tried on
 * it too (reported in the note, or its error). Figures: CPU, the longest time the thread was held
 * at once (queries wait that long), WebAssembly heap growth while saving, the most bytes held in JS
 * at once, the growth of the process's peak resident memory, and the load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PassMessage, SaveFigures, SnapshotPassOptions } from './snapshot-pass';
import { result, type BenchResult } from './results';

const MB = 1024 * 1024;
const BASELINE_SPANS = 100_000;

interface PassOutcome {
  store?: { spans: number; traces: number; pageBytes: number; heapBytes: number };
  streamed?: SaveFigures;
  sqlite?: SaveFigures | { error: string };
  loaded?: { wallMs: number; cpuMs: number; spans: number; traces: number; heapBytes: number };
}

function runPass(bundleDir: string, options: SnapshotPassOptions, log: (line: string) => void): Promise<PassOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(bundleDir, 'snapshot-worker.js'), { workerData: options });
    const outcome: PassOutcome = {};
    let done = false;
    worker.on('message', (message: PassMessage | { done: true }) => {
      if ('done' in message) done = true;
      else if ('log' in message) log(message.log);
      else Object.assign(outcome, message);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (done ? resolve(outcome) : reject(new Error(`snapshot pass exited with ${code}: ${JSON.stringify(outcome).slice(0, 300)}`))));
  });
}

const describe = (f: SaveFigures): string =>
  `${f.wallMs.toFixed(0)} ms wall, ${f.cpuMs.toFixed(0)} CPU-ms, longest block ${f.longestBlockMs.toFixed(0)} ms (${f.longestBlockCpuMs.toFixed(0)} CPU-ms), heap +${(f.heapGrowthBytes / MB).toFixed(0)} MB, `
  + `peak RSS +${(f.peakRssGrowthBytes / MB).toFixed(0)} MB, file ${(f.fileBytes / MB).toFixed(0)} MB, largest piece in JS ${(f.largestPieceBytes / MB).toFixed(1)} MB, ${f.pieces} pieces`;

export async function runSnapshotBench(bundleDir: string, spans: number, log: (line: string) => void): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-snapshot-bench-'));
  try {
    const baseSpans = Math.min(spans, BASELINE_SPANS);
    log(`snapshot: ${baseSpans.toLocaleString('en-US')} agent spans saved streamed and with the SQLite export written before`);
    const file = path.join(dir, 'base.snapshot');
    const sqliteFile = path.join(dir, 'base.sqlite');
    const base = await runPass(bundleDir, { mode: 'save', spans: baseSpans, file, sqliteFile }, log);
    const { store, streamed } = base;
    if (!store || !streamed || !base.sqlite || 'error' in base.sqlite) throw new Error(`the same-size pass did not finish: ${JSON.stringify(base.sqlite)}`);
    const old = base.sqlite;
    log(`  store: ${store.spans.toLocaleString('en-US')} spans, ${store.traces} traces, ${(store.pageBytes / MB).toFixed(0)} MB of pages, heap ${(store.heapBytes / MB).toFixed(0)} MB`);
    log(`  streamed: ${describe(streamed)}`);
    log(`  SQLite export: ${describe(old)}`);
    const loadStreamed = (await runPass(bundleDir, { mode: 'load', file }, log)).loaded!;
    const loadOld = (await runPass(bundleDir, { mode: 'load', file: sqliteFile }, log)).loaded!;
    log(`  loaded: streamed ${loadStreamed.wallMs.toFixed(0)} ms (${loadStreamed.spans} spans, heap ${(loadStreamed.heapBytes / MB).toFixed(0)} MB), SQLite ${loadOld.wallMs.toFixed(0)} ms (${loadOld.spans} spans, heap ${(loadOld.heapBytes / MB).toFixed(0)} MB)`);
    if (loadStreamed.spans !== store.spans || loadStreamed.traces !== store.traces) throw new Error('the streamed snapshot did not load back the same spans and traces');
    const size = `${baseSpans.toLocaleString('en-US')} agent spans, ${(store.pageBytes / MB).toFixed(0)} MB of pages`;
    const results = [
      result(`snapshot: streamed save of ${size} (CPU-ms)`, streamed.cpuMs, 'ms', { name: 'SQLite export and write of the same store', value: old.cpuMs },
        `wall ${streamed.wallMs.toFixed(0)} ms against ${old.wallMs.toFixed(0)} ms; file ${(streamed.fileBytes / MB).toFixed(0)} MB against ${(old.fileBytes / MB).toFixed(0)} MB`),
      result(`snapshot: longest hold of the engine thread while saving ${size} (CPU-ms)`, streamed.longestBlockCpuMs, 'ms', { name: 'the SQLite export (one block)', value: old.longestBlockCpuMs },
        `${streamed.pieces} slices, queries and ingest run between them; wall ${streamed.longestBlockMs.toFixed(0)} ms against ${old.longestBlockMs.toFixed(0)} ms`),
      result(`snapshot: WebAssembly heap growth while saving ${size} (MB)`, streamed.heapGrowthBytes / MB, 'MB', { name: 'the SQLite export', value: old.heapGrowthBytes / MB },
        `the store's heap was ${(store.heapBytes / MB).toFixed(0)} MB before; the export's copies are not in it but in JS memory (the next figure)`),
      result(`snapshot: most bytes held in JS at once while saving ${size} (MB)`, streamed.largestPieceBytes / MB, 'MB', { name: 'the SQLite export (the whole file)', value: old.largestPieceBytes / MB }),
      result(`snapshot: growth of the process's peak resident memory while saving ${size} (MB)`, streamed.peakRssGrowthBytes / MB, 'MB', { name: 'the SQLite export, measured after the streamed save', value: old.peakRssGrowthBytes / MB },
        'the export copies the tables into main, a file in Emscripten\'s in-memory file system (JS memory), then reads it into one array'),
      result(`snapshot: load of the streamed file, ${size} (CPU-ms)`, loadStreamed.cpuMs, 'ms', { name: 'load of the SQLite file', value: loadOld.cpuMs },
        `read a frame at a time; the SQLite file is read whole; heap after loading ${(loadStreamed.heapBytes / MB).toFixed(0)} MB against ${(loadOld.heapBytes / MB).toFixed(0)} MB`),
    ];
    if (spans <= baseSpans) return results;

    log(`snapshot: ${spans.toLocaleString('en-US')} agent spans saved streamed, then the SQLite export tried`);
    const bigFile = path.join(dir, 'big.snapshot');
    const big = await runPass(bundleDir, { mode: 'save', spans, file: bigFile, sqliteFile: path.join(dir, 'big.sqlite') }, log);
    if (!big.store || !big.streamed) throw new Error('the big pass did not save');
    log(`  store: ${big.store.spans.toLocaleString('en-US')} spans, ${(big.store.pageBytes / MB).toFixed(0)} MB of pages, heap ${(big.store.heapBytes / MB).toFixed(0)} MB`);
    log(`  streamed: ${describe(big.streamed)}`);
    const oldBig = !big.sqlite ? 'not reached' : 'error' in big.sqlite ? `failed: ${big.sqlite.error}` : describe(big.sqlite);
    log(`  SQLite export: ${oldBig}`);
    rmSync(path.join(dir, 'big.sqlite'), { force: true });
    const bigLoad = (await runPass(bundleDir, { mode: 'load', file: bigFile }, log)).loaded!;
    log(`  loaded: ${bigLoad.wallMs.toFixed(0)} ms, ${bigLoad.cpuMs.toFixed(0)} CPU-ms, ${bigLoad.spans.toLocaleString('en-US')} spans, heap ${(bigLoad.heapBytes / MB).toFixed(0)} MB`);
    if (bigLoad.spans !== big.store.spans || bigLoad.traces !== big.store.traces) throw new Error('the big snapshot did not load back the same spans and traces');
    const perHundredMb = (f: SaveFigures, pageBytes: number): number => f.cpuMs / (pageBytes / (100 * MB));
    const bigSize = `${spans.toLocaleString('en-US')} agent spans, ${(big.store.pageBytes / MB).toFixed(0)} MB of pages`;
    results.push(
      result(`snapshot: streamed save of ${bigSize}, CPU-ms per 100 MB of pages`, perHundredMb(big.streamed, big.store.pageBytes), 'ms',
        { name: `the same at ${baseSpans.toLocaleString('en-US')} spans`, value: perHundredMb(streamed, store.pageBytes) },
        `longest hold ${big.streamed.longestBlockCpuMs.toFixed(0)} CPU-ms (${big.streamed.longestBlockMs.toFixed(0)} ms wall), heap +${(big.streamed.heapGrowthBytes / MB).toFixed(0)} MB; the SQLite export of this store: ${oldBig}`),
      result(`snapshot: load of the streamed file of ${bigSize} (CPU-ms)`, bigLoad.cpuMs, 'ms', { name: `the same at ${baseSpans.toLocaleString('en-US')} spans`, value: loadStreamed.cpuMs },
        `${bigLoad.spans.toLocaleString('en-US')} spans loaded back, heap ${(bigLoad.heapBytes / MB).toFixed(0)} MB`),
    );
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
