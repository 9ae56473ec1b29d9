/**
 * The money spent on model calls since VS Code started: the sum of the known costs of the traces
 * that arrived or changed during this session. A trace's cost is re-read whenever it changes (late
 * spans add to it). Evicted and deleted traces keep counting: the money was spent. Pure: no `vscode`.
 */
import type { EngineClientLike } from '../protocol/engine-api';

/** A flood of changed traces is summed from the first ones only; the rest are counted as unknown. */
const MAX_LOOKUPS_PER_CHANGE = 256;

export class SessionCost {
  private readonly costs = new Map<string, number>();
  private incomplete = false;

  constructor(private readonly engine: EngineClientLike) {}

  get totalUsd(): number {
    let total = 0;
    for (const cost of this.costs.values()) total += cost;
    return total;
  }

  /** True when some changed traces were not looked up, so the total is a lower bound. */
  get isLowerBound(): boolean {
    return this.incomplete;
  }

  async update(traceIds: readonly string[]): Promise<void> {
    if (traceIds.length > MAX_LOOKUPS_PER_CHANGE) this.incomplete = true;
    const ids = traceIds.slice(0, MAX_LOOKUPS_PER_CHANGE);
    const summaries = await Promise.all(ids.map((traceId) => this.engine.call('getTraceSummary', { traceId }).catch(() => null)));
    for (const summary of summaries) {
      if (summary && typeof summary.costUsd === 'number') this.costs.set(summary.traceId, summary.costUsd);
    }
  }

  reset(): void {
    this.costs.clear();
    this.incomplete = false;
  }
}
