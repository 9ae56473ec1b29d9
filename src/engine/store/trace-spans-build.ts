/**
 * Building a trace's spans in Trace JSON from the store, as a generator that pauses (yields) after
 * each slice of work (SPANS_PER_BUILD_SLICE spans, or SLICE_MS): run to the end at once for an ordinary read, or with the event
 * loop turning between slices where a big trace must not stop the engine thread's other work for
 * its whole build (the query API). Both give the same spans.
 *
 * The priced costs and the stored rows are read a page at a time, and each span's detail is decoded
 * only when its turn comes (stored-spans.ts), so reading, decoding and normalizing are all sliced;
 * what needs every span at once (start order, duplicate calls, tool links) is sliced too: each is
 * a generator that pauses on the same clock.
 */
import { pauseDue, type Slices } from '../../analysis/sliced-work';
import { linkToolCallsInSlices, requestedArguments } from '../../analysis/tool-links';
import type { TraceJsonSpan } from '../../protocol/trace-json';
import type { DecodedLogRecord } from '../model';
import { markDuplicateCallsInSlices } from '../semconv/duplicate-calls';
import type { SpanCosts } from './call-costs';
import { SliceClock } from './sliced';
import { placeCostLast, placeToolLink, type PricedCost, type SpanPlacement, spanJson } from './span-json';
import { serviceOf } from './span-record';
import { inStartOrderSteps } from './span-start-order';
import type { StoredSpanRow } from './stored-spans';
import type { TraceStore } from './trace-store';

/** The logs of a span that has none (shared: nothing writes to it). */
const NO_LOGS: readonly DecodedLogRecord[] = Object.freeze([]);

/** Stored rows (and priced costs) read per statement: a few milliseconds of small spans. */
const ROWS_PER_PAGE = 500;

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
export function* buildTraceSpans(store: TraceStore, traceId: string, clock: Slices = new SliceClock(SPANS_PER_BUILD_SLICE)): Generator<void, BuiltSpans> {
  const logs = yield* store.logsOfTraceBySpanSteps(traceId, clock);
  const costs: SpanCosts = new Map();
  for (let after = store.spanCostsPage(traceId, null, ROWS_PER_PAGE, costs); after !== null; after = store.spanCostsPage(traceId, after, ROWS_PER_PAGE, costs)) {
    if (clock.due()) { yield; clock.restart(); }
  }
  const reader = store.storedSpanReader(traceId);
  const rows: StoredSpanRow[] = [];
  for (let page = reader.nextRows(ROWS_PER_PAGE); page.length > 0; page = reader.nextRows(ROWS_PER_PAGE)) {
    rows.push(...page);
    if (clock.due()) { yield; clock.restart(); }
  }
  const ordered = yield* inStartOrderSteps(rows, clock);
  if (clock.due()) { yield; clock.restart(); }
  const spans: TraceJsonSpan[] = [];
  // Each span's priced cost, for placeCostLast; one placement object serves every span's build.
  const priced: Array<PricedCost | undefined> = [];
  const placement: SpanPlacement = { priced: undefined };
  let chars = 0;
  for (const row of ordered) {
    const stored = reader.decode(row);
    const span = stored.span;
    chars += stored.chars;
    const spanLogs = logs.get(span.spanId) ?? NO_LOGS;
    placement.priced = costs.get(span.spanId);
    priced.push(placement.priced);
    spans.push(spanJson(span, serviceOf(span.resource), store.normalizedFields(span, spanLogs), spanLogs, placement));
    if (clock.due()) { yield; clock.restart(); }
  }
  yield* markDuplicateCallsInSlices(spans, clock);
  // A stored trace's span ids are distinct, so each tool span's link and requester come straight
  // from the linking, in place.
  yield* linkToolCallsInSlices(spans, clock, (tool, link, requester) => {
    const args = requester && requestedArguments(tool, requester);
    if (args !== undefined) tool.tool = { ...tool.tool!, arguments: args };
    placeToolLink(tool, link);
  });
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    placeCostLast(span, priced[i]);
    // A tool span nothing links loses the key its link was given a place by.
    if (span.kind === 'tool' && span.toolLink === undefined) placeToolLink(span, undefined);
    if (pauseDue(i, clock)) { yield; clock.restart(); }
  }
  return { spans, chars };
}
