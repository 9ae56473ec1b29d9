/**
 * Reading one big trace through the EngineClient, as the views do: its span rows, and its Trace JSON
 * both the first time (nothing cached: every detail decoded and normalized) and again (the engine
 * keeps recently read traces per version, see src/engine/store/trace-json-cache.ts). Every read
 * crosses a thread: the baseline of the repeat read is structuredClone of the same document in this
 * thread, the copy that crossing costs at the least.
 */
import type { EngineClientLike } from '../../src/protocol/engine-api';
import { medianMs, result, type BenchResult } from './results';

export interface TraceReads {
  spans: number;
  rowsMs: number;
  firstJsonMs: number;
  repeatJsonMs: number;
  cloneMs: number;
}

export async function measureTraceReads(client: EngineClientLike, traceId: string, spans: number, runs: number, log: (line: string) => void): Promise<TraceReads> {
  const rows = await client.call('getSpanRows', { traceId });
  if (rows.length !== spans) throw new Error(`getSpanRows returned ${rows.length} rows, expected ${spans}`);
  const started = performance.now();
  const doc = await client.call('getTraceJson', { traceIds: [traceId] });
  const firstJsonMs = performance.now() - started;
  if (doc.traces[0]?.spans?.length !== spans) throw new Error(`getTraceJson returned ${doc.traces[0]?.spans?.length} spans, expected ${spans}`);
  const fewer = spans > 5000 ? Math.max(3, runs >> 3) : Math.max(3, runs >> 2);
  const repeatJsonMs = await medianMs(fewer, () => client.call('getTraceJson', { traceIds: [traceId] }), 1);
  const cloneMs = await medianMs(fewer, () => structuredClone(doc), 1);
  const rowsMs = await medianMs(runs, () => client.call('getSpanRows', { traceId }));
  log(`  ${spans}-span trace: rows ${rowsMs.toFixed(1)} ms, Trace JSON first read ${firstJsonMs.toFixed(0)} ms, again ${repeatJsonMs.toFixed(1)} ms (structuredClone of it ${cloneMs.toFixed(1)} ms)`);
  return { spans, rowsMs, firstJsonMs, repeatJsonMs, cloneMs };
}

export function traceReadResults(r: TraceReads, at: string, roundTrip: { name: string; value: number }): BenchResult[] {
  const label = `${r.spans}-span trace ${at}`;
  return [
    result(`getSpanRows of a ${label}`, r.rowsMs, 'ms', roundTrip),
    result(`getTraceJson of a ${label}, first read`, r.firstJsonMs, 'ms', roundTrip, 'one read: every stored detail decoded and normalized'),
    result(`getTraceJson of a ${label}, read again`, r.repeatJsonMs, 'ms', { name: 'structuredClone of the same document in this thread', value: r.cloneMs },
      'median; the unchanged trace comes from the per-version cache, so what is left is mostly the copy between threads'),
  ];
}
