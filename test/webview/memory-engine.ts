/**
 * An EngineClientLike over Trace JSON held in memory, for driving the trace panel session and the
 * webview with exact, hand-made content (hostile strings, 50,000-span traces) without a store.
 * It answers the same methods the panel uses, with the same shapes the store returns.
 */
import type { EngineClientLike, EngineEvent, EngineMethod, EngineMethods, LinkingSpan, SpanLinksInfo, SpanRow, TraceSummary } from '../../src/protocol/engine-api';
import type { TraceJsonSpan, TraceJsonTrace } from '../../src/protocol/trace-json';
import { linkToolCalls } from '../../src/analysis/tool-links';

export function toSpanRow(s: TraceJsonSpan): SpanRow {
  const row: SpanRow = {
    spanId: s.spanId, parentSpanId: s.parentSpanId, name: s.name, kind: s.kind, status: s.status,
    startTimeUnixMs: s.startTimeUnixMs, durationMs: s.durationMs, service: s.service ?? 'unknown_service',
  };
  if (s.model) row.model = s.model;
  if (s.usage) row.usage = s.usage;
  if (s.costUsd !== undefined) row.costUsd = s.costUsd;
  return row;
}

export function summarize(trace: TraceJsonTrace, updatedSeq: number): TraceSummary {
  const spans = trace.spans ?? [];
  return {
    traceId: trace.traceId, name: trace.name, service: trace.service, startTimeUnixMs: trace.startTimeUnixMs,
    durationMs: trace.durationMs, status: trace.status, spanCount: spans.length,
    errorCount: spans.filter((s) => s.status === 'error').length, usage: trace.usage, costUsd: trace.costUsd,
    unpricedCalls: trace.unpricedCalls ?? 0, hasRoot: spans.some((s) => s.parentSpanId === null), updatedSeq,
  };
}

/** Tool spans with their `toolLink`, as the store adds it to Trace JSON (the one rule in src/analysis). */
function withToolLinks(spans: readonly TraceJsonSpan[]): TraceJsonSpan[] {
  const links = linkToolCalls(spans);
  return spans.map((s) => (links.has(s.spanId) ? { ...s, toolLink: links.get(s.spanId)! } : s));
}

export class MemoryEngine implements EngineClientLike {
  private readonly traces = new Map<string, TraceJsonTrace>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private seq = 0;
  readonly calls: EngineMethod[] = [];

  add(trace: TraceJsonTrace): void {
    this.traces.set(trace.traceId, { ...trace, spans: [...(trace.spans ?? [])] });
    this.seq++;
  }

  /** Adds or replaces spans of a trace and emits `changed`, as the store does after an insert. */
  upsertSpans(traceId: string, spans: TraceJsonSpan[]): void {
    const trace = this.traces.get(traceId)!;
    const byId = new Map((trace.spans ?? []).map((s) => [s.spanId, s]));
    for (const s of spans) byId.set(s.spanId, s);
    trace.spans = [...byId.values()];
    trace.spanCount = trace.spans.length;
    this.seq++;
    this.emit({ kind: 'event', type: 'changed', traceIds: [traceId], evictedTraceIds: [], stats: {} as never });
  }

  remove(traceId: string): void {
    this.traces.delete(traceId);
    this.emit({ kind: 'event', type: 'changed', traceIds: [], evictedTraceIds: [traceId], stats: {} as never });
  }

  private emit(event: EngineEvent): void {
    for (const l of this.listeners) l(event);
  }

  onEvent(listener: (event: EngineEvent) => void) {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** As the store answers it (span-link-index.ts), by a scan: targets named, spans linking here in start order. */
  private spanLinks(span: TraceJsonSpan, traceId: string, limit: number): SpanLinksInfo {
    const targets = (span.links ?? []).map((l) => {
      const t = this.traces.get(l.traceId);
      const target = t?.spans?.find((s) => s.spanId === l.spanId);
      return target ? { name: target.name, traceName: t!.name } : null;
    });
    const linking: LinkingSpan[] = [];
    for (const t of this.traces.values()) {
      for (const s of t.spans ?? []) {
        (s.links ?? []).forEach((l, linkIndex) => {
          if (l.traceId === traceId && l.spanId === span.spanId) linking.push({ traceId: t.traceId, spanId: s.spanId, linkIndex, name: s.name, traceName: t.name, startTimeUnixMs: s.startTimeUnixMs });
        });
      }
    }
    linking.sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs);
    return { targets, linkedFrom: linking.slice(0, limit), linkedFromTotal: linking.length };
  }

  async call<M extends EngineMethod>(method: M, params: EngineMethods[M]['params']): Promise<EngineMethods[M]['result']> {
    this.calls.push(method);
    const p = params as Record<string, unknown>;
    const trace = typeof p.traceId === 'string' ? this.traces.get(p.traceId) : undefined;
    let result: unknown;
    switch (method) {
      case 'getTraceSummary':
        result = trace ? summarize(trace, this.seq) : null;
        break;
      case 'getSpanRows':
        result = (trace?.spans ?? []).map(toSpanRow);
        break;
      case 'getSpan':
        result = (trace && withToolLinks(trace.spans ?? []).find((s) => s.spanId === p.spanId)) ?? null;
        break;
      case 'getTraceJson':
        result = {
          version: 1,
          traces: (p.traceIds as string[]).flatMap((id) => {
            const t = this.traces.get(id);
            return t ? [{ ...t, spans: withToolLinks(t.spans ?? []) }] : [];
          }),
        };
        break;
      case 'getSpanLinks': {
        const span = trace?.spans?.find((s) => s.spanId === p.spanId);
        result = span ? this.spanLinks(span, p.traceId as string, Number(p.limit ?? 1000)) : null;
        break;
      }
      default:
        throw new Error(`MemoryEngine does not answer ${method}`);
    }
    // Structured clone, as the worker boundary does: callers must not share objects with the store.
    return structuredClone(result) as EngineMethods[M]['result'];
  }
}
