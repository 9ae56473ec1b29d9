/**
 * The cost report, as SQL over the `calls` and `traces` summary tables (never by loading traces).
 * One grouped scan of the window's counted calls gives the totals and every breakdown (their
 * combinations are few: models × flows × prompts × sessions × services × kinds actually seen); a
 * second gives cost per time bucket by model; runs, their spikes and the costliest calls are read
 * from indexed rows.
 */
import { findCostSpikes } from '../../analysis/cost-spikes';
import { COST_DIMENSIONS, type CostBreakdownRow, type CostDimension, type CostQuery, type CostReport, type CostSeries, type FlowRun, type UnpricedModel } from '../../protocol/cost';
import type { TraceSummary } from '../../protocol/engine-api';
import type { PreparedStatements, Row } from './prepared';
import { bucketWidth, windowStart } from './cost-window';

/** Models drawn as their own series; the rest are stacked as "other". */
const SERIES_MODELS = 6;
const RUNS_SHOWN = 300;
const COSTLIEST_SHOWN = 15;
export const NO_MODEL = '(no model)';

/** Models offered for what-if re-pricing besides those in the window. */
export const COMMON_MODELS = ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1', 'gpt-4o', 'o4-mini', 'claude-haiku-4-5', 'claude-sonnet-4-5', 'gemini-2.5-flash', 'gemini-2.5-pro'];

const COMBOS = `SELECT coalesce(model, '${NO_MODEL}'), flow, coalesce(prompt, '(no prompt)'), coalesce(session_id, '(no session)'), service, kind,
  max(price_model), provider, count(*), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
  coalesce(sum(CASE WHEN counted = 1 THEN cost_usd END), 0), coalesce(sum(CASE WHEN counted = 1 THEN cache_saving_usd END), 0), sum(counted = 2)
  FROM calls WHERE counted > 0 AND start_ms >= ? AND start_ms <= ?
  GROUP BY model, flow, prompt, session_id, service, kind, provider`;

interface Combo {
  keys: Record<CostDimension, string>;
  priceModel: string | null;
  provider: string | null;
  calls: number;
  input: number;
  output: number;
  cacheRead: number;
  cost: number;
  saving: number;
  unpriced: number;
}

function comboOf(r: Row): Combo {
  return {
    keys: { model: String(r[0]), flow: String(r[1]), prompt: String(r[2]), session: String(r[3]), service: String(r[4]), kind: String(r[5]) },
    priceModel: r[6] === null ? null : String(r[6]),
    provider: r[7] === null ? null : String(r[7]),
    calls: Number(r[8]), input: Number(r[9]), output: Number(r[10]), cacheRead: Number(r[11]),
    cost: Number(r[12]), saving: Number(r[13]), unpriced: Number(r[14]),
  };
}

function breakdown(combos: readonly Combo[], dim: CostDimension): CostBreakdownRow[] {
  const rows = new Map<string, CostBreakdownRow>();
  for (const c of combos) {
    const key = c.keys[dim];
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedCalls: 0 }));
    row.calls += c.calls;
    row.inputTokens += c.input;
    row.outputTokens += c.output;
    row.costUsd += c.cost;
    row.unpricedCalls += c.unpriced;
    if (dim === 'model' && c.priceModel && !row.detail) row.detail = c.priceModel;
    if (dim === 'flow' && !row.detail) row.detail = c.keys.service;
  }
  return [...rows.values()].sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.key.localeCompare(b.key));
}

function series(sql: PreparedStatements, from: number, to: number, ranked: readonly string[]): CostSeries {
  const bucketMs = bucketWidth(from, to);
  const first = Math.floor(from / bucketMs) * bucketMs;
  const count = Math.max(1, Math.floor((to - first) / bucketMs) + 1);
  const models = ranked.slice(0, SERIES_MODELS);
  const rows = sql.all(`SELECT CAST((start_ms - ?) / ? AS INTEGER), coalesce(model, '${NO_MODEL}'), sum(cost_usd)
    FROM calls WHERE counted = 1 AND start_ms >= ? AND start_ms <= ? GROUP BY 1, 2`, [first, bucketMs, from, to]);
  // Models beyond the top ones, and costs without a model, are stacked as "other".
  const other = rows.some((r) => Number(r[2]) > 0 && !models.includes(String(r[1])));
  const names = other ? [...models, 'other'] : models;
  const costs = names.map(() => new Array<number>(count).fill(0));
  for (const r of rows) {
    const b = Number(r[0]);
    if (b < 0 || b >= count) continue;
    const m = models.indexOf(String(r[1]));
    if (m >= 0 || other) costs[m >= 0 ? m : names.length - 1][b] += Number(r[2]);
  }
  return { bucketMs, bucketStarts: Array.from({ length: count }, (_, i) => first + i * bucketMs), models: names, costs };
}

/** Spikes of every stored run of these flows (a run is compared with all earlier ones, also outside a window). */
function spikesOfFlows(sql: PreparedStatements, flows: readonly string[]): ReturnType<typeof findCostSpikes> {
  if (flows.length === 0) return new Map();
  const history = sql.all(`SELECT trace_id, name, start_ms, cost_usd FROM traces WHERE cost_usd IS NOT NULL
    AND name IN (${flows.map(() => '?').join(', ')})`, [...flows]);
  return findCostSpikes(history.map((r) => ({ id: String(r[0]), flow: String(r[1]), startTimeUnixMs: Number(r[2]), costUsd: Number(r[3]) })));
}

/** Marks the spikes among a page of trace summaries (the Traces view shows them). */
export function markCostSpikes(sql: PreparedStatements, traces: TraceSummary[]): void {
  const spikes = spikesOfFlows(sql, [...new Set(traces.filter((t) => t.costUsd !== null).map((t) => t.name))]);
  for (const t of traces) {
    const s = spikes.get(t.traceId);
    if (s?.spike && s.earlierMedianUsd !== null) t.costSpike = { earlierMedianUsd: s.earlierMedianUsd };
  }
}

function runs(sql: PreparedStatements, from: number, to: number): FlowRun[] {
  const shown = sql.all(`SELECT trace_id, name, start_ms, cost_usd FROM traces WHERE cost_usd IS NOT NULL AND start_ms >= ? AND start_ms <= ?
    ORDER BY start_ms DESC LIMIT ${RUNS_SHOWN}`, [from, to]);
  const spikes = spikesOfFlows(sql, [...new Set(shown.map((r) => String(r[1])))]);
  return shown.reverse().map((r) => {
    const s = spikes.get(String(r[0]));
    return { traceId: String(r[0]), flow: String(r[1]), startTimeUnixMs: Number(r[2]), costUsd: Number(r[3]), earlierMedianUsd: s?.earlierMedianUsd ?? null, spike: s?.spike ?? false };
  });
}

export function costReport(sql: PreparedStatements, q: CostQuery): CostReport {
  const to = q.nowUnixMs ?? Date.now();
  const start = windowStart(q, to);
  const from = start ?? Number(sql.get('SELECT min(start_ms) FROM calls WHERE counted > 0')?.[0] ?? to);
  const combos = sql.all(COMBOS, [from, to]).map(comboOf);
  const breakdowns = Object.fromEntries(COST_DIMENSIONS.map((d) => [d, breakdown(combos, d)])) as Record<CostDimension, CostBreakdownRow[]>;
  const sum = (f: (c: Combo) => number): number => combos.reduce((acc, c) => acc + f(c), 0);
  const unpriced = new Map<string, UnpricedModel>();
  for (const c of combos) {
    if (c.unpriced === 0) continue;
    const model = c.keys.model === NO_MODEL ? null : c.keys.model;
    const key = `${c.provider}\u0000${model}`;
    const u = unpriced.get(key) ?? { provider: c.provider, model, calls: 0, inputTokens: 0, outputTokens: 0 };
    u.calls += c.unpriced;
    u.inputTokens += c.input;
    u.outputTokens += c.output;
    unpriced.set(key, u);
  }
  const costliest = sql.all(`SELECT c.trace_id, c.span_id, s.name, c.model, c.flow, c.start_ms, c.cost_usd, c.cost_source FROM calls c
    JOIN spans s ON s.trace_id = c.trace_id AND s.span_id = c.span_id
    WHERE c.counted = 1 AND c.start_ms >= ? AND c.start_ms <= ? ORDER BY c.cost_usd DESC LIMIT ${COSTLIEST_SHOWN}`, [from, to]);
  const modelsSeen = breakdowns.model.map((r) => r.key).filter((m) => m !== NO_MODEL);
  return {
    window: q.window,
    fromUnixMs: start,
    toUnixMs: to,
    totals: {
      calls: sum((c) => c.calls),
      traces: Number(sql.get('SELECT count(DISTINCT trace_id) FROM calls WHERE counted > 0 AND start_ms >= ? AND start_ms <= ?', [from, to])?.[0] ?? 0),
      inputTokens: sum((c) => c.input),
      outputTokens: sum((c) => c.output),
      cacheReadTokens: sum((c) => c.cacheRead),
      costUsd: sum((c) => c.cost),
      cacheSavingsUsd: sum((c) => c.saving),
      unpricedCalls: sum((c) => c.unpriced),
    },
    breakdowns,
    // Only models with a cost are drawn: an unpriced model would be an empty series.
    series: series(sql, from, to, breakdowns.model.filter((r) => r.costUsd > 0 && r.key !== NO_MODEL).map((r) => r.key)),
    runs: runs(sql, from, to),
    costliest: costliest.map((r) => ({
      traceId: String(r[0]), spanId: String(r[1]), name: String(r[2]), model: r[3] === null ? null : String(r[3]), flow: String(r[4]),
      startTimeUnixMs: Number(r[5]), costUsd: Number(r[6]), source: String(r[7] ?? ''),
    })),
    unpriced: [...unpriced.values()].sort((a, b) => b.calls - a.calls),
    whatIfModels: [...new Set([...modelsSeen, ...COMMON_MODELS])],
  };
}
