/**
 * A driver for profiling big-trace reads in process (not part of `npm run bench`): stores the hostile
 * 50,000-span agent trace in slices of 1,000 (as the receiver slices a big export), then selects a
 * tool, an LLM and the root span and reads the whole trace, printing wall and CPU time of each step
 * (storing has a same-run baseline: the same spans in one call, one summary refresh);
 * with PROFILE_DIR set, each step also writes a .cpuprofile there for bench/profile-summary.js.
 * SPANS sets the size of the trace (default 50000), e.g. SPANS=10000 for a 10,000-span trace;
 * STORE_ONLY=1 stops after storing.
 *   npx esbuild bench/src/read-profile.ts --bundle --platform=node --outfile=out/read-profile/main.js
 *   cp node_modules/sql.js/dist/sql-wasm.wasm out/read-profile/ && node out/read-profile/main.js
 */
import { writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import * as path from 'node:path';
import { decodeTraces } from '../../src/engine/otlp';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceQueries } from '../../src/engine/store/trace-queries';
import { TraceStore } from '../../src/engine/store/trace-store';
import { wideAgentTrace } from '../../test/factories/hostile-traces';

const profileDir = process.env.PROFILE_DIR;
const spanCount = Number(process.env.SPANS ?? 50_000);
const session = new Session();
session.connect();

/** Runs `fn`, prints its wall and CPU time, and profiles it when PROFILE_DIR is set. */
function step<T>(name: string, fn: () => T): { out: T; cpuMs: number } {
  if (profileDir) {
    session.post('Profiler.enable');
    session.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  const out = fn();
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(`${name}: ${(performance.now() - started).toFixed(1)} ms wall, ${cpuMs.toFixed(1)} CPU-ms`);
  if (profileDir) {
    session.post('Profiler.stop', (error, result: Profiler.StopReturnType) => {
      if (!error) writeFileSync(path.join(profileDir, `${name.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(result.profile));
    });
  }
  return { out, cpuMs };
}

async function main(): Promise<void> {
  const store = TraceStore.open(await loadSqlJs(), { limits: { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 }, log: () => undefined });
  const queries = new TraceQueries(store);
  const spans = decodeTraces(wideAgentTrace(spanCount), 'protobuf').items;
  // Baseline from the same run: the same spans stored in one call, in a store of their own, so the
  // trace summary is refreshed once; the ratio to it is what refreshing after every slice costs.
  const whole = TraceStore.open(await loadSqlJs(), { limits: { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 }, log: () => undefined });
  const wholeCpu = step(`store the ${spanCount}-span agent trace in one call (baseline)`, () => whole.ingestSpans(spans)).cpuMs;
  whole.close();
  const slicedCpu = step(`store the ${spanCount}-span agent trace in slices of 1,000`, () => {
    for (let i = 0; i < spans.length; i += 1000) store.ingestSpans(spans.slice(i, i + 1000));
  }).cpuMs;
  console.log(`slices of 1,000 against one call: ${(slicedCpu / wholeCpu).toFixed(2)}x the CPU`);
  if (process.env.STORE_ONLY) return store.close();
  const traceId = spans[0].traceId;
  const rows = queries.getSpanRows(traceId);
  const tools = rows.filter((r) => r.kind === 'tool');
  const tool = tools[Math.floor(tools.length / 2)];
  const llm = rows.filter((r) => r.kind === 'llm')[Math.floor(rows.length / 4)];
  const root = rows.find((r) => r.parentSpanId === null)!;
  step('select a tool span', () => queries.getSpan(traceId, tool.spanId));
  step('select the tool span again', () => queries.getSpan(traceId, tool.spanId));
  step('select an LLM span', () => queries.getSpan(traceId, llm.spanId));
  step('select the root span', () => queries.getSpan(traceId, root.spanId));
  step('getTraceJson, first read', () => queries.getTraceJson([traceId]));
  step('getTraceJson, read again', () => queries.getTraceJson([traceId]));
  store.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
