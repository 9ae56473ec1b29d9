/**
 * The cost report: what the cost panel, the status bar's budget and `tracelight cost` ask the
 * engine, computed there with SQL over the stored calls (engine/store/cost-report.ts). No `vscode`,
 * no DOM.
 */

export const COST_WINDOWS = ['15m', '1h', 'today', 'all'] as const;
export type CostWindow = (typeof COST_WINDOWS)[number];

export const COST_DIMENSIONS = ['model', 'flow', 'prompt', 'session', 'service', 'kind'] as const;
export type CostDimension = (typeof COST_DIMENSIONS)[number];

export interface CostQuery {
  window: CostWindow;
  /** "Now" for the window's start (tests pin it); the engine's clock when absent. */
  nowUnixMs?: number;
  /** UTC offset of the user's day in minutes (`today` starts at local midnight); 0 when absent. */
  utcOffsetMinutes?: number;
}

export interface CostTotals {
  /** Counted model calls: each call once, wrappers that repeat it not again. */
  calls: number;
  traces: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  /** What the cached input tokens would have cost more at the fresh-input rate. */
  cacheSavingsUsd: number;
  /** Calls with tokens but no price; their cost is not in costUsd. */
  unpricedCalls: number;
}

export interface CostBreakdownRow {
  key: string;
  /** Secondary text: the price used for a model, the service of a flow, ... */
  detail?: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpricedCalls: number;
}

/** Cost per time bucket, stacked by model (the top models, the rest as "other"). */
export interface CostSeries {
  bucketMs: number;
  /** Bucket start times (Unix ms), ascending, every bucket of the window present. */
  bucketStarts: number[];
  models: string[];
  /** costs[m][b]: cost of models[m] in bucket b. */
  costs: number[][];
}

export interface FlowRun {
  traceId: string;
  flow: string;
  startTimeUnixMs: number;
  costUsd: number;
  /** Median cost of the flow's earlier runs (all stored, also before the window); null for the first. */
  earlierMedianUsd: number | null;
  /** More than three times the median of the flow's earlier runs. */
  spike: boolean;
}

export interface CostlySpan {
  traceId: string;
  spanId: string;
  name: string;
  model: string | null;
  flow: string;
  startTimeUnixMs: number;
  costUsd: number;
  source: string;
}

export interface UnpricedModel {
  provider: string | null;
  model: string | null;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export interface CostReport {
  window: CostWindow;
  fromUnixMs: number | null;
  toUnixMs: number;
  totals: CostTotals;
  breakdowns: Record<CostDimension, CostBreakdownRow[]>;
  series: CostSeries;
  runs: FlowRun[];
  costliest: CostlySpan[];
  unpriced: UnpricedModel[];
  /** The models a what-if can re-price with (seen in the window, plus common ones). */
  whatIfModels: string[];
}

export interface WhatIfQuery extends CostQuery {
  /** Re-price one trace instead of the window. */
  traceId?: string;
  model: string;
  provider?: string;
}

export interface WhatIfResult {
  model: string;
  /** The price used, `provider/model`; null when the model has no price. */
  priceModel: string | null;
  actualUsd: number;
  whatIfUsd: number | null;
  /** Calls re-priced (every counted call with token counts). */
  calls: number;
  /** Calls left out: no token counts, so the same tokens cannot be priced again. */
  skippedCalls: number;
  /** Stated with every answer. */
  caveat: string;
}
