/**
 * What the status bar's cost item says (pure, no `vscode`): the cost of the budget's window (today
 * when no budget is set), the budget's share, and the level that colours it.
 */
import { budgetLevel } from '../analysis/budget';
import { formatCost } from '../analysis/format';
import type { CostTotals, CostWindow } from '../protocol/cost';
import type { BudgetLevel } from '../protocol/cost-panel';

const WINDOW_WORDS: Record<CostWindow, string> = { '15m': 'last 15 min', '1h': 'last hour', today: 'today', all: 'in store' };

export interface CostStatusText {
  text: string;
  tooltip: string;
  level: BudgetLevel;
}

export function costStatusText(totals: CostTotals, window: CostWindow, budgetUsd: number): CostStatusText {
  const level = budgetLevel(totals.costUsd, budgetUsd);
  const unpriced = totals.unpricedCalls > 0 ? ` +${totals.unpricedCalls} unpriced` : '';
  const share = budgetUsd > 0 ? ` / ${formatCost(budgetUsd)}` : '';
  const icon = level === 'error' ? '$(error)' : level === 'warning' ? '$(warning)' : '$(credit-card)';
  const lines = [`Cost ${WINDOW_WORDS[window]}: ${formatCost(totals.costUsd)} over ${totals.calls} call(s)`];
  if (totals.unpricedCalls > 0) lines.push(`${totals.unpricedCalls} call(s) have no price and are not included.`);
  if (budgetUsd > 0) lines.push(`Budget: ${formatCost(budgetUsd)} (${Math.round((100 * totals.costUsd) / budgetUsd)}% used)`);
  lines.push('Click to show the cost panel.');
  return { text: `${icon} ${formatCost(totals.costUsd)}${share} ${WINDOW_WORDS[window]}${unpriced}`, tooltip: lines.join('\n'), level };
}

export function budgetMessage(level: BudgetLevel, totals: CostTotals, window: CostWindow, budgetUsd: number): string {
  const spent = `${formatCost(totals.costUsd)} of your ${formatCost(budgetUsd)} budget (${WINDOW_WORDS[window]})`;
  return level === 'error' ? `Tracelight: model calls have used ${spent}: the budget is spent.` : `Tracelight: model calls have used ${spent}: over 80%.`;
}
