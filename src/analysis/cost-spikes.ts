/**
 * Cost spikes: a run of a flow that cost more than three times the median of that flow's earlier
 * runs. Earlier means started before it; the first run has nothing to compare with and is never a
 * spike. Runs without a known cost are skipped (neither compared nor counted as earlier runs).
 */

export const SPIKE_FACTOR = 3;

export interface RunCost {
  id: string;
  flow: string;
  startTimeUnixMs: number;
  costUsd: number | null;
}

export interface RunSpike {
  earlierMedianUsd: number | null;
  spike: boolean;
}

/** Inserts into an ascending array (binary search), keeping it sorted. */
export function insertSorted(sorted: number[], value: number): void {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  sorted.splice(lo, 0, value);
}

/** The median of an ascending array; null when it is empty. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each run's earlier median and spike flag, by run id. */
export function findCostSpikes(runs: readonly RunCost[]): Map<string, RunSpike> {
  const ordered = runs.filter((r) => r.costUsd !== null).sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs || a.id.localeCompare(b.id));
  const earlier = new Map<string, number[]>();
  const out = new Map<string, RunSpike>();
  for (const run of ordered) {
    const costs = earlier.get(run.flow) ?? [];
    const m = median(costs);
    out.set(run.id, { earlierMedianUsd: m, spike: m !== null && run.costUsd! > SPIKE_FACTOR * m });
    insertSorted(costs, run.costUsd!);
    earlier.set(run.flow, costs);
  }
  return out;
}
