/**
 * A driver for measuring the cold build of one trace's Trace JSON in process (not part of
 * `npm run bench`): stores one trace (prepared as on the prepare thread), then reads its Trace JSON
 * RUNS times (after one read not counted) with nothing cached (a fresh TraceQueries each time) and
 * prints the CPU time of each read, the median, and the median per span. With PROFILE_DIR set, the last read also writes a
 * .cpuprofile there for bench/profile-summary.js (PROFILE_FIRST=1: the first read's).
 *   SHAPE=agent   the hostile agent trace: model call → tool call steps, small spans (default)
 *   SHAPE=llm     the bench's realistic 5 KB model-call spans under one root
 *   SHAPE=chains  agent runs that resend their whole conversation (bench/src/agent-spans.ts), as one
 *                 trace of SPANS spans
 *   npx esbuild bench/src/trace-build-profile.ts --bundle --platform=node --outfile=out/trace-build-profile/main.js
 *   cp node_modules/sql.js/dist/sql-wasm.wasm out/trace-build-profile/
 *   SPANS=10000 SHAPE=agent node out/trace-build-profile/main.js
 * READ=bytes reads getTraceJsonBytes instead (what the query API sends: the build and its UTF-8 text).
 * SHAPE=rag     the hostile RAG agent trace (retrieval and rerank steps among the agent's spans)
 * The first read (code not yet optimized, as in a fresh engine) is printed apart, and each read's
 * garbage collection time on this thread (PerformanceObserver 'gc' entries); with --expose-gc and
 * without READ=bytes, the heap the last read's document holds per span.
 * OUT=FILE writes the last read's Trace JSON text there (to compare builds byte for byte); the
 * agent and RAG traces get new ids each time they are made, so give REQUEST=FILE too: the request
 * is written there once and read back by the next runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
import * as path from 'node:path';
import type { DecodedSpan } from '../../src/engine/model';
import type { TraceJsonDocument } from '../../src/protocol/trace-json';
import { decodeTraces } from '../../src/engine/otlp';
import { prepareDecodedSpans } from '../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceQueries } from '../../src/engine/store/trace-queries';
import { TraceStore } from '../../src/engine/store/trace-store';
import { ragAgentTrace, wideAgentTrace } from '../../test/factories/hostile-traces';
import { agentSpans } from './agent-spans';
import { llmSpanBatches, serializeSpans } from './llm-spans';

const spanCount = Number(process.env.SPANS ?? 10_000);
const runs = Number(process.env.RUNS ?? 3);
const shape = process.env.SHAPE ?? 'agent';
const profileDir = process.env.PROFILE_DIR;
const asBytes = process.env.READ === 'bytes';
const outFile = process.env.OUT;

/** The hostile traces get new ids each time they are made: REQUEST=FILE keeps one request to read it back. */
function keptRequest(make: () => Uint8Array): Uint8Array {
  const file = process.env.REQUEST;
  if (file === undefined) return make();
  if (existsSync(file)) return readFileSync(file);
  const request = make();
  writeFileSync(file, request);
  return request;
}

function spansOfShape(): DecodedSpan[] {
  if (shape === 'agent') return decodeTraces(keptRequest(() => wideAgentTrace(spanCount)), 'protobuf').items;
  if (shape === 'rag') return decodeTraces(keptRequest(() => ragAgentTrace(spanCount)), 'protobuf').items;
  if (shape === 'llm') {
    const batch = llmSpanBatches({ spansPerTrace: spanCount, seed: 5, startTimeMs: Date.UTC(2026, 0, 1) }, spanCount).next().value;
    return decodeTraces(serializeSpans(batch!, 'protobuf'), 'protobuf').items;
  }
  if (shape === 'chains') {
    // Agent runs re-parented into one trace, so one read holds SPANS spans of conversation chains.
    const source = agentSpans(3, Date.UTC(2026, 0, 1));
    const spans: DecodedSpan[] = [];
    while (spans.length < spanCount) spans.push(...source.nextAgent());
    const traceId = spans[0].traceId;
    return spans.slice(0, spanCount).map((s) => ({ ...s, traceId }));
  }
  throw new Error(`unknown SHAPE ${shape}`);
}

async function main(): Promise<void> {
  const store = TraceStore.open(await loadSqlJs(), { limits: { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 }, log: () => undefined });
  const spans = spansOfShape();
  store.ingestPreparedSpans(prepareDecodedSpans(spans));
  const traceId = spans[0].traceId;
  const cpuMs: number[] = [];
  const gcMs: number[] = [];
  let firstMs = 0;
  let gcNow = 0;
  const collect = (globalThis as { gc?: () => void }).gc;
  let keptBytes: number | undefined;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcNow += entry.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  let chars = 0;
  // One read first, not counted: the engine's code is warm when a user opens a trace.
  for (let run = -1; run < runs; run++) {
    // PROFILE_FIRST=1: the first read's profile instead (code not yet optimized).
    const profiling = profileDir !== undefined && run === (process.env.PROFILE_FIRST === '1' ? -1 : runs - 1);
    const session = new Session();
    if (profiling) {
      session.connect();
      session.post('Profiler.enable');
      // PROFILE_US: the sampling interval in µs (V8's default otherwise; a short one slows the read).
      if (process.env.PROFILE_US !== undefined) session.post('Profiler.setSamplingInterval', { interval: Number(process.env.PROFILE_US) });
      session.post('Profiler.start');
    }
    // With --expose-gc, each read starts from a collected heap: less noise from the reads before.
    collect?.();
    const heapBefore = process.memoryUsage().heapUsed;
    await new Promise((resolve) => setImmediate(resolve));
    gcNow = 0;
    const cpu = process.cpuUsage();
    const queries = new TraceQueries(store);
    const bytes = asBytes ? queries.getTraceJsonBytes([traceId]) : undefined;
    const doc = asBytes ? undefined : queries.getTraceJson([traceId]);
    const used = process.cpuUsage(cpu);
    await new Promise((resolve) => setImmediate(resolve));
    if (run >= 0) cpuMs.push((used.user + used.system) / 1000);
    else firstMs = (used.user + used.system) / 1000;
    if (run >= 0) gcMs.push(gcNow);
    if (collect && doc && run === runs - 1) {
      // The heap the document holds (its spans, as the build held them to its end): what the
      // scavenges during the build copied.
      collect();
      keptBytes = process.memoryUsage().heapUsed - heapBefore;
      if (doc.traces.length === 0) throw new Error('no trace read');
    }
    if (profiling) {
      session.post('Profiler.stop', (error, result: Profiler.StopReturnType) => {
        if (!error) writeFileSync(path.join(profileDir, `trace-build-${shape}-${spanCount}.cpuprofile`), JSON.stringify(result.profile));
      });
    }
    const text = bytes ? Buffer.from(bytes).toString('utf8') : JSON.stringify(doc);
    if (outFile !== undefined && run === runs - 1) writeFileSync(outFile, text);
    const read = doc ?? (JSON.parse(text) as TraceJsonDocument);
    chars = JSON.stringify(read).length;
    if (read.traces[0].spans?.length !== spanCount) throw new Error(`read ${read.traces[0].spans?.length} spans, expected ${spanCount}`);
  }
  const median = [...cpuMs].sort((a, b) => a - b)[Math.floor(cpuMs.length / 2)];
  console.log(`${shape} ${spanCount} spans: cold Trace JSON${asBytes ? ' bytes' : ''} ${cpuMs.map((c) => c.toFixed(0)).join(', ')} CPU-ms; median ${median.toFixed(1)} CPU-ms = ${(median * 1000 / spanCount).toFixed(1)} CPU-µs/span; document ${chars} chars`);
  console.log(`  first read (code not yet optimized) ${firstMs.toFixed(0)} CPU-ms; garbage collection on this thread per read ${gcMs.map((g) => g.toFixed(0)).join(', ')} ms`
    + (keptBytes === undefined ? '' : `; the last read's document holds ${(keptBytes / spanCount).toFixed(0)} heap bytes per span`));
  gc.disconnect();
  store.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
