/** Re-price the window (or the selected run) with another model: same tokens, another price list entry. */
import { formatCost } from '../../src/analysis/format';
import type { WhatIfResult } from '../../src/protocol/cost';
import { Button } from '../components/ui/button';
import { Select } from '../components/ui/select';

interface Props {
  models: readonly string[];
  model: string;
  onModel: (model: string) => void;
  selectedRun: { traceId: string; flow: string } | null;
  onAsk: (traceId?: string) => void;
  result: WhatIfResult | null;
  pending: boolean;
}

export function whatIfSentence(r: WhatIfResult): string {
  if (r.whatIfUsd === null) return `${r.model} has no price in the list or your prices.`;
  if (r.actualUsd <= 0) return `On ${r.priceModel ?? r.model} this would have cost ${formatCost(r.whatIfUsd)}.`;
  const change = Math.round((100 * (r.whatIfUsd - r.actualUsd)) / r.actualUsd);
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `On ${r.priceModel ?? r.model} this would have cost ${formatCost(r.whatIfUsd)}, ${sign}${Math.abs(change)}% (actual ${formatCost(r.actualUsd)}).`;
}

export function WhatIf({ models, model, onModel, selectedRun, onAsk, result, pending }: Props) {
  return (
    <section class="tl-cost-whatif" aria-label="What if">
      <h2>What if</h2>
      <div class="tl-cost-row">
        <span>Re-price with</span>
        <Select label="Model to re-price with" value={model} options={models.map((m) => ({ value: m, label: m }))} onChange={onModel} />
        <Button variant="primary" disabled={pending} onClick={() => onAsk()}>This window</Button>
        <Button disabled={pending || !selectedRun} title={selectedRun ? `Run of ${selectedRun.flow}` : 'Select a run below first'} onClick={() => selectedRun && onAsk(selectedRun.traceId)}>
          Selected run
        </Button>
      </div>
      {result ? (
        <p class="tl-whatif-result" role="status">
          {whatIfSentence(result)}
          {result.skippedCalls > 0 ? ` ${result.skippedCalls} call(s) without token counts are left out.` : ''}
          <br />
          <span class="tl-muted">{result.caveat}</span>
        </p>
      ) : null}
    </section>
  );
}
