/**
 * A driver for telling code warm-up (V8 optimizing the engine's JavaScript) apart from the rest of
 * a fresh engine's extra cost (not part of `npm run bench`). One fresh process per figure:
 *   WHAT=read    stores the hostile SPANS-span agent trace (default 50,000), then reads its Trace
 *                JSON bytes 3 times, each with nothing cached; the first read is the fresh one.
 *                Per read: this process's CPU-ms, its wall time, the main thread's CPU alone (the
 *                rest ran on V8's helper threads: optimizing compilers, GC helpers) and its garbage
 *                collections by V8 kind (1 scavenge, 4 mark-compact, 8 incremental marking: count/ms).
 *                STORES=2: then the same trace stored in a new store and read there (warm code,
 *                nothing of the first store)
 *   WHAT=ingest  prepares and stores the ingest bench's 5 KB spans in process (prepareTraces, then
 *                TraceStore.ingestPreparedSpans, as the two engine threads do), SETS sets of
 *                REQUESTS x 512 spans, each into a store that is empty (FRESH_STORE=1) or already holds
 *                the sets before; prints CPU-µs per span of each set (and of V8's helper threads)
 *   WARM=none    nothing before (a fresh engine)
 *   WARM=engine  a warm-up by hand (warm-up-run.ts) run to its end first, in a scratch store
 *   WARM=same    (ingest) 1,024 spans of the measured data's own shape, another seed, stored first in a scratch store
 *                (PLAN='{"rounds":1,"read":false}' overrides parts of its plan)
 *   MARK=1       prints a line before and after each measured read or set, to cut a --trace-opt or
 *                --trace-deopt log into them
 *   npx esbuild bench/src/warm-up-profile.ts --bundle --platform=node --outfile=out/warm-up-profile/main.js
 *   cp node_modules/sql.js/dist/sql-wasm.wasm out/warm-up-profile/
 *   WHAT=read WARM=engine node out/warm-up-profile/main.js
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { prepareTraces } from '../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceQueries } from '../../src/engine/store/trace-queries';
import { TraceStore } from '../../src/engine/store/trace-store';
import { COMPRESS_FROM } from '../../src/engine/store/content-text';
import { DEFAULT_WARMUP_PLAN, runWarmUpToEnd } from './warm-up-run';
import { wideAgentTrace } from '../../test/factories/hostile-traces';
import { buildRequests, type WireEncoding } from './llm-spans';
import { cpuMs } from './results';
import { readThreadCpu } from './thread-cpu';

const what = process.env.WHAT ?? 'read';
const warm = process.env.WARM ?? 'none';
const spanCount = Number(process.env.SPANS ?? 50_000);
const limits = { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 };

/** Garbage collections on this thread by kind (V8's: 1 scavenge, 4 mark-compact, ...), while a read runs. */
const gcTally = new Map<number, { count: number; ms: number }>();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0;
    const t = gcTally.get(kind) ?? { count: 0, ms: 0 };
    t.count++;
    t.ms += entry.duration;
    gcTally.set(kind, t);
  }
}).observe({ entryTypes: ['gc'] });

/** CPU-ms of the main thread alone (not V8's compiler and GC helper threads). */
const mainThreadMs = (): number => readThreadCpu().get(process.pid) ?? NaN;

async function main(): Promise<void> {
  const SQL = await loadSqlJs();
  const heapBefore = process.memoryUsage();
  if (warm === 'engine') {
    const started = cpuMs();
    const plan = { ...DEFAULT_WARMUP_PLAN, ...(process.env.PLAN ? JSON.parse(process.env.PLAN) as object : {}) };
    const steps = await runWarmUpToEnd(SQL, async (body, encoding) => prepareTraces(body, encoding), plan);
    const used = process.memoryUsage();
    console.log(`warm-up: ${(cpuMs() - started).toFixed(0)} CPU-ms, ${steps} steps; heap +${((used.heapUsed - heapBefore.heapUsed) / 1e6).toFixed(1)} MB, rss +${((used.rss - heapBefore.rss) / 1e6).toFixed(1)} MB`);
  }
  if (warm === 'same') {
    // The measured data's own shape: 1,024 of the ingest bench's spans (another seed), stored and closed.
    const started = cpuMs();
    const scratch = TraceStore.open(SQL, { limits, log: () => undefined, compressContentLater: true });
    for (const body of buildRequests({ spansPerTrace: 10, seed: 999, startTimeMs: Date.now() - 7_200_000 }, 'protobuf', 2, 512)) scratch.ingestPreparedSpans(structuredClone(prepareTraces(body, 'protobuf', COMPRESS_FROM)));
    scratch.close();
    console.log(`same-shape warm-up: ${(cpuMs() - started).toFixed(0)} CPU-ms`);
  }
  if (what === 'read') {
    const body = wideAgentTrace(spanCount);
    // STORES=2: the same trace stored again in a new store and read there (warm code, store caches empty).
    for (let s = 0; s < Number(process.env.STORES ?? 1); s++) {
      const store = TraceStore.open(SQL, { limits, log: () => undefined });
      store.ingestPreparedSpans(prepareTraces(body, 'protobuf'));
      const traceId = store.listTraces({ limit: 1 }).traces[0].traceId;
      const reads: string[] = [];
      for (let i = 0; i < 3; i++) {
        // The observer's entries arrive a turn late: those of the work before this read go first.
        await new Promise((resolve) => setTimeout(resolve, 50));
        gcTally.clear();
        if (process.env.MARK === '1') console.log(`MARK read ${s + 1}.${i + 1} start`);
        const wallStarted = performance.now();
        const started = cpuMs();
        const thread = mainThreadMs();
        new TraceQueries(store).getTraceJsonBytes([traceId]);
        const own = mainThreadMs() - thread;
        const wallMs = performance.now() - wallStarted;
        if (process.env.MARK === '1') console.log(`MARK read ${s + 1}.${i + 1} end`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        const gcs = [...gcTally].map(([kind, t]) => `${kind}:${t.count}/${t.ms.toFixed(0)}ms`).join(' ');
        reads.push(`${(cpuMs() - started).toFixed(0)} (wall ${wallMs.toFixed(0)}, main thread ${own.toFixed(0)}; gc ${gcs})`);
      }
      console.log(`store ${s + 1}: read ${spanCount}-span agent trace (warm=${warm}), CPU-ms: ${reads.join(', ')}`);
      store.close();
    }
    return;
  }
  const encoding = (process.env.ENCODING ?? 'protobuf') as WireEncoding;
  const requests = Number(process.env.REQUESTS ?? 8);
  const sets = Number(process.env.SETS ?? 4);
  const bodies = Array.from({ length: sets }, (_, s) => buildRequests({ spansPerTrace: 10, seed: 101 + s, startTimeMs: Date.now() - 3_600_000 }, encoding, requests, 512));
  let store = TraceStore.open(SQL, { limits, log: () => undefined, compressContentLater: true });
  const figures: string[] = [];
  for (const set of bodies) {
    if (process.env.FRESH_STORE === '1') {
      store.close();
      store = TraceStore.open(SQL, { limits, log: () => undefined, compressContentLater: true });
    }
    let prepareMs = 0;
    let storeMs = 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
    gcTally.clear();
    if (process.env.MARK === '1') console.log(`MARK set start`);
    const mainStarted = mainThreadMs();
    const processStarted = cpuMs();
    for (const body of set) {
      const t0 = cpuMs();
      const prepared = structuredClone(prepareTraces(body, encoding, COMPRESS_FROM));
      const t1 = cpuMs();
      store.ingestPreparedSpans(prepared);
      storeMs += cpuMs() - t1;
      prepareMs += t1 - t0;
    }
    const spans = requests * 512;
    const helpers = cpuMs() - processStarted - (mainThreadMs() - mainStarted);
    if (process.env.MARK === '1') console.log(`MARK set end`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const gcs = [...gcTally].map(([kind, t]) => `${kind}:${t.count}/${t.ms.toFixed(0)}ms`).join(' ');
    figures.push(`prepare ${((prepareMs * 1000) / spans).toFixed(0)} + store ${((storeMs * 1000) / spans).toFixed(0)} (V8 helper threads ${((helpers * 1000) / spans).toFixed(0)}; gc ${gcs})`);
  }
  console.log(`ingest ${encoding} (warm=${warm}, fresh store per set=${process.env.FRESH_STORE === '1'}): CPU-µs/span per set: ${figures.join('; ')}`);
  store.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
