/**
 * The two halves of ingest when traces are prepared on a helper thread (src/engine/prepare), each
 * on one core, in this process:
 *  - prepare-only, protobuf and JSON: decode + normalize + detail encoding + content hashing (the
 *    helper thread's work);
 *  - store-only prepared: TraceStore.ingestPreparedSpans (SQL, summaries, retention: the store
 *    thread's work), a fresh store per pass, one transaction per 512-span batch;
 *  - structured clone of the prepared batches (what postMessage costs the two threads together).
 * End to end, the slower of the two halves (plus HTTP) sets the rate.
 */
import { prepareTraces, type PreparedTraces } from '../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceStore } from '../../src/engine/store/trace-store';
import type { WireEncoding } from './llm-spans';
import { alternateRates, cpuMs, result, type BenchResult } from './results';

export async function runPrepareBench(requests: Record<WireEncoding, readonly Uint8Array[]>, spans: number, passes: number, log: (line: string) => void): Promise<BenchResult[]> {
  const bodies = requests.protobuf;
  const SQL = await loadSqlJs();
  const prepared: PreparedTraces[] = bodies.map((body) => prepareTraces(body, 'protobuf'));
  const jsonBodies = prepared.map((p) => JSON.stringify(p.spans));
  const results: BenchResult[] = [];

  const parseAll = (): void => {
    for (const text of jsonBodies) JSON.parse(text);
  };
  for (const encoding of ['protobuf', 'json'] as const) {
    log(`prepare-only ${encoding}: ${spans} spans x ${passes} passes`);
    const prepareAll = (): void => {
      for (const body of requests[encoding]) prepareTraces(body, encoding);
    };
    const prep = alternateRates(passes, spans, prepareAll, parseAll);
    results.push(result(`prepare-only ${encoding} (decode, normalize, encode)`, prep.value, 'spans/CPU-s', { name: 'JSON.parse of the prepared rows as JSON', value: prep.baseline }));
  }

  const storePasses = Math.max(2, Math.ceil(passes / 2));
  log(`store-only prepared: ${spans} spans in ${prepared.length} batches x ${storePasses} passes`);
  // As the engine stores: content compressed later, in idle time (content-compaction.ts).
  const openStore = (): TraceStore => TraceStore.open(SQL, { limits: { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 }, log: () => {}, compressContentLater: true });
  const storePass = (): void => {
    const store = openStore();
    for (const batch of prepared) store.ingestPreparedSpans(batch);
    if (store.spanCount !== spans) throw new Error(`the store holds ${store.spanCount} spans, expected ${spans}`);
    store.close();
  };
  // The work left for idle time, once: compressing what those spans stored.
  const idle = openStore();
  for (const batch of prepared) idle.ingestPreparedSpans(batch);
  const idleStarted = cpuMs();
  while (idle.compressWaitingContent(64));
  log(`  then in idle time: compressing their content, ${(((cpuMs() - idleStarted) * 1000) / spans).toFixed(1)} CPU-µs per span`);
  idle.close();
  const clonePass = (): void => {
    for (const batch of prepared) structuredClone(batch);
  };
  const store = alternateRates(storePasses, spans, storePass, clonePass);
  results.push(result('store-only prepared (TraceStore.ingestPreparedSpans)', store.value, 'spans/CPU-s', { name: 'structured clone of the same prepared batches', value: store.baseline }));
  return results;
}
