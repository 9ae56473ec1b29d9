/**
 * A driver for deciding whether a growing trace (a live agent run, a span arriving every second)
 * should reuse its previous version's built spans (not part of `npm run bench`). Stores one trace,
 * then, in process, RUNS times each, CPU of:
 *   - the cold build of the trace's spans (what every read of a new version costs today);
 *   - copying those built spans (structuredClone): the least a reuse costs, since the whole-trace
 *     steps (duplicate calls, tool links, costs) write into earlier spans when a new one arrives,
 *     so the previous version's objects cannot be shared with the next;
 *   - the whole-trace steps alone (duplicate calls and tool links over the copy);
 *   - serializing the built spans to UTF-8 (JSON.stringify, then encoding): what any read without
 *     kept text pays even when nothing is normalized on read (normalized fields stored at ingest).
 *   npx esbuild bench/src/growing-trace-profile.ts --bundle --platform=node --outfile=out/growing-trace/main.js
 *   cp node_modules/sql.js/dist/sql-wasm.wasm out/growing-trace/
 *   SHAPE=llm SPANS=10000 RUNS=3 node out/growing-trace/main.js
 * SHAPE=agent (default) is the hostile agent trace; SHAPE=llm the bench's 5 KB model calls.
 */
import { toEnd } from '../../src/analysis/sliced-work';
import { linkToolCallsInSlices } from '../../src/analysis/tool-links';
import type { DecodedSpan } from '../../src/engine/model';
import { decodeTraces } from '../../src/engine/otlp';
import { prepareDecodedSpans } from '../../src/engine/prepare/prepare-traces';
import { markDuplicateCallsInSlices } from '../../src/engine/semconv/duplicate-calls';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { buildTraceSpans } from '../../src/engine/store/trace-spans-build';
import { TraceStore } from '../../src/engine/store/trace-store';
import type { TraceJsonSpan } from '../../src/protocol/trace-json';
import { wideAgentTrace } from '../../test/factories/hostile-traces';
import { llmSpanBatches, serializeSpans } from './llm-spans';

const spanCount = Number(process.env.SPANS ?? 10_000);
const runs = Number(process.env.RUNS ?? 3);
const shape = process.env.SHAPE ?? 'agent';
const AT_ONCE = { due: () => false, restart: () => undefined };

function spansOfShape(): DecodedSpan[] {
  if (shape === 'agent') return decodeTraces(wideAgentTrace(spanCount), 'protobuf').items;
  const batch = llmSpanBatches({ spansPerTrace: spanCount, seed: 5, startTimeMs: Date.UTC(2026, 0, 1) }, spanCount).next().value;
  return decodeTraces(serializeSpans(batch!, 'protobuf'), 'protobuf').items;
}

function cpuOf(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main(): Promise<void> {
  const store = TraceStore.open(await loadSqlJs(), { limits: { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 }, log: () => undefined });
  const spans = spansOfShape();
  store.ingestPreparedSpans(prepareDecodedSpans(spans));
  const traceId = spans[0].traceId;
  let built: TraceJsonSpan[] = toEnd(buildTraceSpans(store, traceId)).spans;
  const build: number[] = [];
  const copy: number[] = [];
  const steps: number[] = [];
  const serialize: number[] = [];
  for (let run = 0; run < runs; run++) {
    build.push(cpuOf(() => { built = toEnd(buildTraceSpans(store, traceId)).spans; }));
    let copied: TraceJsonSpan[] = [];
    copy.push(cpuOf(() => { copied = structuredClone(built); }));
    steps.push(cpuOf(() => {
      toEnd(markDuplicateCallsInSlices(copied, AT_ONCE));
      toEnd(linkToolCallsInSlices(copied, AT_ONCE, () => undefined));
    }));
    serialize.push(cpuOf(() => { Buffer.from(JSON.stringify(built), 'utf8'); }));
  }
  const perSpan = (ms: number): string => `${(ms * 1000 / spanCount).toFixed(1)} µs/span`;
  console.log(`${shape} ${spanCount} spans, median of ${runs}: cold build ${median(build).toFixed(0)} CPU-ms (${perSpan(median(build))}); `
    + `copy of the built spans ${median(copy).toFixed(0)} CPU-ms (${perSpan(median(copy))}); whole-trace steps ${median(steps).toFixed(0)} CPU-ms (${perSpan(median(steps))}); `
    + `serializing them to UTF-8 ${median(serialize).toFixed(0)} CPU-ms (${perSpan(median(serialize))})`);
  store.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
