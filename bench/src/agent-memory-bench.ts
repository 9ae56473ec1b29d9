/**
 * The agent-shaped memory workload (opt-in: `npm run bench -- --only agents [--agent-spans N]`,
 * default 1,000,000 spans; it takes minutes). Agent runs (agent-spans.ts) go through the ingest
 * path (the prepare step, then TraceStore.ingestPreparedSpans) in 512-span batches, into a store
 * whose retention is the extension's default byte cap (512 MB of logical content). Reports what a
 * stored span costs while nothing is evicted, against the bytes the spans carried on the way in
 * (quadratic: every call re-sends the history), how many spans the store holds at the end, and
 * what retention evicted, oldest traces first. sql.js's WebAssembly heap is capped at 2 GiB (the
 * maximum its module declares); the database pages live in it.
 */
import { prepareDecodedSpans } from '../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceStore } from '../../src/engine/store/trace-store';
import { agentSpans } from './agent-spans';
import { cpuMs, result, type BenchResult } from './results';
import { wasmHeapBytes } from './wasm-heap';
import type { TableBytes } from '../../src/engine/store/storage-breakdown';

/** One line per table: rows, value bytes per stored span, and the widest columns. */
function breakdownLines(tables: TableBytes[], spans: number, databaseBytes: number): string[] {
  const perSpan = (bytes: number): string => (bytes / spans).toFixed(0);
  let values = 0;
  const lines = tables.map((t) => {
    values += t.valueBytes;
    const wide = Object.entries(t.columns).map(([name, bytes]) => `${name} ${perSpan(bytes)}`).join(', ');
    return `    ${t.table}: ${t.rows.toLocaleString('en-US')} rows, ${perSpan(t.valueBytes)} B/span${wide ? ` (${wide})` : ''}`;
  });
  lines.push(`    pages beyond the values (indexes, b-tree, free pages): ${perSpan(databaseBytes - values)} B/span`);
  return lines;
}

const WASM_HEAP_CAP = 2 * 1024 ** 3;
const MB = 1024 * 1024;

export async function runAgentMemoryBench(totalSpans: number, log: (line: string) => void): Promise<BenchResult[]> {
  const limits = { maxSpans: 2 * totalSpans, maxBytes: 512 * MB };
  const evictions: string[] = [];
  const store = TraceStore.open(await loadSqlJs(), { limits, log: (level, message) => {
    if (message.startsWith('Retention')) evictions.push(message);
  } });
  const source = agentSpans(77, Date.now() - 86_400_000);
  log(`agents: ${totalSpans.toLocaleString('en-US')} agent-shaped spans (20-50 steps re-sending the history) into a store capped at ${limits.maxBytes / MB} MB`);
  let sent = 0;
  const pending: ReturnType<typeof source.nextAgent> = [];
  let beforeEviction: { spans: number; databaseBytes: number; logicalBytes: number; rawBytes: number; heapBytes: number } | null = null;
  let breakdownShown = false;
  const started = performance.now();
  const cpuStarted = cpuMs();
  while (sent < totalSpans) {
    while (pending.length < 512) pending.push(...source.nextAgent());
    const batch = pending.splice(0, Math.min(512, totalSpans - sent));
    store.ingestPreparedSpans(prepareDecodedSpans(batch));
    sent += batch.length;
    if (store.evictedTraces === 0) {
      beforeEviction = { spans: store.spanCount, databaseBytes: store.databaseBytes(), logicalBytes: store.bytes, rawBytes: source.rawBytes, heapBytes: wasmHeapBytes() };
    }
    if (store.evictedTraces > 0 && !breakdownShown && beforeEviction) {
      breakdownShown = true;
      log(`  where the bytes go at ${store.spanCount.toLocaleString('en-US')} spans (first eviction):`);
      for (const line of breakdownLines(store.storageBreakdown(), store.spanCount, store.databaseBytes())) log(line);
    }
    if (sent % 100_000 < 512) log(`  ${sent.toLocaleString('en-US')} sent, ${store.spanCount.toLocaleString('en-US')} held, database ${(store.databaseBytes() / MB).toFixed(0)} MB, evicted ${store.evictedTraces} traces`);
  }
  const cpuPerSpanUs = ((cpuMs() - cpuStarted) * 1000) / sent;
  const held = store.spanCount;
  const databaseBytes = store.databaseBytes();
  const evictedSpans = store.evictedSpans;
  const evictedTraces = store.evictedTraces;
  log(`  done in ${((performance.now() - started) / 1000).toFixed(0)} s; ${held.toLocaleString('en-US')} spans held, ${evictedTraces} traces (${evictedSpans} spans) evicted; last retention log: ${evictions.at(-1) ?? 'none'}`);
  log('  where the bytes go at the end:');
  for (const line of breakdownLines(store.storageBreakdown(), held, databaseBytes)) log(line);
  const heap = wasmHeapBytes();
  store.close();
  const at = beforeEviction ?? { spans: held, databaseBytes, logicalBytes: 0, rawBytes: source.rawBytes, heapBytes: heap };
  const perSpan = at.databaseBytes / at.spans;
  // What the heap holds per span (pages, their cache headers, allocator slack); the database's
  // pages when the heap was not measured.
  const heapPerSpan = at.heapBytes > 0 ? at.heapBytes / at.spans : perSpan;
  const rawPerSpan = at.rawBytes / at.spans;
  return [
    result('agent workload: database bytes per stored span', perSpan, 'B/span', { name: 'attribute bytes sent per span (the history re-sent at every call)', value: rawPerSpan },
      `at ${at.spans.toLocaleString('en-US')} spans, before retention evicted anything; logical (rows + distinct content) ${(at.logicalBytes / at.spans).toFixed(0)} B/span`),
    result('agent workload: WebAssembly heap bytes per stored span', heapPerSpan, 'B/span', { name: 'database bytes per stored span', value: perSpan },
      `at ${at.spans.toLocaleString('en-US')} spans, before retention evicted anything (the heap grows in steps of up to 96 MB)`),
    result('agent workload: spans the WebAssembly heap could hold at that rate', WASM_HEAP_CAP / heapPerSpan, 'spans', { name: 'agent spans sent', value: sent },
      '2 GiB (the sql.js module\'s declared maximum) / heap bytes per span; the retention cap below keeps the store far under it'),
    result(`agent workload: spans held at the end under the default ${limits.maxBytes / MB} MB retention cap`, held, 'spans', { name: 'agent spans sent', value: sent },
      `${evictedTraces} oldest traces (${evictedSpans} spans) evicted and logged; database ${(databaseBytes / MB).toFixed(0)} MB`),
    result('agent workload: WebAssembly heap at the end (its peak: it never shrinks)', heap / MB, 'MB', { name: 'database pages at the end (MB)', value: databaseBytes / MB },
      heap === 0 ? 'not measured: sql.js was loaded before the heap was watched' : `the cap is ${WASM_HEAP_CAP / MB} MB`),
    result('agent workload: ingest CPU per span (prepare + store, one thread)', cpuPerSpanUs, 'µs', null, 'quadratic input: the longer the history, the more text to split and hash'),
  ];
}
