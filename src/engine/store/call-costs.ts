/**
 * The `calls` summary table: one narrow row per span that used tokens or carries a cost, with its
 * price and its part in the trace's cost. Written whenever a trace's summary is recomputed (and for
 * every trace when prices change), so the cost panel's aggregations are SQL over small rows instead
 * of the wide spans table, and a price change needs no re-ingest: tokens, provider and model are
 * kept per span, the cost is derived from them with the current price table.
 *
 * `counted`: 1 when the span's cost is part of the trace's cost, 2 when it is a counted call with
 * tokens but no price, 0 for wrappers whose calls are counted instead (rule in semconv/rollup.ts).
 */
import type { PricedCall, PriceTable } from '../../analysis/pricing/span-cost';
import type { SpanCost, Usage } from '../../protocol/trace-json';
import { rollupTrace, type RollupResult } from '../semconv/rollup';
import type { CostRollup } from './cost-rollup';
import type { PreparedStatements } from './prepared';
import { MEMO_MIN_ROWS, rowKey, type CallRowsMemo } from './call-rows-memo';
import type { SummaryWrites } from './summary-writes';

export interface CallSource {
  spanId: string;
  parentSpanId: string | null;
  kind: string;
  service: string;
  startMs: number;
  durationMs: number;
  provider: string | null;
  model: string | null;
  usage?: Usage;
  /** The cost the instrumentation recorded (normalized). */
  ingestedCostUsd: number | null;
  /** `name@version` of the prompt template the span names, when it names one. */
  prompt: string | null;
}

export interface TraceCallContext {
  traceId: string;
  flow: string;
  sessionId: string | null;
}

export const COUNTED_COST = 1;
export const COUNTED_UNPRICED = 2;

/** A `calls` row's columns, in the order writeTraceCalls gives its values. */
export const CALL_COLUMNS = {
  sql: 'trace_id, span_id, start_ms, flow, service, session_id, kind, provider, model, prompt, input_tokens, output_tokens, '
    + 'cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_input, cost_output, cost_cache_read, cost_cache_write, '
    + 'cost_source, price_model, cache_saving_usd, counted',
  placeholders: new Array<string>(24).fill('?').join(', '),
};

/** The prompt each span runs under: its own, else its nearest ancestor's (a chain naming the template). */
function inheritedPrompts(spans: readonly CallSource[]): Map<string, string | null> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const memo = new Map<string, string | null>();
  for (const start of spans) {
    const path = new Set<string>();
    let found: string | null = null;
    // Walks up to the first span with a prompt (or a known answer); `path` stops parent loops.
    for (let cur: CallSource | undefined = start; cur && !path.has(cur.spanId); cur = cur.parentSpanId ? byId.get(cur.parentSpanId) : undefined) {
      if (memo.has(cur.spanId)) { found = memo.get(cur.spanId)!; break; }
      if (cur.prompt) { found = cur.prompt; break; }
      path.add(cur.spanId);
    }
    for (const id of path) memo.set(id, found);
  }
  return memo;
}

const hasTokens = (u: Usage | undefined): boolean => !!u && (u.inputTokens !== undefined || u.outputTokens !== undefined || u.totalTokens !== undefined);

const DELETE_CALLS = 'DELETE FROM calls WHERE trace_id = ? RETURNING start_ms';
const DELETE_CALL = 'DELETE FROM calls WHERE trace_id = ? AND span_id = ? RETURNING start_ms';
/** Where start_ms sits in a row's values (CALL_COLUMNS order), to find the minute of a row the memo replaces. */
const START_MS_VALUE = 2;

/** Deletes a trace's rows in `calls`, noting their minutes for the rollup. */
export function deleteTraceCalls(sql: PreparedStatements, rollup: CostRollup, traceId: string): void {
  for (const r of sql.all(DELETE_CALLS, [traceId])) rollup.touch(Number(r[0]));
}

/**
 * Prices a trace's spans, rolls the costs up, and rewrites the trace's rows in `calls` (and their part
 * of the rollup): with a memo of what was written last (call-rows-memo.ts), only the rows that changed,
 * the rollup told the minutes of each row written, replaced or deleted. `pricedBefore`: prices already
 * computed for unchanged spans with the same price table. `fresh`: the trace has no rows in `calls` yet
 * (nothing to delete). Returns the roll-up and each span's price.
 */
export function writeTraceCalls(sql: PreparedStatements, writes: SummaryWrites, prices: PriceTable, rollup: CostRollup, trace: TraceCallContext, spans: readonly CallSource[],
  inputKeyOf?: (spanId: string) => string | undefined, memo?: CallRowsMemo, pricedBefore?: ReadonlyMap<string, PricedCall>, fresh = false): RollupResult & { priced: PricedCall[] } {
  const priced = spans.map((s) => pricedBefore?.get(s.spanId) ??
    prices.price({ provider: s.provider ?? undefined, model: s.model ?? undefined, usage: s.usage, ingestedCostUsd: s.ingestedCostUsd, startTimeUnixMs: s.startMs }));
  // kind, times and model let the roll-up count one call recorded by two instrumentors once (semconv/duplicate-calls.ts).
  const result = rollupTrace(spans.map((s, i) => ({
    spanId: s.spanId, parentSpanId: s.parentSpanId, usage: s.usage, costUsd: priced[i].costUsd, unpriced: priced[i].unpriced,
    kind: s.kind, startTimeUnixMs: s.startMs, durationMs: s.durationMs, model: s.model,
  })), inputKeyOf);
  const costCounted = new Set(result.costSpanIds);
  const unpricedCounted = new Set(result.unpricedSpanIds);
  const before = memo?.take(trace.traceId);
  if (!before && !fresh) deleteTraceCalls(sql, rollup, trace.traceId);
  // Rows are keyed for the memo only where it may hold them: a trace it held, or one big enough.
  const keyed = memo !== undefined && (before !== undefined || spans.length >= MEMO_MIN_ROWS);
  const written = new Map<string, string>();
  const prompts = spans.some((s) => s.prompt) ? inheritedPrompts(spans) : null;
  spans.forEach((s, i) => {
    const p = priced[i];
    if (!hasTokens(s.usage) && p.costUsd === null) return;
    const u = s.usage ?? {};
    const c: Partial<SpanCost> = p.cost ?? {};
    const counted = costCounted.has(s.spanId) ? COUNTED_COST : unpricedCounted.has(s.spanId) ? COUNTED_UNPRICED : 0;
    const values = [
      trace.traceId, s.spanId, s.startMs, trace.flow, s.service, trace.sessionId, s.kind, s.provider, s.model,
      s.prompt ?? prompts?.get(s.spanId) ?? null, u.inputTokens ?? 0, u.outputTokens ?? 0, u.cacheReadTokens ?? 0, u.cacheWriteTokens ?? 0,
      u.reasoningTokens ?? 0, p.costUsd, c.input ?? null, c.output ?? null, c.cacheRead ?? null, c.cacheWrite ?? null,
      c.source ?? null, c.priceModel ?? null, p.cacheSavingUsd ?? 0, counted,
    ];
    if (keyed) {
      const key = rowKey(values);
      written.set(s.spanId, key);
      if (before?.get(s.spanId) === key) return;
    }
    const old = before?.get(s.spanId);
    writes.calls.add(values);
    if (counted > 0) rollup.touch(s.startMs);
    // The replaced row may have counted in another minute (or stopped counting here).
    if (old !== undefined) rollup.touch(Number((JSON.parse(old) as unknown[])[START_MS_VALUE]));
  });
  if (before) {
    for (const spanId of before.keys()) {
      if (written.has(spanId)) continue;
      for (const r of sql.all(DELETE_CALL, [trace.traceId, spanId])) rollup.touch(Number(r[0]));
    }
  }
  if (keyed) memo.keep(trace.traceId, written);
  return { ...result, priced };
}

const COST_COLUMNS = 'span_id, cost_usd, cost_input, cost_output, cost_cache_read, cost_cache_write, cost_source, price_model';

/** The priced cost of each span of a trace that has tokens or a cost. */
export type SpanCosts = Map<string, { costUsd: number | null; cost?: SpanCost }>;

/** The priced cost of each span of a trace that has one (for Trace JSON and span rows); only `spanId`'s when given. */
export function spanCostsOfTrace(sql: PreparedStatements, traceId: string, spanId?: string): SpanCosts {
  const rows = spanId === undefined
    ? sql.all(`SELECT ${COST_COLUMNS} FROM calls WHERE trace_id = ?`, [traceId])
    : sql.all(`SELECT ${COST_COLUMNS} FROM calls WHERE trace_id = ? AND span_id = ?`, [traceId, spanId]);
  const out: SpanCosts = new Map();
  for (const r of rows) addCostRow(out, r);
  return out;
}

/**
 * spanCostsOfTrace a page at a time (a big trace's build must not stop its thread for the whole
 * read): the costs of up to `limit` spans after span id `after` (null: from the first), in span id
 * order, added to `into`. The last span id read, or null once there are no more.
 */
export function spanCostsPage(sql: PreparedStatements, traceId: string, after: string | null, limit: number, into: SpanCosts): string | null {
  const rows = after === null
    ? sql.all(`SELECT ${COST_COLUMNS} FROM calls WHERE trace_id = ? ORDER BY span_id LIMIT ?`, [traceId, limit])
    : sql.all(`SELECT ${COST_COLUMNS} FROM calls WHERE trace_id = ? AND span_id > ? ORDER BY span_id LIMIT ?`, [traceId, after, limit]);
  for (const r of rows) addCostRow(into, r);
  return rows.length < limit ? null : String(rows[rows.length - 1][0]);
}

function addCostRow(out: SpanCosts, r: unknown[]): void {
  const costUsd = r[1] === null ? null : Number(r[1]);
  const num = (v: unknown): number | null => (v === null ? null : Number(v));
  out.set(String(r[0]), r[6] === null ? { costUsd } : {
    costUsd,
    cost: { input: num(r[2]), output: num(r[3]), cacheRead: num(r[4]), cacheWrite: num(r[5]), source: String(r[6]) as SpanCost['source'], priceModel: r[7] === null ? null : String(r[7]) },
  });
}
