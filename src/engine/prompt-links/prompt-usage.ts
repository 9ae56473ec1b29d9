/**
 * The reverse view: for each linked template, how recent model calls that used it behaved (calls,
 * tokens, cost, p50 latency, errors, the spans newest first). Pure; the engine feeds it traces.
 */
import type { SpanLinks } from '../../analysis/prompt-links/workspace-linker';
import type { PromptTemplateUsage, PromptUsageSpan } from '../../protocol/engine-api';
import type { TraceJsonSpan } from '../../protocol/trace-json';

/** Recent spans listed per template. */
const MAX_SPANS = 50;

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Bucket {
  path: string;
  startLine: number;
  endLine: number;
  spans: PromptUsageSpan[];
  durations: number[];
  tokens: number;
  costUsd: number | null;
  errors: number;
}

export class PromptUsageCollector {
  private readonly buckets = new Map<string, Bucket>();

  /** Adds the model calls of one trace (only `llm` spans count: wrappers repeat their calls). */
  add(traceId: string, spans: readonly TraceJsonSpan[], links: ReadonlyMap<string, SpanLinks>): void {
    for (const span of spans) {
      if (span.kind !== 'llm') continue;
      const found = links.get(span.spanId);
      if (!found) continue;
      const seen = new Set<string>();
      for (const source of found.sources) {
        if (!source) continue;
        const key = `${source.path}\u0000${source.startLine}\u0000${source.endLine}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let b = this.buckets.get(key);
        if (!b) this.buckets.set(key, (b = { path: source.path, startLine: source.startLine, endLine: source.endLine, spans: [], durations: [], tokens: 0, costUsd: null, errors: 0 }));
        b.spans.push({ traceId, spanId: span.spanId, name: span.name, startTimeUnixMs: span.startTimeUnixMs, durationMs: span.durationMs, status: span.status, model: span.model ?? span.requestModel });
        b.durations.push(span.durationMs);
        b.tokens += span.usage?.totalTokens ?? (span.usage?.inputTokens ?? 0) + (span.usage?.outputTokens ?? 0);
        if (typeof span.costUsd === 'number') b.costUsd = (b.costUsd ?? 0) + span.costUsd;
        if (span.status === 'error') b.errors++;
      }
    }
  }

  /** Every template used, grouped by file. */
  byPath(): Map<string, PromptTemplateUsage[]> {
    const out = new Map<string, PromptTemplateUsage[]>();
    for (const b of this.buckets.values()) {
      const spans = [...b.spans].sort((x, y) => y.startTimeUnixMs - x.startTimeUnixMs);
      const usage: PromptTemplateUsage = {
        path: b.path, startLine: b.startLine, endLine: b.endLine, calls: b.spans.length, totalTokens: b.tokens,
        costUsd: b.costUsd, p50DurationMs: p50(b.durations), errors: b.errors, recentSpans: spans.slice(0, MAX_SPANS),
        traceIds: [...new Set(spans.map((s) => s.traceId))],
      };
      const list = out.get(b.path);
      if (list) list.push(usage);
      else out.set(b.path, [usage]);
    }
    for (const list of out.values()) list.sort((a, b) => a.startLine - b.startLine);
    return out;
  }
}
