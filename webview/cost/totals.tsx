/** The window's totals, the budget, and the models that have no price. */
import { formatCompact, formatCost } from '../../src/analysis/format';
import type { CostTotals, UnpricedModel } from '../../src/protocol/cost';
import type { BudgetState } from '../../src/protocol/cost-panel';
import { Button } from '../components/ui/button';

const WINDOW_NAMES = { '15m': 'the last 15 minutes', '1h': 'the last hour', today: 'today', all: 'everything stored' } as const;

function Fact({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div class="tl-cost-fact" title={title}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function Totals({ totals }: { totals: CostTotals }) {
  return (
    <dl class="tl-cost-totals">
      <Fact label="Cost" value={formatCost(totals.costUsd)} title={totals.unpricedCalls > 0 ? 'Calls without a price are not included' : undefined} />
      <Fact label="Calls" value={formatCompact(totals.calls)} />
      <Fact label="Runs" value={formatCompact(totals.traces)} />
      <Fact label="Input tokens" value={formatCompact(totals.inputTokens)} />
      <Fact label="Output tokens" value={formatCompact(totals.outputTokens)} />
      <Fact label="Cached tokens" value={formatCompact(totals.cacheReadTokens)} />
      <Fact label="Cache saved" value={formatCost(totals.cacheSavingsUsd)} title="What the cached input tokens would have cost more at the fresh-input price" />
      {totals.unpricedCalls > 0 ? <Fact label="Unpriced calls" value={formatCompact(totals.unpricedCalls)} /> : null}
    </dl>
  );
}

export function Budget({ budget, onSet }: { budget: BudgetState | null; onSet: () => void }) {
  if (!budget) {
    return (
      <div class="tl-cost-budget">
        <span class="tl-muted">No budget set.</span> <Button variant="link" onClick={onSet}>Set budget…</Button>
      </div>
    );
  }
  const share = budget.spentUsd === null ? null : budget.spentUsd / budget.limitUsd;
  return (
    <div class={`tl-cost-budget tl-budget-${budget.level}`}>
      <span>
        Budget {formatCost(budget.limitUsd)} for {WINDOW_NAMES[budget.window]}
        {share === null ? ' (shown when that window is selected)' : `: ${formatCost(budget.spentUsd!)} spent, ${Math.round(share * 100)}%`}
      </span>
      {share !== null ? <div class="tl-budget-meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)} aria-label="Budget used"><div style={{ width: `${Math.min(100, share * 100)}%` }} /></div> : null}
      <Button variant="link" onClick={onSet}>Change…</Button>
    </div>
  );
}

export function Unpriced({ models, onAddPrice }: { models: readonly UnpricedModel[]; onAddPrice: (m: UnpricedModel) => void }) {
  if (models.length === 0) return null;
  return (
    <section class="tl-cost-unpriced" aria-label="Models without a price">
      <h2>Without a price</h2>
      <p class="tl-muted">These calls used tokens, but neither the price list nor your prices know the model, and the instrumentation recorded no cost. Their cost is left out, not counted as $0.</p>
      <ul>
        {models.map((m) => (
          <li key={`${m.provider}/${m.model}`}>
            <span class="tl-key">{m.model ?? '(no model name)'}</span>
            {m.provider ? <span class="tl-muted"> {m.provider}</span> : null}
            <span class="tl-muted"> · {formatCompact(m.calls)} call(s), {formatCompact(m.inputTokens)} in / {formatCompact(m.outputTokens)} out</span>
            {m.model ? <Button variant="link" onClick={() => onAddPrice(m)}>Add price…</Button> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
