/**
 * Trace-level usage and cost without double counting.
 *
 * Wrapper spans repeat the usage of the model calls below them (agent roots, workflow spans, the AI
 * SDK's `ai.generateText` over `ai.generateText.doGenerate`, Traceloop's `chat claude` over the
 * Anthropic SDK's own `anthropic.messages.create`). Neither simple rule is right for what the
 * libraries actually send:
 * - "count the top-most span with usage" undercounts AI SDK v4 multi-step runs, whose outer
 *   `ai.generateText` carries only the LAST step's usage (vercel-ai-v4 fixture 002: outer 142/18,
 *   steps 70/12 + 142/18);
 * - "count only the leaves" undercounts an agent root whose aggregate covers calls that exported
 *   no usage of their own (streaming spans without token counts).
 *
 * Rule: bottom-up, a span's counted usage is, field by field, the larger of its own usage and the
 * sum of what its children count. A wrapper that repeats or aggregates its calls is therefore
 * counted once, and never less than the calls below it that did report usage. Spans whose parent
 * has not arrived are roots. Cost follows the same rule where known. Total tokens are the sent
 * total, or input + output when only those were sent.
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
  /** The spans whose own usage was counted (a wrapper replaced by its calls is not listed). */
  countedSpanIds: string[];
}

interface Counted {
  input: number;
  output: number;
  total: number;
  cost: number | null;
  any: boolean;
  spanIds: string[];
}

function hasUsage(u: Usage | undefined): boolean {
  return !!u && (u.inputTokens !== undefined || u.outputTokens !== undefined || u.totalTokens !== undefined);
}

const EMPTY: Counted = { input: 0, output: 0, total: 0, cost: null, any: false, spanIds: [] };

function sumCost(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : a + b;
}

function combine(own: RollupInput, children: Counted[]): Counted {
  // Summed with pushes, not spreads: a root with thousands of children stays linear.
  const below: Counted = { ...EMPTY, spanIds: [] };
  for (const c of children) {
    if (!c.any) continue;
    below.input += c.input;
    below.output += c.output;
    below.total += c.total;
    below.cost = sumCost(below.cost, c.cost);
    below.any = true;
    for (const id of c.spanIds) below.spanIds.push(id);
  }
  const ownCost = typeof own.costUsd === 'number' ? own.costUsd : null;
  if (!hasUsage(own.usage)) {
    if (ownCost === null) return below;
    // A cost without token counts (some SDKs send only a price): it still counts, once.
    return { ...below, cost: Math.max(ownCost, below.cost ?? 0), any: true, spanIds: below.any ? below.spanIds : [own.spanId] };
  }
  const u = own.usage!;
  const input = u.inputTokens ?? 0;
  const output = u.outputTokens ?? 0;
  const total = u.totalTokens ?? input + output;
  if (!below.any) return { input, output, total, cost: ownCost, any: true, spanIds: [own.spanId] };
  const ownCovers = input + output >= below.input + below.output && total >= below.total;
  return {
    input: Math.max(input, below.input),
    output: Math.max(output, below.output),
    total: Math.max(total, below.total),
    cost: ownCost === null ? below.cost : below.cost === null ? ownCost : Math.max(ownCost, below.cost),
    any: true,
    spanIds: ownCovers ? [own.spanId] : below.spanIds,
  };
}

export function rollupTrace(spans: readonly RollupInput[]): RollupResult {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, RollupInput[]>();
  const roots: RollupInput[] = [];
  for (const s of spans) {
    const parent = s.parentSpanId && s.parentSpanId !== s.spanId ? byId.get(s.parentSpanId) : undefined;
    if (!parent) roots.push(s);
    else {
      const list = children.get(parent.spanId);
      if (list) list.push(s);
      else children.set(parent.spanId, [s]);
    }
  }
  // Iterative post-order (deep agent traces must not overflow the stack). Spans in a parent cycle
  // (malformed input) are unreachable from any root; they are then visited as extra roots.
  const counted = new Map<string, Counted>();
  const onPath = new Set<string>();
  const visit = (root: RollupInput): void => {
    const stack: { span: RollupInput; expanded: boolean }[] = [{ span: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (counted.has(top.span.spanId)) {
        stack.pop();
        continue;
      }
      if (!top.expanded) {
        top.expanded = true;
        onPath.add(top.span.spanId);
        // A child already on the current path closes a parent cycle: it is not descended into again.
        const kids = (children.get(top.span.spanId) ?? []).filter((k) => !counted.has(k.spanId) && !onPath.has(k.spanId));
        for (const k of kids) stack.push({ span: k, expanded: false });
        if (kids.length > 0) continue;
      }
      stack.pop();
      onPath.delete(top.span.spanId);
      const done = (children.get(top.span.spanId) ?? []).map((k) => counted.get(k.spanId) ?? EMPTY);
      counted.set(top.span.spanId, combine(top.span, done));
    }
  };
  for (const r of roots) visit(r);
  const extraRoots: RollupInput[] = [];
  for (const s of spans) {
    if (!counted.has(s.spanId)) {
      extraRoots.push(s);
      visit(s);
    }
  }
  const result: RollupResult = { usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, costUsd: null, countedSpanIds: [] };
  for (const r of [...roots, ...extraRoots]) {
    const c = counted.get(r.spanId);
    if (!c || !c.any) continue;
    result.usage.inputTokens += c.input;
    result.usage.outputTokens += c.output;
    result.usage.totalTokens += c.total;
    result.costUsd = sumCost(result.costUsd, c.cost);
    result.countedSpanIds.push(...c.spanIds);
  }
  return result;
}
