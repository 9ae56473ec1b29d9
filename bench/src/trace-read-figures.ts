/**
 * Reading one big trace through the EngineClient, as the views do: its span rows, and its Trace JSON
 * both the first time (a cold build: nothing cached, every detail decoded and normalized) and again
 * (a cache hit: the engine keeps recently read traces per version as objects and as text, see
 * src/engine/store/trace-text-cache.ts). Every read crosses a thread. `getTraceJson` crosses as
 * shared UTF-8 text and is decoded and parsed in this thread (what the panels get: objects);
 * `getTraceJsonBytes` hands the bytes over as they are (what a caller that writes them gets).
 * Baselines, same run: structuredClone of the same document in this thread (what crossing the
 * thread as an object graph costs at the least, the way every read crossed before), and JSON.parse
 * of the same text in this thread (the part of a parsed read that is the caller's own work).
 */
import type { EngineClientLike } from '../../src/protocol/engine-api';
import { medianMs, result, type BenchResult } from './results';

export interface TraceReads {
  spans: number;
  rowsMs: number;
  firstJsonMs: number;
  repeatJsonMs: number;
  repeatTextMs: number;
  cloneMs: number;
  parseMs: number;
  textMb: number;
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
  const repeatTextMs = await medianMs(fewer, () => client.call('getTraceJsonBytes', { traceIds: [traceId] }), 1);
  const text = Buffer.from(await client.call('getTraceJsonBytes', { traceIds: [traceId] })).toString('utf8');
  if (text !== JSON.stringify(doc)) throw new Error('getTraceJsonBytes is not the UTF-8 of JSON.stringify of getTraceJson');
  const cloneMs = await medianMs(fewer, () => structuredClone(doc), 1);
  const parseMs = await medianMs(fewer, () => JSON.parse(text), 1);
  const rowsMs = await medianMs(runs, () => client.call('getSpanRows', { traceId }));
  const textMb = text.length / (1024 * 1024);
  log(`  ${spans}-span trace (${textMb.toFixed(1)} M characters): rows ${rowsMs.toFixed(1)} ms, Trace JSON first read ${firstJsonMs.toFixed(0)} ms, `
    + `again ${repeatJsonMs.toFixed(1)} ms (as shared bytes ${repeatTextMs.toFixed(1)} ms; structuredClone of it ${cloneMs.toFixed(1)} ms, JSON.parse ${parseMs.toFixed(1)} ms)`);
  return { spans, rowsMs, firstJsonMs, repeatJsonMs, repeatTextMs, cloneMs, parseMs, textMb };
}

export function traceReadResults(r: TraceReads, at: string, roundTrip: { name: string; value: number }): BenchResult[] {
  const label = `${r.spans}-span trace ${at}`;
  const clone = { name: 'structuredClone of the same document in this thread (the least an object-graph crossing costs)', value: r.cloneMs };
  return [
    result(`getSpanRows of a ${label}`, r.rowsMs, 'ms', roundTrip),
    result(`getTraceJson of a ${label}, first read (cold build)`, r.firstJsonMs, 'ms', roundTrip, 'one read: every stored detail decoded and normalized, serialized, parsed here'),
    result(`getTraceJson of a ${label}, read again (cache hit, parsed here)`, r.repeatJsonMs, 'ms', clone,
      `median; the kept text (${r.textMb.toFixed(1)} M characters) is shared with this thread, decoded, and JSON.parse here makes the objects (${r.parseMs.toFixed(1)} ms of it)`),
    result(`getTraceJsonBytes of a ${label}, read again (cache hit, bytes)`, r.repeatTextMs, 'ms', clone, 'median; the kept UTF-8 text shared with this thread as it is (a SharedArrayBuffer, not copied)'),
  ];
}
