/**
 * The runs of each flow kept in start order with each run's earlier median (cost-spikes.ts has the
 * rule), updated run by run instead of recomputed from every stored run on each read: a run that
 * arrives after the others costs one sorted insert, and only runs after a change are recomputed.
 * Gives the same answers as findCostSpikes over the same runs.
 */
import { insertSorted, median, SPIKE_FACTOR, type RunCost, type RunSpike } from './cost-spikes';

interface FlowRuns {
  /** Runs in (start, id) order. */
  runs: Array<{ id: string; start: number; cost: number }>;
  /** Earlier medians of runs[0 .. valid). */
  medians: Array<number | null>;
  valid: number;
  /** Sorted costs of runs[0 .. valid), the multiset the next median is taken from; null: to rebuild. */
  sortedPrefix: number[] | null;
}

function takeOut(sorted: number[], value: number): void {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  sorted.splice(lo, 1);
}

const before = (a: { start: number; id: string }, b: { start: number; id: string }): boolean =>
  a.start < b.start || (a.start === b.start && a.id.localeCompare(b.id) < 0);

/** Index of a run; reads and changes concern mostly recent runs, so the search starts from the end. */
function indexOf(flow: FlowRuns, id: string): number {
  for (let i = flow.runs.length - 1; i >= 0; i--) if (flow.runs[i].id === id) return i;
  return -1;
}

/** Before runs[at] changes (insert before it, or removal): medians from `at` on are recomputed when next read. */
function invalidateFrom(flow: FlowRuns, at: number): void {
  if (at >= flow.valid) return;
  // A short tail is taken out of the sorted prefix; after a long one it is rebuilt when next read.
  if (flow.sortedPrefix && flow.valid - at <= 64) for (let i = at; i < flow.valid; i++) takeOut(flow.sortedPrefix, flow.runs[i].cost);
  else flow.sortedPrefix = null;
  flow.valid = at;
  flow.medians.length = at;
}

function bringUpToDate(flow: FlowRuns): void {
  if (flow.valid === flow.runs.length) return;
  const sorted = flow.sortedPrefix ?? flow.runs.slice(0, flow.valid).map((r) => r.cost).sort((a, b) => a - b);
  for (let i = flow.valid; i < flow.runs.length; i++) {
    flow.medians.push(median(sorted));
    insertSorted(sorted, flow.runs[i].cost);
  }
  flow.sortedPrefix = sorted;
  flow.valid = flow.runs.length;
}

export class RunHistory {
  private readonly flows = new Map<string, FlowRuns>();
  /** Where each run is filed, to find it again when it changes or goes. */
  private readonly flowOf = new Map<string, string>();

  get size(): number { return this.flowOf.size; }

  /** Sets a run's flow, start and cost; a null cost takes it out (it is neither compared nor counted). */
  set(run: RunCost): void {
    this.remove(run.id);
    if (run.costUsd === null) return;
    let flow = this.flows.get(run.flow);
    if (!flow) this.flows.set(run.flow, (flow = { runs: [], medians: [], valid: 0, sortedPrefix: [] }));
    const entry = { id: run.id, start: run.startTimeUnixMs, cost: run.costUsd };
    // Runs mostly arrive after the others: search from the end.
    let at = flow.runs.length;
    while (at > 0 && before(entry, flow.runs[at - 1])) at--;
    invalidateFrom(flow, at);
    flow.runs.splice(at, 0, entry);
    this.flowOf.set(run.id, run.flow);
  }

  remove(id: string): void {
    const name = this.flowOf.get(id);
    if (name === undefined) return;
    this.flowOf.delete(id);
    const flow = this.flows.get(name)!;
    const at = indexOf(flow, id);
    invalidateFrom(flow, at);
    flow.runs.splice(at, 1);
    if (flow.runs.length === 0) this.flows.delete(name);
  }

  clear(): void {
    this.flows.clear();
    this.flowOf.clear();
  }

  /** The run's earlier median and spike flag, or undefined for a run without a known cost. */
  spikeOf(id: string): RunSpike | undefined {
    const name = this.flowOf.get(id);
    if (name === undefined) return undefined;
    const flow = this.flows.get(name)!;
    bringUpToDate(flow);
    const at = indexOf(flow, id);
    const m = flow.medians[at];
    return { earlierMedianUsd: m, spike: m !== null && flow.runs[at].cost > SPIKE_FACTOR * m };
  }
}
