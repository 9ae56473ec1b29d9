/**
 * The cost budget (`tracelight.budget.usd` over a window): warning from 80% of it, error from 100%.
 * The notification fires once per crossing into a higher level, not on every refresh.
 */
import type { BudgetLevel } from '../protocol/cost-panel';

export const BUDGET_WARNING_FRACTION = 0.8;

export function budgetLevel(spentUsd: number, limitUsd: number): BudgetLevel {
  if (!(limitUsd > 0)) return 'ok';
  if (spentUsd >= limitUsd) return 'error';
  return spentUsd >= BUDGET_WARNING_FRACTION * limitUsd ? 'warning' : 'ok';
}

const RANK: Record<BudgetLevel, number> = { ok: 0, warning: 1, error: 2 };

/** Remembers the last level notified; `shouldNotify` is true once each time a higher level is reached. */
export class BudgetNotifier {
  private notified: BudgetLevel = 'ok';

  shouldNotify(level: BudgetLevel): boolean {
    if (RANK[level] > RANK[this.notified]) {
      this.notified = level;
      return true;
    }
    // Back under (a new day, a raised budget): the next crossing notifies again.
    if (RANK[level] < RANK[this.notified]) this.notified = level;
    return false;
  }
}
