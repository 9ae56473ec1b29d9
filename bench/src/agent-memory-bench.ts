/**
 * The agent-shaped memory workload (opt-in: `npm run bench -- --only agents [--agent-spans N]
 * [--agent-max-mb M]`, default 1,000,000 spans and 2,048 MB; it takes minutes). Agent runs
 * (agent-spans.ts) go through the ingest path (the prepare step, then
 * TraceStore.ingestPreparedSpans) in 512-span batches. The byte cap (`maxBytes`, logical bytes:
 * rows plus distinct content uncompressed) is set to what the heap allows, so the store's own page
 * cap (1.65 GiB of pages, retention.ts) is what evicts; the span cap is out of the way.
 *
 * Each pass runs on its own thread with its own sql.js instance (so its own WebAssembly heap,
 * capped at 2 GiB): the store as it is; then the same store with content compression off (the
 * baseline) on min(N, 200,000) spans; then min(N, 100,000) spans only to log the pages per table
 * and index (copying the tables grows the heap, so not in a measured pass). Reports what a stored
 * span costs while nothing is evicted (database pages and heap), how many spans are held at the end
 * and what retention evicted (every eviction is logged), ingest CPU, and the first read of a run's
 * Trace JSON.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PassFigures, PassOptions } from './agent-memory-pass';
import { READ_TRACES } from './agent-memory-pass';
import { result, type BenchResult } from './results';

const WASM_HEAP_CAP = 2 * 1024 ** 3;
const MB = 1024 * 1024;
/** The extension's default byte cap (tracelight.retention.maxMegabytes). */
const DEFAULT_MAX_MB = 512;
/** Pages are broken down per table and index at this many spans (the copies cost heap). */
const PAGE_BREAKDOWN_AT = 100_000;
const BASELINE_SPANS = 200_000;

/** A pass on its own thread (agent-memory-worker.ts), its log lines passed on as they come. */
function runPassInWorker(bundleDir: string, options: PassOptions, log: (line: string) => void): Promise<PassFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(bundleDir, 'agent-memory-worker.js'), { workerData: options });
    let figures: PassFigures | null = null;
    worker.on('message', (message: { log: string } | { figures: PassFigures }) => {
      if ('log' in message) log(message.log);
      else figures = message.figures;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (figures ? resolve(figures) : reject(new Error(`agent workload pass exited with ${code} before its figures`))));
  });
}

const perSpan = (f: PassFigures): { database: number; heap: number; logical: number } => ({
  database: f.at.databaseBytes / f.at.spans,
  // What the heap holds per span (pages, their cache headers, allocator slack); the pages when unmeasured.
  heap: f.at.heapBytes > 0 ? f.at.heapBytes / f.at.spans : f.at.databaseBytes / f.at.spans,
  logical: f.at.logicalBytes / f.at.spans,
});

export async function runAgentMemoryBench(bundleDir: string, totalSpans: number, maxMegabytes: number, log: (line: string) => void): Promise<BenchResult[]> {
  const maxBytes = maxMegabytes * MB;
  log(`agents: ${totalSpans.toLocaleString('en-US')} agent-shaped spans (20-50 steps re-sending the history), maxMegabytes ${maxMegabytes}, span cap out of the way`);
  const now = await runPassInWorker(bundleDir, { totalSpans, maxBytes, pagesAt: Infinity }, log);
  const baseSpans = Math.min(totalSpans, BASELINE_SPANS);
  log(`agents, baseline: the same store with content compression off, ${baseSpans.toLocaleString('en-US')} spans`);
  const base = await runPassInWorker(bundleDir, { totalSpans: baseSpans, maxBytes, compressContentFrom: Infinity, pagesAt: Infinity }, log);
  // Apart, because copying the tables grows the heap the other passes measure.
  const pagesAt = Math.min(totalSpans, PAGE_BREAKDOWN_AT);
  log(`agents, where the pages go: ${pagesAt.toLocaleString('en-US')} spans into the store as it is, then each table copied and counted`);
  await runPassInWorker(bundleDir, { totalSpans: pagesAt, maxBytes, pagesAt }, log);
  const n = perSpan(now);
  const b = perSpan(base);
  const baseline = (what: string, value: number): { name: string; value: number } => ({ name: `${what}, compression off`, value });
  const atNote = (f: PassFigures): string => `at ${f.at.spans.toLocaleString('en-US')} spans, before retention evicted anything`;
  return [
    result('agent workload: database bytes per stored span', n.database, 'B/span', baseline('same', b.database),
      `${atNote(now)} (baseline ${atNote(base)}); logical (rows + distinct content, what maxMegabytes caps) ${n.logical.toFixed(0)} B/span; ${(now.at.rawBytes / now.at.spans).toFixed(0)} attribute bytes sent per span`),
    result('agent workload: WebAssembly heap bytes per stored span', n.heap, 'B/span', baseline('same', b.heap),
      `${atNote(now)}; the heap grows in steps of up to 96 MB`),
    result('agent workload: spans the WebAssembly heap could hold at that rate', WASM_HEAP_CAP / n.heap, 'spans', baseline('same', WASM_HEAP_CAP / b.heap),
      '2 GiB (the sql.js module\'s declared maximum) / heap bytes per span'),
    result(`agent workload: spans held at the end (maxMegabytes ${maxMegabytes})`, now.held, 'spans', { name: 'agent spans sent', value: now.sent },
      `database ${(now.databaseBytes / MB).toFixed(0)} MB; the default ${DEFAULT_MAX_MB} MB cap holds about ${Math.floor((DEFAULT_MAX_MB * MB * 0.9) / n.logical).toLocaleString('en-US')} (90% of it / logical bytes per span), and the default span cap 200,000`),
    result('agent workload: oldest traces evicted by retention', now.evictedTraces, 'traces', { name: 'logged eviction passes', value: now.evictionLogs },
      `${now.evictedSpans.toLocaleString('en-US')} spans; each pass logs what it evicted`),
    result('agent workload: WebAssembly heap at the end (its peak: it never shrinks)', now.heapBytes / MB, 'MB', { name: 'database pages at the end (MB)', value: now.databaseBytes / MB },
      `the cap is ${WASM_HEAP_CAP / MB} MB`),
    result('agent workload: ingest CPU per span (prepare + store, one thread)', now.cpuPerSpanUs, 'µs', baseline('same', base.cpuPerSpanUs),
      `baseline over its ${baseSpans.toLocaleString('en-US')} spans; quadratic input: the longer the history, the more text to split and hash`),
    result('agent workload: first Trace JSON read of an agent run (CPU)', now.readMsPerTrace, 'ms', baseline('same', base.readMsPerTrace),
      `the ${READ_TRACES} newest runs held, about 70 spans each`),
  ];
}
