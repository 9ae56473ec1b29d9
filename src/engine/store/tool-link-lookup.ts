/**
 * A tool span's `toolLink` from indexed lookups (span-lookups.ts), giving exactly what
 * `linkToolCalls` (src/analysis/tool-links.ts) gives over the whole trace, or saying that only the
 * whole trace can tell:
 * - by call id, the rule needs only the model calls that ask for the id, the first call that
 *   received its result (tool-result-index.ts), and (when no model call carries any result id) the
 *   first model calls after the tool; a first receiver starting before the tool (a skewed clock),
 *   or one whose row was replaced, leaves the answer to the whole trace;
 * - without a call id, or with one no model call asks for, the rule matches by name and order,
 *   which depends on every earlier tool span's claims: the whole trace;
 * - two candidates starting in the same millisecond are ordered by the trace's full start order
 *   (parents first, then end, then arrival): the whole trace too.
 */
import type { ToolLink } from '../../analysis/tool-links';
import type { LlmCallRow, SpanLookups } from './span-lookups';

export const WHOLE_TRACE = 'whole-trace';

export interface ToolSpanRef {
  spanId: string;
  startTimeUnixMs: number;
  tool?: { callId?: string };
}

/** The first of calls sorted by start, or WHOLE_TRACE when the second starts in the same millisecond. */
function firstOf(calls: readonly LlmCallRow[]): LlmCallRow | undefined | typeof WHOLE_TRACE {
  if (calls.length > 1 && calls[1].startMs === calls[0].startMs) return WHOLE_TRACE;
  return calls[0];
}

function lastOf(calls: readonly LlmCallRow[]): LlmCallRow | undefined | typeof WHOLE_TRACE {
  const n = calls.length;
  if (n > 1 && calls[n - 2].startMs === calls[n - 1].startMs) return WHOLE_TRACE;
  return calls[n - 1];
}

/** The link (null when nothing links), or WHOLE_TRACE. */
export function lookUpToolLink(tool: ToolSpanRef, lookups: SpanLookups): { link: ToolLink | null; requester?: string } | typeof WHOLE_TRACE {
  const callId = tool.tool?.callId;
  if (!callId || lookups.resultFacts().carriersForgotten) return WHOLE_TRACE;
  const start = tool.startTimeUnixMs;
  const asking = lookups.llmCallsMentioning(callId).filter((c) => c.keys.asks.some(([id]) => id === callId));
  if (asking.length === 0) return WHOLE_TRACE;
  const before = asking.filter((c) => c.startMs <= start);
  const requester = before.length > 0 ? lastOf(before) : firstOf(asking);
  if (requester === WHOLE_TRACE || requester === undefined) return WHOLE_TRACE;
  let consumer: { spanId: string } | undefined | typeof WHOLE_TRACE;
  const carrier = lookups.firstResultCarrier(callId);
  if (carrier) {
    // Calls carrying it after the first are not indexed: the first must be the answer, alone in its millisecond.
    if (carrier.spanId === null || carrier.tied || carrier.startMs < start || carrier.spanId === tool.spanId) return WHOLE_TRACE;
    consumer = { spanId: carrier.spanId };
  }
  // With an id that no model call's input carries (content capture off), the rule falls back to structure.
  if (consumer === undefined && !lookups.resultFacts().anyResultIds) {
    if (lookups.resultFacts().anyResults) consumer = firstOf(lookups.firstLlmCallsWithResults(start));
    if (consumer === undefined) consumer = firstOf(lookups.firstLlmCallsUnder(requester.parentSpanId, requester.spanId, start));
  }
  if (consumer === WHOLE_TRACE) return WHOLE_TRACE;
  const link: ToolLink = { requestedBySpanId: requester.spanId };
  if (consumer) link.consumedBySpanId = consumer.spanId;
  return { link, requester: requester.spanId };
}
