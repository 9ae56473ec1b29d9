/**
 * How traces and spans are described in the tree, the status bar and tooltips. Pure: no `vscode`.
 * Durations, tokens and money read as everywhere else (src/analysis/format.ts).
 */
import type { SpanRow, TraceSummary } from '../../protocol/engine-api';
import type { SpanKind } from '../../protocol/trace-json';
import { formatCost, formatDuration, formatTokens } from '../../analysis/format';

/** Codicon per span kind. */
export const SPAN_KIND_ICONS: Record<SpanKind, string> = {
  llm: 'sparkle',
  tool: 'tools',
  retrieval: 'search',
  agent: 'robot',
  embedding: 'symbol-array',
  chain: 'link',
  rerank: 'list-ordered',
  guardrail: 'shield',
  evaluator: 'checklist',
  other: 'circle-outline',
};

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago". Future times (clock skew) read "just now". */
export function formatAge(startUnixMs: number, nowUnixMs: number): string {
  const seconds = Math.floor((nowUnixMs - startUnixMs) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** One line after the trace name: service · age · duration · spans · tokens · cost. */
export function traceDescription(trace: TraceSummary, nowUnixMs: number, options: { showService: boolean }): string {
  const parts: string[] = [];
  if (options.showService && trace.service) parts.push(trace.service);
  parts.push(formatAge(trace.startTimeUnixMs, nowUnixMs));
  parts.push(formatDuration(trace.durationMs));
  parts.push(`${trace.spanCount} ${trace.spanCount === 1 ? 'span' : 'spans'}`);
  if (trace.usage.totalTokens > 0) parts.push(formatTokens(trace.usage.totalTokens));
  const cost = traceCostText(trace);
  if (cost) parts.push(cost);
  if (trace.errorCount > 0) parts.push(`${trace.errorCount} ${trace.errorCount === 1 ? 'error' : 'errors'}`);
  return parts.join(' · ');
}

/**
 * The cost as the tree shows it: "$0.0021", "$0.0021 + 1 unpriced", "1 unpriced call" when nothing
 * is priced, and "▲ 4.2× usual" after a spike (over 3× the median of the flow's earlier runs).
 */
export function traceCostText(trace: TraceSummary): string {
  const unpriced = trace.unpricedCalls ?? 0;
  const parts: string[] = [];
  if (trace.costUsd !== null && trace.costUsd !== undefined) parts.push(formatCost(trace.costUsd));
  if (unpriced > 0) parts.push(parts.length ? `+ ${unpriced} unpriced` : `${unpriced} unpriced ${unpriced === 1 ? 'call' : 'calls'}`);
  if (trace.costSpike && trace.costUsd) parts.push(`▲ ${(trace.costUsd / trace.costSpike.earlierMedianUsd).toFixed(1)}× usual`);
  return parts.join(' ');
}

/** The trace's label: its root span's name, or a note while the root has not arrived. */
export function traceLabel(trace: TraceSummary): string {
  const name = trace.name || `trace ${trace.traceId.slice(0, 8)}`;
  return trace.hasRoot ? name : `${name} (root span missing)`;
}

export function spanDescription(row: SpanRow): string {
  const parts: string[] = [formatDuration(row.durationMs)];
  if (row.model) parts.push(row.model);
  const tokens = row.usage?.totalTokens ?? ((row.usage?.inputTokens ?? 0) + (row.usage?.outputTokens ?? 0));
  if (tokens > 0) parts.push(formatTokens(tokens));
  if (row.costUsd !== null && row.costUsd !== undefined) parts.push(formatCost(row.costUsd));
  return parts.join(' · ');
}

/** Markdown-free plain tooltip lines for a trace. */
export function traceTooltipLines(trace: TraceSummary): string[] {
  const lines = [
    `${traceLabel(trace)}`,
    `Trace ${trace.traceId}`,
    `Service: ${trace.service || '(unknown)'}`,
    `Started: ${new Date(trace.startTimeUnixMs).toLocaleString()}`,
    `Duration: ${formatDuration(trace.durationMs)}`,
    `Spans: ${trace.spanCount}${trace.errorCount ? ` (${trace.errorCount} with errors)` : ''}`,
  ];
  if (trace.usage.totalTokens > 0) {
    lines.push(`Tokens: ${trace.usage.inputTokens} in, ${trace.usage.outputTokens} out, ${trace.usage.totalTokens} total`);
  }
  lines.push(`Cost: ${trace.costUsd === null ? 'unknown' : formatCost(trace.costUsd)}${trace.unpricedCalls ? ` (${trace.unpricedCalls} call(s) without a price not included)` : ''}`);
  if (trace.costSpike) lines.push(`Cost spike: over 3× the median of this flow's earlier runs (${formatCost(trace.costSpike.earlierMedianUsd)})`);
  if (trace.sessionId) lines.push(`Session: ${trace.sessionId}`);
  return lines;
}
