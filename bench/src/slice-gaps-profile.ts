/**
 * A driver for the pauses of a sliced first read (not part of `npm run bench`): stores the hostile
 * 50,000-span agent and RAG traces (prepared as on the prepare thread), then reads each RUNS times
 * (after one read not counted) the way the query API reads a trace it has not built
 * (`getTraceJsonBytesInSlices`), with nothing cached, and times every stretch between two pauses:
 * that is how long another query waits behind the read at most. Prints, per trace, the longest
 * stretches (wall and process CPU, with the part of the read they fall in), the median of the
 * longest, and the read's total.
 *   npx esbuild bench/src/slice-gaps-profile.ts --bundle --platform=node --outfile=out/slice-gaps/main.js
 *   cp node_modules/sql.js/dist/sql-wasm.wasm out/slice-gaps/
 *   SPANS=50000 RUNS=3 node out/slice-gaps/main.js
 * SHAPES=agent,rag picks the traces. UNREAD=N adds to the RAG trace N retrieval steps early in it whose
 * documents no model call was given (as the hostile bench does): each one's consumer search reads
 * every later call of the trace. The part is "build" until the trace's spans are kept, then
 * "analysis" once the retrieval analysis started, then "text".
 */
import type { DecodedSpan } from '../../src/engine/model';
import { decodeTraces } from '../../src/engine/otlp';
import { prepareDecodedSpans } from '../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceQueries } from '../../src/engine/store/trace-queries';
import { TraceStore } from '../../src/engine/store/trace-store';
import { ragAgentTrace, wideAgentTrace } from '../../test/factories/hostile-traces';

const spanCount = Number(process.env.SPANS ?? 50_000);
const runs = Number(process.env.RUNS ?? 3);
const shapes = (process.env.SHAPES ?? 'agent,rag').split(',');

interface Stretch {
  index: number;
  part: string;
  wallMs: number;
  cpuMs: number;
}

const cpuNow = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

async function slicedRead(store: TraceStore, traceId: string): Promise<{ stretches: Stretch[]; wallMs: number; cpuMs: number; bytes: number }> {
  const queries = new TraceQueries(store);
  const version = store.traceSummary(traceId)!.updatedSeq;
  const stretches: Stretch[] = [];
  const part = (): string => (queries.texts.misses > 0 ? 'text' : queries.retrievals.misses > 0 ? 'analysis' : queries.cache.has(traceId, version) ? 'after build' : 'build');
  const t0 = performance.now();
  const c0 = cpuNow();
  let wall = t0;
  let cpu = c0;
  const close = (label: string): void => {
    const w = performance.now();
    const c = cpuNow();
    stretches.push({ index: stretches.length, part: label, wallMs: w - wall, cpuMs: c - cpu });
    wall = w;
    cpu = c;
  };
  const bytes = await queries.getTraceJsonBytesInSlices([traceId], async () => {
    close(part());
    await new Promise((resolve) => setImmediate(resolve));
    wall = performance.now();
    cpu = cpuNow();
  });
  close('end');
  return { stretches, wallMs: performance.now() - t0, cpuMs: cpuNow() - c0, bytes: bytes.byteLength };
}

const unread = Number(process.env.UNREAD ?? 0);

/** Retrieval steps early in the trace whose documents no call was given (copies of its first step). */
function unreadSteps(spans: readonly DecodedSpan[]): DecodedSpan[] {
  const first = spans.find((s) => s.attributes['gen_ai.operation.name'] === 'retrieval');
  if (!first) return [];
  return Array.from({ length: unread }, (_, i) => ({
    ...first, spanId: (0xf000 + i).toString(16).padStart(16, '0'), startTimeUnixMs: first.startTimeUnixMs + 1, endTimeUnixMs: first.startTimeUnixMs + 2,
    attributes: { ...first.attributes, 'gen_ai.retrieval.documents': JSON.stringify([{ id: `arch-${i}`, content: `Archive memo ${i}: the warehouse ledger of 1999 moved to cold storage in March.` }]) },
  }));
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const store = TraceStore.open(await loadSqlJs(), { limits: { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 }, log: () => undefined });
  const traces: Array<{ shape: string; traceId: string }> = [];
  for (const shape of shapes) {
    const body = shape === 'rag' ? ragAgentTrace(spanCount) : wideAgentTrace(spanCount);
    const spans = decodeTraces(body, 'protobuf').items;
    if (shape === 'rag') spans.push(...unreadSteps(spans));
    store.ingestPreparedSpans(prepareDecodedSpans(spans));
    traces.push({ shape, traceId: spans[0].traceId });
  }
  for (const { shape, traceId } of traces) {
    const longest: number[] = [];
    const totals: number[] = [];
    const cpus: number[] = [];
    for (let run = -1; run < runs; run++) {
      const read = await slicedRead(store, traceId);
      if (run < 0) continue;
      const top = [...read.stretches].sort((a, b) => b.wallMs - a.wallMs).slice(0, 6);
      longest.push(top[0].wallMs);
      totals.push(read.wallMs);
      cpus.push(read.cpuMs);
      const byPart = new Map<string, number>();
      for (const s of read.stretches) byPart.set(s.part, Math.max(byPart.get(s.part) ?? 0, s.wallMs));
      console.log(`${shape} run ${run}: ${read.stretches.length} stretches, read ${read.wallMs.toFixed(0)} ms (${read.cpuMs.toFixed(0)} CPU-ms), ${read.bytes} bytes; longest: `
        + top.map((s) => `#${s.index} ${s.part} ${s.wallMs.toFixed(1)} ms (${s.cpuMs.toFixed(0)} CPU)`).join(', ')
        + `; longest per part: ${[...byPart].map(([p, ms]) => `${p} ${ms.toFixed(1)}`).join(', ')}`);
    }
    console.log(`${shape} ${spanCount} spans: longest stretch median ${median(longest).toFixed(1)} ms (${longest.map((v) => v.toFixed(0)).join(', ')}); sliced read median ${median(totals).toFixed(0)} ms, ${median(cpus).toFixed(0)} CPU-ms`);
  }
  store.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
