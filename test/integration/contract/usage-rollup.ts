/**
 * Trace usage recomputed from a Trace JSON trace's own spans, written apart from the engine's
 * rollup (src/engine/semconv/rollup.ts) so the two can disagree. The documented rule: bottom-up,
 * a span counts, field by field, the larger of its own usage and the sum of what its children
 * count; spans whose parent is absent are roots; a missing total is input + output. One call
 * recorded twice counts once: a span marked `duplicateOf` counts nothing, and the span it names
 * counts the largest usage of itself and its duplicates (`alsoRecordedBy`), field by field.
 */
import type { TraceJsonSpan, TraceJsonTrace } from '../../../src/protocol/trace-json';

export interface Tokens {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

const ZERO: Tokens = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

function reported(s: TraceJsonSpan): Tokens | null {
  const u = s.usage;
  if (!u || (u.inputTokens === undefined && u.outputTokens === undefined && u.totalTokens === undefined)) return null;
  const input = u.inputTokens ?? 0;
  const output = u.outputTokens ?? 0;
  return { inputTokens: input, outputTokens: output, totalTokens: u.totalTokens ?? input + output };
}

let spansById = new Map<string, TraceJsonSpan>();

function own(s: TraceJsonSpan): Tokens | null {
  if (s.duplicateOf !== undefined) return null;
  const all = [s, ...(s.alsoRecordedBy ?? []).map((id) => spansById.get(id)).filter((x): x is TraceJsonSpan => !!x)];
  const tokens = all.map(reported).filter((x): x is Tokens => x !== null);
  if (tokens.length === 0) return null;
  return {
    inputTokens: Math.max(...tokens.map((t) => t.inputTokens)),
    outputTokens: Math.max(...tokens.map((t) => t.outputTokens)),
    totalTokens: Math.max(...tokens.map((t) => t.totalTokens)),
  };
}

const add = (a: Tokens, b: Tokens): Tokens => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  totalTokens: a.totalTokens + b.totalTokens,
});

function tree(trace: TraceJsonTrace): { roots: TraceJsonSpan[]; children: Map<string, TraceJsonSpan[]> } {
  const spans = trace.spans ?? [];
  spansById = new Map(spans.map((s) => [s.spanId, s]));
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, TraceJsonSpan[]>();
  const roots: TraceJsonSpan[] = [];
  for (const s of spans) {
    if (s.parentSpanId === null || s.parentSpanId === s.spanId || !ids.has(s.parentSpanId)) roots.push(s);
    else children.set(s.parentSpanId, [...(children.get(s.parentSpanId) ?? []), s]);
  }
  return { roots, children };
}

/** The documented rule. Recursion depth is the trace depth (fixtures are shallow). */
export function expectedTraceUsage(trace: TraceJsonTrace): Tokens {
  const { roots, children } = tree(trace);
  const count = (s: TraceJsonSpan, depth: number): Tokens | null => {
    if (depth > 1000) throw new Error('span tree deeper than 1000 levels (a cycle?)');
    const below = (children.get(s.spanId) ?? []).map((c) => count(c, depth + 1)).filter((x): x is Tokens => x !== null);
    const mine = own(s);
    if (below.length === 0) return mine;
    const sum = below.reduce(add, ZERO);
    if (!mine) return sum;
    return {
      inputTokens: Math.max(mine.inputTokens, sum.inputTokens),
      outputTokens: Math.max(mine.outputTokens, sum.outputTokens),
      totalTokens: Math.max(mine.totalTokens, sum.totalTokens),
    };
  };
  return roots.map((r) => count(r, 0)).filter((x): x is Tokens => x !== null).reduce(add, ZERO);
}

/** The simpler rule: the sum over the top-most spans that carry usage. The documented rule never counts less. */
export function topMostUsage(trace: TraceJsonTrace): Tokens {
  const { roots, children } = tree(trace);
  let total = ZERO;
  const stack = [...roots];
  for (let guard = 0; stack.length > 0 && guard < 1_000_000; guard++) {
    const s = stack.pop()!;
    const mine = own(s);
    if (mine) total = add(total, mine);
    else stack.push(...(children.get(s.spanId) ?? []));
  }
  return total;
}
