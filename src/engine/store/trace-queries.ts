/**
 * Read side of the store: the queries behind EngineMethods (list, summary, span rows, one span,
 * Trace JSON). Returns plain objects; content references are resolved here. The list is in
 * trace-list.ts, the span rows in span-rows.ts, one span's JSON in span-json.ts; this class
 * assembles a trace's Trace JSON from them.
 */
import type { ListTracesQuery, SpanRow, TraceSummary } from '../../protocol/engine-api';
import type { TraceJsonDocument, TraceJsonSpan, TraceJsonTrace } from '../../protocol/trace-json';
import { traceJsonHeader } from '../../protocol/trace-summary-json';
import type { DecodedLogRecord, DecodedSpan } from '../model';
import { linkToolCalls } from '../semconv/tool-links';
import { spanJson, withToolLink } from './span-json';
import { serviceOf } from './span-record';
import { storedInStartOrder } from './span-start-order';
import type { TraceStore } from './trace-store';

export { DEFAULT_PAGE, MAX_PAGE } from './list-query';
export { inStartOrder, storedInStartOrder, type Orderable } from './span-start-order';

export class TraceQueries {
  constructor(private readonly store: TraceStore) {}

  listTraces(request: ListTracesQuery): { traces: TraceSummary[]; total: number } {
    return this.store.listTraces(request);
  }

  getTraceSummary(traceId: string): TraceSummary | null {
    return this.store.traceSummary(traceId);
  }

  getSpanRows(traceId: string): SpanRow[] {
    return this.store.spanRowsOfTrace(traceId);
  }

  getSpan(traceId: string, spanId: string): TraceJsonSpan | null {
    const stored = this.store.spanAsArrived(traceId, spanId);
    if (!stored) return null;
    const json = this.spanJson(stored.span, stored.service, this.store.logsOfSpan(traceId, spanId));
    // A tool span's links need the LLM calls around it: the whole trace, for tool spans only.
    if (json.kind !== 'tool') return json;
    return this.getTraceJson([traceId]).traces[0]?.spans?.find((s) => s.spanId === spanId) ?? json;
  }

  private spanJson(span: DecodedSpan, service: string, logs: readonly DecodedLogRecord[]): TraceJsonSpan {
    return spanJson(span, service, this.store.normalizedFields(span, logs), logs);
  }

  getTraceJson(traceIds: readonly string[]): TraceJsonDocument {
    const traces: TraceJsonTrace[] = [];
    for (const traceId of traceIds) {
      const summary = this.getTraceSummary(traceId);
      if (!summary) continue;
      const logs = this.store.logsOfTraceBySpan(traceId);
      const spans = storedInStartOrder(this.store.spansOfTraceAsArrived(traceId)).map((span) =>
        this.spanJson(span, serviceOf(span.resource), logs.get(span.spanId) ?? []));
      const links = linkToolCalls(spans);
      for (let i = 0; i < spans.length; i++) {
        const link = links.get(spans[i].spanId);
        if (link) spans[i] = withToolLink(spans[i], link);
      }
      const trace = traceJsonHeader(summary);
      trace.spans = spans;
      traces.push(trace);
    }
    return { version: 1, traces };
  }
}
