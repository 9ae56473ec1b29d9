/**
 * One span of a stored trace in Trace JSON with what the spans around it add (its priced cost, the
 * duplicate marks of a model call, a tool span's link and the arguments its requester asked for),
 * from indexed lookups instead of the whole trace: the same fields `TraceQueries` gives a span when
 * it builds the whole trace, in the same places.
 */
import { requestedArguments } from '../../analysis/tool-links';
import type { TraceJsonSpan } from '../../protocol/trace-json';
import type { spanCostsOfTrace } from './call-costs';
import { withToolLink } from './span-json';
import type { SpanLookups } from './span-lookups';
import { lookUpToolLink, WHOLE_TRACE } from './tool-link-lookup';

/**
 * The span with its priced cost (calls table) in place of the cost the instrumentation recorded,
 * which the normalized fields carry: `costUsd` null when unknown, `cost` saying how it was priced.
 */
export function withCost(span: TraceJsonSpan, costs: ReturnType<typeof spanCostsOfTrace>): TraceJsonSpan {
  const priced = costs.get(span.spanId);
  // Nothing priced and nothing recorded: the span reads the same, without copying it.
  if (!priced && !('cost' in span) && !('costUsd' in span)) return span;
  const out: Record<string, unknown> = {};
  const add = () => priced && Object.assign(out, priced.cost ? { costUsd: priced.costUsd, cost: priced.cost } : { costUsd: priced.costUsd });
  // Placed where the recorded cost was (after usage), so the JSON reads in the same order.
  for (const [key, value] of Object.entries(span)) {
    if (key === 'cost' || key === 'costUsd') continue;
    out[key] = value;
    if (key === 'usage') add();
  }
  if (!('costUsd' in out)) add();
  return out as unknown as TraceJsonSpan;
}

/**
 * The span (Trace JSON of it alone, without its cost) in context, or null when only the whole trace
 * can tell: a retrieval step (its analysis reads the model calls after it, and other traces), a
 * tool span matched by name and order or whose candidates tie (tool-link-lookup.ts).
 */
export function withContextFromLookups(alone: TraceJsonSpan, lookups: SpanLookups, loadSpan: (spanId: string) => TraceJsonSpan | null): TraceJsonSpan | null {
  if (alone.kind === 'retrieval' || alone.kind === 'rerank') return null;
  let span = alone;
  if (span.kind === 'llm' || span.kind === 'embedding') {
    // Added last, as markDuplicateCalls does before the cost is placed.
    const leader = lookups.duplicateOf(span.spanId);
    if (leader !== undefined) span.duplicateOf = leader;
    const also = lookups.alsoRecordedBy(span.spanId);
    if (also.length > 0) span.alsoRecordedBy = also;
  }
  span = withCost(span, lookups.costs(span.spanId));
  if (span.kind !== 'tool') return span;
  const found = lookUpToolLink(span, lookups);
  if (found === WHOLE_TRACE) return null;
  if (!found.link) return span;
  const requester = found.requester === undefined ? null : loadSpan(found.requester);
  const args = requester ? requestedArguments(span, requester) : undefined;
  if (args !== undefined) span.tool = { ...span.tool!, arguments: args };
  return withToolLink(span, found.link);
}
