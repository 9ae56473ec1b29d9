/**
 * One pass of the agent workload (agent-memory-bench.ts), on the thread of agent-memory-worker.ts:
 * its own sql.js instance, so its WebAssembly heap is its own.
 */
import { prepareDecodedSpans } from '../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceQueries } from '../../src/engine/store/trace-queries';
import { TraceStore } from '../../src/engine/store/trace-store';
import { breakdownLines, pageLines } from './agent-memory-breakdown';
import { agentSpans } from './agent-spans';
import { cpuMs } from './results';
import { nextWasmHeap } from './wasm-heap';

const MB = 1024 * 1024;
/** Traces whose Trace JSON is read (first read, nothing cached) at the end of a pass. */
export const READ_TRACES = 20;

export interface PassOptions {
  totalSpans: number;
  maxBytes: number;
  /** The store option (undefined: the store's default). */
  compressContentFrom?: number;
  /** At this many spans sent, the pages are broken down per table and index. */
  pagesAt: number;
}

export interface PassFigures {
  sent: number;
  held: number;
  evictedTraces: number;
  evictedSpans: number;
  evictionLogs: number;
  databaseBytes: number;
  heapBytes: number;
  cpuPerSpanUs: number;
  readMsPerTrace: number;
  /** The last moment nothing was evicted yet. */
  at: { spans: number; databaseBytes: number; logicalBytes: number; rawBytes: number; heapBytes: number };
}

export async function runPass({ totalSpans, maxBytes, compressContentFrom, pagesAt }: PassOptions, log: (line: string) => void): Promise<PassFigures> {
  const heap = nextWasmHeap();
  const SQL = await loadSqlJs();
  const limits = { maxSpans: 2 * totalSpans, maxBytes };
  let evictionLogs = 0;
  let lastEviction = 'none';
  // As the engine stores: content compressed later (content-compaction.ts), here only when too much waits
  // or the page cap nears, since the stream never pauses; once it ends, in what would be idle time.
  const store = TraceStore.open(SQL, { limits, compressContentFrom, compressContentLater: true, log: (_level, message) => {
    if (!message.startsWith('Retention: evicted')) return;
    evictionLogs++;
    lastEviction = message;
  } });
  const source = agentSpans(77, Date.now() - 86_400_000);
  let sent = 0;
  const pending: ReturnType<typeof source.nextAgent> = [];
  let at: PassFigures['at'] | null = null;
  const started = performance.now();
  const cpuStarted = cpuMs();
  while (sent < totalSpans) {
    while (pending.length < 512) pending.push(...source.nextAgent());
    const batch = pending.splice(0, Math.min(512, totalSpans - sent));
    store.ingestPreparedSpans(prepareDecodedSpans(batch));
    sent += batch.length;
    if (store.evictedTraces === 0) at = { spans: store.spanCount, databaseBytes: store.databaseBytes(), logicalBytes: store.bytes, rawBytes: source.rawBytes, heapBytes: heap() };
    if (sent >= pagesAt && sent - batch.length < pagesAt) {
      log(`  pages per table and index at ${store.spanCount.toLocaleString('en-US')} spans (database ${(store.databaseBytes() / store.spanCount).toFixed(0)} B/span):`);
      for (const line of pageLines(store.pageBreakdown(), store.spanCount, store.databaseBytes())) log(line);
    }
    if (sent % 100_000 < 512) log(`  ${sent.toLocaleString('en-US')} sent, ${store.spanCount.toLocaleString('en-US')} held, database ${(store.databaseBytes() / MB).toFixed(0)} MB, heap ${(heap() / MB).toFixed(0)} MB, evicted ${store.evictedTraces} traces`);
  }
  const cpuPerSpanUs = ((cpuMs() - cpuStarted) * 1000) / sent;
  const idleStarted = cpuMs();
  const waitingBytes = store.databaseBytes();
  while (store.compressWaitingContent(64));
  log(`  then in idle time: the content still waiting compressed in ${(cpuMs() - idleStarted).toFixed(0)} CPU-ms, database ${(waitingBytes / MB).toFixed(0)} → ${(store.databaseBytes() / MB).toFixed(0)} MB`);
  const databaseBytes = store.databaseBytes();
  log(`  done in ${((performance.now() - started) / 1000).toFixed(0)} s; ${store.spanCount.toLocaleString('en-US')} spans held, ${store.evictedTraces} traces (${store.evictedSpans} spans) evicted in ${evictionLogs} logged passes; last: ${lastEviction}`);
  log('  value bytes per table at the end:');
  for (const line of breakdownLines(store.storageBreakdown(), store.spanCount, databaseBytes)) log(line);
  const queries = new TraceQueries(store);
  const readIds = queries.listTraces({}).traces.slice(0, READ_TRACES).map((t) => t.traceId);
  const readStarted = cpuMs();
  for (const id of readIds) queries.getTraceJson([id]);
  const readMsPerTrace = (cpuMs() - readStarted) / Math.max(1, readIds.length);
  const figures: PassFigures = {
    sent, held: store.spanCount, evictedTraces: store.evictedTraces, evictedSpans: store.evictedSpans, evictionLogs,
    databaseBytes, heapBytes: heap(), cpuPerSpanUs, readMsPerTrace,
    at: at ?? { spans: store.spanCount, databaseBytes, logicalBytes: store.bytes, rawBytes: source.rawBytes, heapBytes: heap() },
  };
  store.close();
  return figures;
}

