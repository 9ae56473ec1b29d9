/**
 * The cost panel's protocol: the common panel messages (panel-messages.ts) plus its own. The host
 * sends a full report on `ready` and a fresh one when traces change or the window changes; the
 * webview keeps its sorting and selection across reports. No `vscode`, no DOM.
 */
import type { CostDimension, CostReport, CostWindow, WhatIfResult } from './cost';
import type { CommonFromWebview, CommonToWebview } from './panel-messages';

export const COST_PANEL_VIEW_TYPE = 'tracelight.cost';
/** One cost panel per window: its registry key. */
export const COST_PANEL_KEY = 'cost';

export type BudgetLevel = 'ok' | 'warning' | 'error';

export interface BudgetState {
  limitUsd: number;
  window: CostWindow;
  /** Spent in the budget's window; null when the panel shows another window. */
  spentUsd: number | null;
  level: BudgetLevel;
}

export type ToCostPanel =
  | CommonToWebview
  | { type: 'report'; report: CostReport; budget: BudgetState | null }
  | { type: 'whatIf'; requestId: number; result: WhatIfResult };

export type CostPanelRequest =
  | { type: 'setWindow'; window: CostWindow }
  | { type: 'whatIf'; requestId: number; model: string; traceId?: string }
  | { type: 'addPrice'; model: string; provider?: string }
  | { type: 'setBudget' }
  | { type: 'exportCsv' };

export type FromCostPanel = CommonFromWebview | CostPanelRequest;

export type CostSortColumn = 'key' | 'calls' | 'inputTokens' | 'outputTokens' | 'costUsd';

export interface CostPanelPersistedState {
  key: typeof COST_PANEL_KEY;
  window?: CostWindow;
  dimension?: CostDimension;
  sort?: { column: CostSortColumn; descending: boolean };
  selectedKey?: string;
  whatIfModel?: string;
}
