/**
 * Span links in the store (span-link-index.ts), in process:
 * - storing spans that carry 4 links each (detail + one index row per link), against the same spans
 *   without links: what the links and their index cost at ingest (CPU time, alternate passes);
 * - "linked from" (`getSpanLinks`) for a span among 100,000 stored, 25,000 of which link somewhere,
 *   against one scan of the stored details for links: what answering without the index would read
 *   at least;
 * - the 1,000-link span's links named (`getSpanLinks` on it), and the span in Trace JSON, whose
 *   links each say whether their target is stored.
 */
import type { DecodedLink, DecodedSpan } from '../../src/engine/model';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceQueries } from '../../src/engine/store/trace-queries';
import { TraceStore } from '../../src/engine/store/trace-store';
import { makeSpan } from '../../test/factories/spans';
import { alternateRates, medianMs, result, type BenchResult } from './results';

const LIMITS = { maxSpans: 2_000_000, maxBytes: 8 * 1024 ** 3 };

/** `n` producer spans, then consumers each linking 4 of them (the queue pattern). */
function workload(producers: number, consumers: number): { producers: DecodedSpan[]; consumers: DecodedSpan[] } {
  const sends = Array.from({ length: producers }, (_, i) => makeSpan({ name: `publish ${i}`, spanKind: 'producer', attributes: { 'messaging.message.id': `m-${i}` } }));
  const batches = Array.from({ length: consumers }, (_, i) => makeSpan({
    name: `process batch ${i}`, spanKind: 'consumer',
    links: [0, 1, 2, 3].map((k): DecodedLink => {
      const target = sends[(i * 4 + k) % producers];
      return { traceId: target.traceId, spanId: target.spanId, attributes: { 'messaging.message.id': `m-${(i * 4 + k) % producers}` } };
    }),
  }));
  return { producers: sends, consumers: batches };
}

export async function runLinksBench(passes: number, scale: number, log: (line: string) => void): Promise<BenchResult[]> {
  const SQL = await loadSqlJs();
  const open = () => TraceStore.open(SQL, { limits: LIMITS, log: () => undefined });
  const out: BenchResult[] = [];

  // Ingest: the same consumers with and without their links, each pass into a fresh store.
  const { consumers } = workload(4_000, 5_000);
  const bare = consumers.map((s) => ({ ...s, links: [] }));
  const rates = alternateRates(passes, consumers.length, () => {
    const store = open();
    store.ingestSpans(consumers);
    store.close();
  }, () => {
    const store = open();
    store.ingestSpans(bare);
    store.close();
  });
  out.push(result('store spans with 4 links each (detail + link index), spans per CPU-second', rates.value, 'spans/s',
    { name: 'the same spans without links', value: rates.baseline }, `${consumers.length.toLocaleString('en-US')} spans per pass`));

  // Linked from, at scale.
  const store = open();
  const queries = new TraceQueries(store);
  const big = workload(75_000 * scale, 25_000 * scale);
  for (let i = 0; i < big.producers.length; i += 5_000) store.ingestSpans(big.producers.slice(i, i + 5_000));
  for (let i = 0; i < big.consumers.length; i += 5_000) store.ingestSpans(big.consumers.slice(i, i + 5_000));
  log(`links: ${store.spanCount.toLocaleString('en-US')} spans stored, ${(big.consumers.length * 4).toLocaleString('en-US')} links`);
  const target = big.producers[1234];
  let found = 0;
  const linkedFrom = await medianMs(passes * 3, () => {
    found = queries.getSpanLinks(target.traceId, target.spanId)!.linkedFromTotal;
  });
  const scan = await medianMs(passes, () => store.scanLinkDetailsForBenchmark());
  out.push(result(`"linked from" one span among ${store.spanCount.toLocaleString('en-US')} stored (indexed)`, linkedFrom, 'ms',
    { name: 'one scan of the stored details for links (no index)', value: scan }, `${found} linking spans found`));

  // One span with 1,000 links, all stored: every target named.
  const wide = workload(1_000, 0).producers;
  const fanIn = makeSpan({ name: 'aggregate', links: wide.map((s) => ({ traceId: s.traceId, spanId: s.spanId, attributes: {} })) });
  store.ingestSpans([...wide, fanIn]);
  const named = await medianMs(passes * 3, () => queries.getSpanLinks(fanIn.traceId, fanIn.spanId));
  const rows = await medianMs(passes * 3, () => queries.getSpanRows(fanIn.traceId));
  out.push(result('1,000 links of one span named (getSpanLinks)', named, 'ms', { name: 'the span rows of its (one-span) trace', value: rows }, 'target < 50 ms'));
  // Trace JSON of that span says of each link whether it is stored, by the same batched lookups.
  const inJson = await medianMs(passes * 3, () => queries.getSpan(fanIn.traceId, fanIn.spanId));
  out.push(result('the 1,000-link span in Trace JSON, each link\'s inStore settled (getSpan, cached)', inJson, 'ms', { name: '1,000 links named (getSpanLinks)', value: named }));
  store.close();
  return out;
}
