/**
 * Building a trace's spans in Trace JSON from the store, as a generator that pauses (yields) after
 * each slice of spans: run to the end at once for an ordinary read, or with the event loop turning
 * between slices where a big trace must not stop the engine thread's other work for its whole
 * build (the query API). Both give the same spans.
 *
 * The stored spans are read and decoded in one step (stored-spans.ts reads a trace in one query);
 * normalizing them, the longer part, is what is sliced.
 */
import { linkToolCalls, requestedArguments } from '../../analysis/tool-links';
import type { TraceJsonSpan } from '../../protocol/trace-json';
import { markDuplicateCalls } from '../semconv/duplicate-calls';
import { placeCostLast, placeToolLink, type SpanPlacement, spanJson } from './span-json';
import { serviceOf } from './span-record';
import { storedInStartOrder } from './span-start-order';
import type { TraceStore } from './trace-store';

/** Spans normalized per slice: a few milliseconds of work. */
export const SPANS_PER_BUILD_SLICE = 250;

export interface BuiltSpans {
  spans: TraceJsonSpan[];
  /** Characters of the stored text the spans hold (for the cache's estimate). */
  chars: number;
}

/**
 * Each span's object is built once: its priced cost and its tool link's key are placed as it is
 * built (SpanPlacement), and filled in after the duplicate marks and the tool links are found,
 * instead of copying every span again to insert them.
 */
export function* buildTraceSpans(store: TraceStore, traceId: string): Generator<void, BuiltSpans> {
  const logs = store.logsOfTraceBySpan(traceId);
  const stored = store.spansOfTraceAsArrived(traceId);
  const costs = store.spanCostsOfTrace(traceId);
  yield;
  const ordered = storedInStartOrder(stored);
  const spans: TraceJsonSpan[] = [];
  const placements: SpanPlacement[] = [];
  for (const span of ordered) {
    const spanLogs = logs.get(span.spanId) ?? [];
    const placement: SpanPlacement = { priced: costs.get(span.spanId) };
    placements.push(placement);
    spans.push(spanJson(span, serviceOf(span.resource), store.normalizedFields(span, spanLogs), spanLogs, placement));
    if (spans.length % SPANS_PER_BUILD_SLICE === 0) yield;
  }
  markDuplicateCalls(spans);
  const links = linkToolCalls(spans);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    placeCostLast(span, placements[i]);
    if (span.kind !== 'tool') continue;
    const link = links.get(span.spanId);
    const requester = link?.requestedBySpanId === undefined ? undefined : byId.get(link.requestedBySpanId);
    const args = requester && requestedArguments(span, requester);
    if (args !== undefined) span.tool = { ...span.tool!, arguments: args };
    placeToolLink(span, link);
  }
  return { spans, chars: stored.reduce((sum, s) => sum + s.chars, 0) };
}
