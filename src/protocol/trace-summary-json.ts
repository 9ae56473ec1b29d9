/**
 * A trace's header in Trace JSON (every field but `spans`), from its summary. Shared by the full
 * Trace JSON document and the query API's trace list, which must describe a trace alike.
 */
import type { TraceSummary } from './engine-api';
import type { TraceJsonTrace } from './trace-json';

export function traceJsonHeader(summary: TraceSummary): TraceJsonTrace {
  const trace: TraceJsonTrace = {
    traceId: summary.traceId,
    name: summary.name,
    service: summary.service,
    startTimeUnixMs: summary.startTimeUnixMs,
    durationMs: summary.durationMs,
    status: summary.status,
    spanCount: summary.spanCount,
    usage: summary.usage,
    costUsd: summary.costUsd,
    unpricedCalls: summary.unpricedCalls,
  };
  // The store keeps no empty session id (semconv/session.ts sets only non-empty ones), so this
  // matches both former copies: the list's `if (sessionId)` and the document's `!== undefined`.
  if (summary.sessionId !== undefined) trace.sessionId = summary.sessionId;
  return trace;
}
