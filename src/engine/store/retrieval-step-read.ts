/**
 * Selecting a retrieval or rerank step of a big trace without building the trace: the analysis
 * (src/analysis/retrieval) needs the steps that fed it or that it fed, and its model calls from the
 * step's start on, up to the one that consumed the documents. Those are read one span at a time, in
 * the start order of the trace's span rows (the order Trace JSON lists spans in, which a model call's
 * start time alone does not give: a call under an earlier sibling comes first). The answer is the
 * step as the whole-trace read gives it (checked on every fixture: span-in-context.test.ts).
 *
 * Bounded: a step whose documents no later call holds would otherwise read every later model call
 * of the trace (seconds in a 50,000-span agent trace). At most MODEL_CALLS_READ calls are read for
 * one step; a search that stops there without settling the consumer is reported as such
 * (`retrieval.answerSearch`), never as "no consumer" (retrieval-step-bound.test.ts).
 */
import { analyzeRetrievalStep, type SearchCut, type SpansFrom, type StepRef, type TraceSpans } from '../../analysis/retrieval';
import type { TraceJsonSpan } from '../../protocol/trace-json';
import { isStepKind, type OrderedRow } from './span-order-cache';

/**
 * Model calls read (decoded) to select one step: a few milliseconds' worth of ordinary calls. The
 * consumer is usually the next call, so this bounds only the search for a step nothing consumed.
 */
export const MODEL_CALLS_READ = 250;

export interface StepReader {
  /** The trace's steps and model calls in the order of its span rows (span-order-cache.ts). */
  rows: readonly OrderedRow[];
  /** A step as the whole-trace read has it before the analysis (its cost placed). */
  step(spanId: string): TraceJsonSpan | null;
  /** A model call read alone: the analysis reads only its kind, times and messages. */
  modelCall(spanId: string): TraceJsonSpan | null;
  /** Other traces where the consuming call may be (read only when the trace has none). */
  otherTraces: () => readonly TraceSpans[];
  /** Model calls read at most (MODEL_CALLS_READ unless given). */
  maxCallsRead?: number;
}

/** The step, analyzed in its trace; null when it is not stored. */
export function retrievalStepInTrace(spanId: string, reader: StepReader): TraceJsonSpan | null {
  const steps = reader.rows.filter((row) => isStepKind(row.kind)).map((row): StepRef => ({ ...row, span: () => reader.step(row.spanId) }));
  const calls = reader.rows.filter((row) => row.kind === 'llm');
  const loaded = new Map<string, TraceJsonSpan | null>();
  // Shared by every search of this read (the step's, and the reranks it fed); calls read once are free.
  let budget = reader.maxCallsRead ?? MODEL_CALLS_READ;
  let cut: SearchCut | undefined;
  const modelCalls: SpansFrom = function* (startMs) {
    cut = undefined;
    let scanned = 0;
    for (const row of calls) {
      if (row.startTimeUnixMs < startMs) continue;
      let span = loaded.get(row.spanId);
      if (span === undefined) {
        if (budget <= 0) {
          cut = { stoppedAfterCalls: scanned };
          return;
        }
        budget--;
        loaded.set(row.spanId, (span = reader.modelCall(row.spanId)));
      }
      scanned++;
      if (span) yield span;
    }
  };
  // A step that recorded no result is not analyzed: it reads as stored.
  return analyzeRetrievalStep(steps, spanId, modelCalls, { otherTraces: reader.otherTraces, searchCut: () => cut })
    ?? (steps.some((s) => s.spanId === spanId) ? reader.step(spanId) : null);
}
