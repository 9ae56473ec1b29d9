/**
 * A run's totals (from its Trace JSON header and spans) and the deltas between two runs.
 */
import type { RunDeltas, RunTotals } from '../../protocol/compare-json';
import type { TraceJsonTrace } from '../../protocol/trace-json';

export function runTotals(trace: TraceJsonTrace): RunTotals {
  let llmCalls = 0;
  let toolCalls = 0;
  let errors = 0;
  for (const span of trace.spans ?? []) {
    if (span.kind === 'llm') llmCalls++;
    else if (span.kind === 'tool') toolCalls++;
    if (span.status === 'error') errors++;
  }
  return {
    traceId: trace.traceId,
    name: trace.name,
    service: trace.service,
    status: trace.status,
    startTimeUnixMs: trace.startTimeUnixMs,
    durationMs: trace.durationMs,
    spanCount: trace.spanCount,
    usage: { inputTokens: trace.usage.inputTokens, outputTokens: trace.usage.outputTokens, totalTokens: trace.usage.totalTokens },
    costUsd: trace.costUsd ?? null,
    llmCalls,
    toolCalls,
    errors,
  };
}

export function runDeltas(a: RunTotals, b: RunTotals): RunDeltas {
  return {
    inputTokens: b.usage.inputTokens - a.usage.inputTokens,
    outputTokens: b.usage.outputTokens - a.usage.outputTokens,
    totalTokens: b.usage.totalTokens - a.usage.totalTokens,
    costUsd: a.costUsd === null || b.costUsd === null ? null : b.costUsd - a.costUsd,
    durationMs: b.durationMs - a.durationMs,
    llmCalls: b.llmCalls - a.llmCalls,
    toolCalls: b.toolCalls - a.toolCalls,
    errors: b.errors - a.errors,
  };
}

/** Latency changes smaller than this, or than a fifth of the longer duration, are noise. */
const LATENCY_MIN_MS = 50;
const LATENCY_MIN_SHARE = 0.2;

export function latencyChanged(durationA: number, durationB: number): boolean {
  const delta = Math.abs(durationB - durationA);
  return delta >= LATENCY_MIN_MS && delta >= LATENCY_MIN_SHARE * Math.max(durationA, durationB);
}

/** Sums that differ only by floating-point rounding are equal. */
export function costDiffers(delta: number | null): boolean {
  return delta !== null && Math.abs(delta) > 1e-12;
}
