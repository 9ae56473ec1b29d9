/**
 * Trace-level usage and cost without double counting.
 *
 * Rule: a span's usage (and cost) counts toward the trace only if no ancestor carries usage. Agent
 * roots, workflow spans and wrapper spans (the AI SDK's `ai.generateText` over
 * `ai.generateText.doGenerate`) repeat the totals of the model calls below them; counting the
 * top-most span that carries usage on each path counts every model call exactly once, whether or not
 * the wrappers repeat it. A span whose parent has not arrived is treated as a root.
 */
import type { Usage } from '../../protocol/trace-json';

export interface RollupInput {
  spanId: string;
  parentSpanId: string | null;
  usage?: Usage;
  costUsd?: number | null;
}

export interface RollupResult {
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  costUsd: number | null;
  /** The spans whose usage was counted. */
  countedSpanIds: string[];
}

function hasUsage(u: Usage | undefined): boolean {
  return !!u && (u.inputTokens !== undefined || u.outputTokens !== undefined || u.totalTokens !== undefined);
}

export function rollupTrace(spans: readonly RollupInput[]): RollupResult {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const coveredByAncestor = (s: RollupInput): boolean => {
    const seen = new Set<string>([s.spanId]);
    let parentId = s.parentSpanId;
    while (parentId && !seen.has(parentId)) {
      seen.add(parentId); // guards against parent cycles in malformed input
      const parent = byId.get(parentId);
      if (!parent) return false;
      if (hasUsage(parent.usage)) return true;
      parentId = parent.parentSpanId;
    }
    return false;
  };
  const result: RollupResult = { usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, costUsd: null, countedSpanIds: [] };
  for (const s of spans) {
    if (!hasUsage(s.usage) || coveredByAncestor(s)) continue;
    const u = s.usage!;
    const input = u.inputTokens ?? 0;
    const output = u.outputTokens ?? 0;
    result.usage.inputTokens += input;
    result.usage.outputTokens += output;
    result.usage.totalTokens += u.totalTokens ?? input + output;
    if (typeof s.costUsd === 'number') result.costUsd = (result.costUsd ?? 0) + s.costUsd;
    result.countedSpanIds.push(s.spanId);
  }
  return result;
}
