/**
 * The cost report, as SQL over the summary tables (never by loading traces): totals and every
 * breakdown from the per-minute rollup of the counted calls (cost-rollup.ts; the window's partial
 * minutes from the calls themselves, cost-rollup-read.ts), cost per time bucket and model from the
 * same rows, runs from the traces table with their spikes kept by the flow's run history, and the
 * costliest calls from the minutes whose costliest call costs most.
 */
import type { RunHistory } from '../../analysis/run-history';
import { COST_DIMENSIONS, type CostBreakdownRow, type CostDimension, type CostQuery, type CostReport, type CostSeries, type FlowRun, type UnpricedModel } from '../../protocol/cost';
import type { TraceSummary } from '../../protocol/engine-api';
import { DIM, NO_MODEL } from './cost-rollup';
import { costByBucket, costliestCalls, splitWindow, sumsByKey, tracesInWindow, type KeySums, type WindowParts } from './cost-rollup-read';
import type { PreparedStatements } from './prepared';
import { bucketWidth, windowStart } from './cost-window';

export { NO_MODEL } from './cost-rollup';

/** Models drawn as their own series; the rest are stacked as "other". */
const SERIES_MODELS = 6;
const RUNS_SHOWN = 300;
const COSTLIEST_SHOWN = 15;

/** Models offered for what-if re-pricing besides those in the window. */
export const COMMON_MODELS = ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1', 'gpt-4o', 'o4-mini', 'claude-haiku-4-5', 'claude-sonnet-4-5', 'gemini-2.5-flash', 'gemini-2.5-pro'];

function breakdown(sql: PreparedStatements, sums: readonly KeySums[], dim: CostDimension): CostBreakdownRow[] {
  const rows = sums.filter((s) => s.dim === COST_DIMENSIONS.indexOf(dim)).map((s): CostBreakdownRow => {
    const row: CostBreakdownRow = { key: s.key, calls: s.calls, inputTokens: s.input, outputTokens: s.output, costUsd: s.cost, unpricedCalls: s.unpriced };
    // The price used for a model; the service of a flow's latest run.
    const detail = dim === 'flow' ? sql.get('SELECT service FROM traces WHERE name = ? ORDER BY start_ms DESC LIMIT 1', [s.key])?.[0] : s.detail;
    if ((dim === 'model' || dim === 'flow') && detail) row.detail = String(detail);
    return row;
  });
  return rows.sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.key.localeCompare(b.key));
}

function series(sql: PreparedStatements, w: WindowParts, from: number, to: number, ranked: readonly string[]): CostSeries {
  const bucketMs = bucketWidth(from, to);
  const first = Math.floor(from / bucketMs) * bucketMs;
  const count = Math.max(1, Math.floor((to - first) / bucketMs) + 1);
  const models = ranked.slice(0, SERIES_MODELS);
  const rows = costByBucket(sql, w, first, bucketMs);
  // Models beyond the top ones, and costs without a model, are stacked as "other".
  const other = rows.some((r) => r[2] > 0 && !models.includes(r[1]));
  const names = other ? [...models, 'other'] : models;
  const costs = names.map(() => new Array<number>(count).fill(0));
  for (const [b, model, cost] of rows) {
    if (b < 0 || b >= count) continue;
    const m = models.indexOf(model);
    if (m >= 0 || other) costs[m >= 0 ? m : names.length - 1][b] += cost;
  }
  return { bucketMs, bucketStarts: Array.from({ length: count }, (_, i) => first + i * bucketMs), models: names, costs };
}

/** Marks the spikes among a page of trace summaries (the Traces view shows them). */
export function markCostSpikes(runs: RunHistory, traces: TraceSummary[]): void {
  for (const t of traces) {
    const s = t.costUsd === null ? undefined : runs.spikeOf(t.traceId);
    if (s?.spike && s.earlierMedianUsd !== null) t.costSpike = { earlierMedianUsd: s.earlierMedianUsd };
  }
}

function flowRuns(sql: PreparedStatements, history: RunHistory, from: number, to: number): FlowRun[] {
  const shown = sql.all(`SELECT trace_id, name, start_ms, cost_usd FROM traces WHERE cost_usd IS NOT NULL AND start_ms >= ? AND start_ms <= ?
    ORDER BY start_ms DESC LIMIT ${RUNS_SHOWN}`, [from, to]);
  return shown.reverse().map((r) => {
    // Every stored run of the flow counts as earlier, also outside the window.
    const s = history.spikeOf(String(r[0]));
    return { traceId: String(r[0]), flow: String(r[1]), startTimeUnixMs: Number(r[2]), costUsd: Number(r[3]), earlierMedianUsd: s?.earlierMedianUsd ?? null, spike: s?.spike ?? false };
  });
}

function unpricedModels(sums: readonly KeySums[]): UnpricedModel[] {
  return sums.filter((s) => s.dim === DIM.unpriced && s.calls > 0).map((s) => {
    const [provider, model] = JSON.parse(s.key) as [string | null, string | null];
    return { provider, model, calls: s.calls, inputTokens: s.input, outputTokens: s.output };
  }).sort((a, b) => b.calls - a.calls);
}

export function costReport(sql: PreparedStatements, history: RunHistory, q: CostQuery): CostReport {
  const now = q.nowUnixMs ?? Date.now();
  const start = windowStart(q, now);
  // Everything is every stored call, also one stamped after now (an app whose clock runs ahead);
  // the other windows end now.
  const latest = q.window === 'all' ? sql.get('SELECT max(start_ms) FROM calls WHERE counted > 0')?.[0] : null;
  const to = latest === null || latest === undefined ? now : Math.max(now, Number(latest));
  const from = start ?? Number(sql.get('SELECT min(start_ms) FROM calls WHERE counted > 0')?.[0] ?? to);
  const w = splitWindow(sql, from, to);
  const sums = [...sumsByKey(sql, w).values()];
  const breakdowns = Object.fromEntries(COST_DIMENSIONS.map((d) => [d, breakdown(sql, sums, d)])) as Record<CostDimension, CostBreakdownRow[]>;
  // Every counted call has exactly one model key: the model rows add up to the totals.
  const byModel = sums.filter((s) => s.dim === DIM.model);
  const sum = (f: (s: KeySums) => number): number => byModel.reduce((acc, s) => acc + f(s), 0);
  const calls = sum((s) => s.calls);
  const costliest = costliestCalls(sql, w, COSTLIEST_SHOWN);
  const modelsSeen = breakdowns.model.map((r) => r.key).filter((m) => m !== NO_MODEL);
  return {
    window: q.window,
    fromUnixMs: start,
    toUnixMs: to,
    totals: {
      calls,
      traces: calls === 0 ? 0 : tracesInWindow(sql, w, from, to),
      inputTokens: sum((s) => s.input),
      outputTokens: sum((s) => s.output),
      cacheReadTokens: sum((s) => s.cacheRead),
      costUsd: sum((s) => s.cost),
      cacheSavingsUsd: sum((s) => s.saving),
      unpricedCalls: sum((s) => s.unpriced),
    },
    breakdowns,
    // Only models with a cost are drawn: an unpriced model would be an empty series.
    series: series(sql, w, from, to, breakdowns.model.filter((r) => r.costUsd > 0 && r.key !== NO_MODEL).map((r) => r.key)),
    runs: flowRuns(sql, history, from, to),
    costliest: costliest.map((r) => ({
      traceId: String(r[0]), spanId: String(r[1]), name: String(r[2]), model: r[3] === null ? null : String(r[3]), flow: String(r[4]),
      startTimeUnixMs: Number(r[5]), costUsd: Number(r[6]), source: String(r[7] ?? ''),
    })),
    unpriced: unpricedModels(sums),
    whatIfModels: [...new Set([...modelsSeen, ...COMMON_MODELS])],
  };
}
