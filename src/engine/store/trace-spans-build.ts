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
import type { DecodedLogRecord, DecodedSpan } from '../model';
import { markDuplicateCalls } from '../semconv/duplicate-calls';
import { withCost } from './span-context';
import { withToolLink } from './span-json';
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

export function* buildTraceSpans(
  store: TraceStore,
  traceId: string,
  spanJson: (span: DecodedSpan, service: string, logs: readonly DecodedLogRecord[]) => TraceJsonSpan,
): Generator<void, BuiltSpans> {
  const logs = store.logsOfTraceBySpan(traceId);
  const stored = store.spansOfTraceAsArrived(traceId);
  yield;
  const ordered = storedInStartOrder(stored);
  const spans: TraceJsonSpan[] = [];
  for (const span of ordered) {
    spans.push(spanJson(span, serviceOf(span.resource), logs.get(span.spanId) ?? []));
    if (spans.length % SPANS_PER_BUILD_SLICE === 0) yield;
  }
  markDuplicateCalls(spans);
  const links = linkToolCalls(spans);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const costs = store.spanCostsOfTrace(traceId);
  for (let i = 0; i < spans.length; i++) {
    spans[i] = withCost(spans[i], costs);
    const link = links.get(spans[i].spanId);
    if (!link) continue;
    const requester = link.requestedBySpanId === undefined ? undefined : byId.get(link.requestedBySpanId);
    const args = requester && requestedArguments(spans[i], requester);
    if (args !== undefined) spans[i].tool = { ...spans[i].tool!, arguments: args };
    spans[i] = withToolLink(spans[i], link);
  }
  return { spans, chars: stored.reduce((sum, s) => sum + s.chars, 0) };
}
