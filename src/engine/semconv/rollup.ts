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
 * has not arrived are roots. Total tokens are the sent total, or input + output when only those
 * were sent.
 *
 * Cost follows the same tree, with one difference: where the calls below a wrapper cover its usage,
 * their costs are taken, not the wrapper's. A wrapper is priced as if all its tokens went to its own
 * model; its calls may have used several models (an agent on o4-mini calling gpt-4o-mini), so the
 * calls' prices are the right ones. Where the wrapper reports more than its calls (calls without
 * usage), the larger of the two costs is taken. `costSpanIds` are the spans whose cost is counted
 * (their sum is the trace cost) and `unpricedSpanIds` the counted calls with tokens but no price.
 *
 * Before all that, one call recorded by two instrumentors (duplicate-calls.ts: siblings, cousins,
 * or a stream's request and response spans) is counted once: the span that stands for the call
 * takes the largest usage and cost of the group, field by field, and its duplicates count nothing.
 * This needs the call fields (kind, times, model; the input key, or `inputKeyOf`); inputs without
 * them are never merged.
 */
import type { Usage } from '../../protocol/trace-json';
import { duplicateCalls, type CallRecord } from './duplicate-calls';

export interface RollupInput extends Partial<Omit<CallRecord, 'spanId' | 'parentSpanId' | 'usage'>> {
  spanId: string;
  parentSpanId: string | null;
  usage?: Usage;
  costUsd?: number | null;
  /** The span used tokens but has no price (see analysis/pricing/span-cost.ts). */
  unpriced?: boolean;
}

export interface RollupResult {
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  costUsd: number | null;
  /** The spans whose own usage was counted (a wrapper replaced by its calls is not listed). */
  countedSpanIds: string[];
  /** The spans whose own cost was counted; their costs sum to costUsd. */
  costSpanIds: string[];
  /** Counted calls with tokens but no price. */
  unpricedSpanIds: string[];
  /** Spans that record a call another span stands for (duplicate → that span): they count nothing. */
  duplicateOf: Map<string, string>;
}

interface Counted {
  input: number;
  output: number;
  total: number;
  cost: number | null;
  any: boolean;
  spanIds: string[];
  costIds: string[];
  unpricedIds: string[];
}

function hasUsage(u: Usage | undefined): boolean {
  return !!u && (u.inputTokens !== undefined || u.outputTokens !== undefined || u.totalTokens !== undefined);
}

const EMPTY: Counted = { input: 0, output: 0, total: 0, cost: null, any: false, spanIds: [], costIds: [], unpricedIds: [] };
const empty = (): Counted => ({ ...EMPTY, spanIds: [], costIds: [], unpricedIds: [] });

function sumCost(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : a + b;
}

/** Adds a child's counted usage into its parent's running sum of children. */
function addInto(acc: Counted, c: Counted): void {
  if (!c.any) return;
  acc.input += c.input;
  acc.output += c.output;
  acc.total += c.total;
  acc.cost = sumCost(acc.cost, c.cost);
  acc.any = true;
  for (const id of c.spanIds) acc.spanIds.push(id);
  for (const id of c.costIds) acc.costIds.push(id);
  for (const id of c.unpricedIds) acc.unpricedIds.push(id);
}

/** The larger of the span's own cost and its calls' cost, with the spans that make it up. */
function largerCost(own: RollupInput, ownCost: number | null, below: Counted): Pick<Counted, 'cost' | 'costIds'> {
  if (ownCost === null) return { cost: below.cost, costIds: below.costIds };
  if (below.cost !== null && below.cost > ownCost) return { cost: below.cost, costIds: below.costIds };
  return { cost: ownCost, costIds: [own.spanId] };
}

function combine(own: RollupInput, below: Counted): Counted {
  const ownCost = typeof own.costUsd === 'number' ? own.costUsd : null;
  if (!hasUsage(own.usage)) {
    if (ownCost === null) return below;
    // A cost without token counts (some SDKs send only a price): it still counts, once.
    return { ...below, ...largerCost(own, ownCost, below), any: true, spanIds: below.any ? below.spanIds : [own.spanId] };
  }
  const u = own.usage!;
  const input = u.inputTokens ?? 0;
  const output = u.outputTokens ?? 0;
  const total = u.totalTokens ?? input + output;
  const ownUnpriced = own.unpriced ? [own.spanId] : [];
  if (!below.any) {
    return { input, output, total, cost: ownCost, any: true, spanIds: [own.spanId], costIds: ownCost === null ? [] : [own.spanId], unpricedIds: ownUnpriced };
  }
  const ownCovers = input + output >= below.input + below.output && total >= below.total;
  const belowCovers = below.input >= input && below.output >= output;
  let cost: Pick<Counted, 'cost' | 'costIds' | 'unpricedIds'>;
  if (belowCovers && below.cost !== null) cost = { cost: below.cost, costIds: below.costIds, unpricedIds: below.unpricedIds };
  else if (belowCovers) cost = ownCost === null ? { cost: null, costIds: [], unpricedIds: below.unpricedIds } : { cost: ownCost, costIds: [own.spanId], unpricedIds: [] };
  else cost = { ...largerCost(own, ownCost, below), unpricedIds: ownCost === null ? [...below.unpricedIds, ...ownUnpriced] : [] };
  return {
    input: Math.max(input, below.input),
    output: Math.max(output, below.output),
    total: Math.max(total, below.total),
    ...cost,
    any: true,
    spanIds: ownCovers ? [own.spanId] : below.spanIds,
  };
}

const maxOf = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** The spans with each group of duplicate calls folded into the span that stands for it. */
function foldDuplicates(spans: readonly RollupInput[], duplicateOf: Map<string, string>): RollupInput[] {
  if (duplicateOf.size === 0) return [...spans];
  const folded = new Map<string, RollupInput>();
  for (const s of spans) folded.set(s.spanId, duplicateOf.has(s.spanId) ? { spanId: s.spanId, parentSpanId: s.parentSpanId } : { ...s });
  for (const s of spans) {
    const leaderId = duplicateOf.get(s.spanId);
    const leader = leaderId === undefined ? undefined : folded.get(leaderId);
    if (!leader) continue;
    if (s.usage && hasUsage(s.usage)) {
      const u = leader.usage ?? {};
      leader.usage = {
        inputTokens: maxOf(u.inputTokens, s.usage.inputTokens),
        outputTokens: maxOf(u.outputTokens, s.usage.outputTokens),
        totalTokens: maxOf(u.totalTokens, s.usage.totalTokens),
      };
    }
    if (typeof s.costUsd === 'number') leader.costUsd = typeof leader.costUsd === 'number' ? Math.max(leader.costUsd, s.costUsd) : s.costUsd;
    // Unpriced only when no record of the call has a price.
    leader.unpriced = (leader.unpriced || s.unpriced) && typeof leader.costUsd !== 'number' ? true : undefined;
  }
  return [...folded.values()];
}

const hasCallFields = (s: RollupInput): s is RollupInput & CallRecord =>
  s.kind !== undefined && s.startTimeUnixMs !== undefined && s.durationMs !== undefined;

/** `inputKeyOf`: the input key of a span, for inputs without `inputKey` (see duplicateCalls). */
export function rollupTrace(spans: readonly RollupInput[], inputKeyOf?: (spanId: string) => string | undefined): RollupResult {
  const duplicateOf = duplicateCalls(spans.filter(hasCallFields), inputKeyOf);
  const byId = new Map<string, RollupInput>();
  for (const s of foldDuplicates(spans, duplicateOf)) byId.set(s.spanId, s);
  const children = new Map<string, RollupInput[]>();
  const roots: RollupInput[] = [];
  for (const s of byId.values()) {
    const parent = s.parentSpanId && s.parentSpanId !== s.spanId ? byId.get(s.parentSpanId) : undefined;
    if (!parent) roots.push(s);
    else {
      const list = children.get(parent.spanId);
      if (list) list.push(s);
      else children.set(parent.spanId, [s]);
    }
  }
  // Breadth-first order from the roots (parents before children), then processed backwards so
  // every child is done before its parent: no recursion, so deep agent traces cannot overflow.
  // Spans in a parent cycle (malformed input) are unreachable from any root: each cycle is entered
  // once from an arbitrary member, treated as a root.
  const order: RollupInput[] = [];
  const treeParent = new Map<string, string>();
  const seen = new Set<string>();
  const enqueueFrom = (root: RollupInput): void => {
    if (seen.has(root.spanId)) return;
    seen.add(root.spanId);
    let i = order.length;
    order.push(root);
    for (; i < order.length; i++) {
      for (const child of children.get(order[i].spanId) ?? []) {
        if (seen.has(child.spanId)) continue;
        seen.add(child.spanId);
        treeParent.set(child.spanId, order[i].spanId);
        order.push(child);
      }
    }
  };
  for (const r of roots) enqueueFrom(r);
  for (const s of byId.values()) enqueueFrom(s);

  const belowOf = new Map<string, Counted>();
  const result: RollupResult = { usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, costUsd: null, countedSpanIds: [], costSpanIds: [], unpricedSpanIds: [], duplicateOf };
  const top = empty();
  for (let i = order.length - 1; i >= 0; i--) {
    const s = order[i];
    const counted = combine(s, belowOf.get(s.spanId) ?? EMPTY);
    belowOf.delete(s.spanId);
    const parentId = treeParent.get(s.spanId);
    let acc = parentId === undefined ? top : belowOf.get(parentId);
    if (!acc) {
      acc = empty();
      belowOf.set(parentId!, acc);
    }
    addInto(acc, counted);
  }
  if (top.any) {
    result.usage = { inputTokens: top.input, outputTokens: top.output, totalTokens: top.total };
    result.costUsd = top.cost;
    result.countedSpanIds = top.spanIds;
    result.costSpanIds = top.costIds;
    result.unpricedSpanIds = top.unpricedIds;
  }
  return result;
}
