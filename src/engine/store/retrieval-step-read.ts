/**
 * Selecting a retrieval or rerank step of a big trace without building the trace: the analysis
 * (src/analysis/retrieval) needs the steps that fed it or that it fed, and its model calls from the
 * step's start on, up to the one that consumed the documents. Those are read one span at a time, in
 * the start order of the trace's span rows (the order Trace JSON lists spans in, which a model call's
 * start time alone does not give: a call under an earlier sibling comes first). The answer is the
 * step as the whole-trace read gives it (checked on every fixture: span-in-context.test.ts).
 */
import { analyzeRetrievalStep, type SpansFrom, type StepRef, type TraceSpans } from '../../analysis/retrieval';
import type { SpanRow } from '../../protocol/engine-api';
import type { TraceJsonSpan } from '../../protocol/trace-json';

/** Traces whose span rows are kept (a trace panel reads them when it opens, then selects spans). */
const ORDERS_KEPT = 4;

/** What the read needs of a span row: only steps and model calls are kept. */
export type OrderedRow = Pick<SpanRow, 'spanId' | 'kind' | 'parentSpanId' | 'startTimeUnixMs'>;

const isStepRow = (row: OrderedRow): boolean => row.kind === 'retrieval' || row.kind === 'rerank';

/** The trace's steps and model calls, from its span rows (or their order alone, span-rows.ts). */
export function orderedRows(rows: readonly OrderedRow[]): OrderedRow[] {
  return rows.flatMap((r) => (isStepRow(r) || r.kind === 'llm' ? [{ spanId: r.spanId, kind: r.kind, parentSpanId: r.parentSpanId, startTimeUnixMs: r.startTimeUnixMs }] : []));
}

/** The steps and model calls of the last few traces whose span rows were read, per trace version. */
export class SpanOrderCache {
  /** Insertion order is recency order. */
  private readonly entries = new Map<string, { version: number; rows: readonly OrderedRow[] }>();

  get(traceId: string, version: number): readonly OrderedRow[] | undefined {
    const entry = this.entries.get(traceId);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(traceId);
    this.entries.set(traceId, entry);
    return entry.rows;
  }

  put(traceId: string, version: number, rows: readonly OrderedRow[]): void {
    this.entries.delete(traceId);
    this.entries.set(traceId, { version, rows });
    for (const id of this.entries.keys()) {
      if (this.entries.size <= ORDERS_KEPT) break;
      this.entries.delete(id);
    }
  }
}

export interface StepReader {
  /** The trace's steps and model calls in the order of its span rows (orderedRows). */
  rows: readonly OrderedRow[];
  /** A step as the whole-trace read has it before the analysis (its cost placed). */
  step(spanId: string): TraceJsonSpan | null;
  /** A model call read alone: the analysis reads only its kind, times and messages. */
  modelCall(spanId: string): TraceJsonSpan | null;
  /** Other traces where the consuming call may be (read only when the trace has none). */
  otherTraces: () => readonly TraceSpans[];
}

/** The step, analyzed in its trace; null when it is not stored. */
export function retrievalStepInTrace(spanId: string, reader: StepReader): TraceJsonSpan | null {
  const steps = reader.rows.filter(isStepRow).map((row): StepRef => ({ ...row, span: () => reader.step(row.spanId) }));
  const calls = reader.rows.filter((row) => row.kind === 'llm');
  const loaded = new Map<string, TraceJsonSpan | null>();
  const modelCalls: SpansFrom = function* (startMs) {
    for (const row of calls) {
      if (row.startTimeUnixMs < startMs) continue;
      let span = loaded.get(row.spanId);
      if (span === undefined) loaded.set(row.spanId, (span = reader.modelCall(row.spanId)));
      if (span) yield span;
    }
  };
  // A step that recorded no result is not analyzed: it reads as stored.
  return analyzeRetrievalStep(steps, spanId, modelCalls, { otherTraces: reader.otherTraces }) ?? (steps.some((s) => s.spanId === spanId) ? reader.step(spanId) : null);
}
