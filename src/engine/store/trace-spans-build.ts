/**
 * Building a trace's spans in Trace JSON from the store, as a generator that pauses (yields) after
 * each slice of work (SPANS_PER_BUILD_SLICE spans, or SLICE_MS): run to the end at once for an ordinary read, or with the event
 * loop turning between slices where a big trace must not stop the engine thread's other work for
 * its whole build (the query API). Both give the same spans.
 *
 * The stored rows are read a page at a time, and each span's detail is decoded only when its turn
 * comes (stored-spans.ts), so reading, decoding and normalizing are all sliced; what needs every
 * span at once (start order, duplicate calls, tool links) runs between slices.
 */
import { linkToolCalls, requestedArguments } from '../../analysis/tool-links';
import type { TraceJsonSpan } from '../../protocol/trace-json';
import type { DecodedLogRecord } from '../model';
import { markDuplicateCalls } from '../semconv/duplicate-calls';
import { SliceClock } from './sliced';
import { placeCostLast, placeToolLink, type SpanPlacement, spanJson } from './span-json';
import { serviceOf } from './span-record';
import { inStartOrder } from './span-start-order';
import type { StoredSpanRow } from './stored-spans';
import type { TraceStore } from './trace-store';

/** The logs of a span that has none (shared: nothing writes to it). */
const NO_LOGS: readonly DecodedLogRecord[] = Object.freeze([]);

/** Stored rows read per statement: a few milliseconds of small spans. */
const ROWS_PER_PAGE = 1000;

/** Spans normalized per slice at most (fewer when they take SLICE_MS). */
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
  const clock = new SliceClock(SPANS_PER_BUILD_SLICE);
  const logs = store.logsOfTraceBySpan(traceId);
  const costs = store.spanCostsOfTrace(traceId);
  const reader = store.storedSpanReader(traceId);
  const rows: StoredSpanRow[] = [];
  for (let page = reader.nextRows(ROWS_PER_PAGE); page.length > 0; page = reader.nextRows(ROWS_PER_PAGE)) {
    rows.push(...page);
    if (clock.due()) { yield; clock.restart(); }
  }
  const ordered = inStartOrder(rows);
  if (clock.due()) { yield; clock.restart(); }
  const spans: TraceJsonSpan[] = [];
  const placements: SpanPlacement[] = [];
  let chars = 0;
  for (const row of ordered) {
    const stored = reader.decode(row);
    const span = stored.span;
    chars += stored.chars;
    const spanLogs = logs.get(span.spanId) ?? NO_LOGS;
    const placement: SpanPlacement = { priced: costs.get(span.spanId) };
    placements.push(placement);
    spans.push(spanJson(span, serviceOf(span.resource), store.normalizedFields(span, spanLogs), spanLogs, placement));
    if (clock.due()) { yield; clock.restart(); }
  }
  markDuplicateCalls(spans);
  if (clock.due()) { yield; clock.restart(); }
  const links = linkToolCalls(spans);
  if (clock.due()) { yield; clock.restart(); }
  const byId = new Map<string, TraceJsonSpan>();
  for (const span of spans) byId.set(span.spanId, span);
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
  return { spans, chars };
}
