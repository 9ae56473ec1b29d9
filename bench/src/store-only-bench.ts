/**
 * Store-only throughput: TraceStore.ingestSpans (normalize, content dedup, rows, trace summaries) on
 * already-decoded spans, in this process, a fresh store per pass, one transaction per 512-span batch
 * as the receiver delivers them. Baseline: the naive design — each span as one JSON row in a bare
 * sql.js table (one prepared statement, one transaction per batch) — on the same spans.
 */
import type { DecodedSpan } from '../../src/engine/model';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceStore } from '../../src/engine/store/trace-store';
import { alternateRates, result, type BenchResult } from './results';

export async function runStoreOnlyBench(spans: readonly DecodedSpan[], options: { spansPerRequest: number; passes: number }, log: (line: string) => void): Promise<BenchResult> {
  const SQL = await loadSqlJs();
  const batches: DecodedSpan[][] = [];
  for (let i = 0; i < spans.length; i += options.spansPerRequest) batches.push(spans.slice(i, i + options.spansPerRequest));
  const passes = Math.max(2, Math.ceil(options.passes / 2)); // a pass takes seconds, not milliseconds

  const storePass = (): void => {
    const store = TraceStore.open(SQL, { limits: { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 }, log: () => {} });
    for (const batch of batches) store.ingestSpans(batch);
    if (store.spanCount !== spans.length) throw new Error(`the store holds ${store.spanCount} spans, expected ${spans.length}`);
    store.close();
  };
  const naivePass = (): void => {
    const db = new SQL.Database();
    db.run('CREATE TABLE spans (trace_id TEXT NOT NULL, span_id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (trace_id, span_id))');
    const insert = db.prepare('INSERT INTO spans VALUES (?, ?, ?)');
    for (const batch of batches) {
      db.run('BEGIN');
      for (const span of batch) insert.run([span.traceId, span.spanId, JSON.stringify(span)]);
      db.run('COMMIT');
    }
    insert.free();
    db.close();
  };
  log(`store-only: ${spans.length} spans in ${batches.length} batches x ${passes} passes`);
  const measured = alternateRates(passes, spans.length, storePass, naivePass);
  return result('store-only (TraceStore.ingestSpans)', measured.value, 'spans/CPU-s', { name: 'each span as one JSON row in a bare sql.js table', value: measured.baseline });
}
