/**
 * The kinds of difference between two runs, and whether any of them is more than timing: ids,
 * timestamps and latencies differ on every run and are never a semantic difference.
 */
import type { ComparedPair, DifferenceKind, PairChange, RunDeltas, RunTotals, UnmatchedSpan } from '../../protocol/compare-json';
import { costDiffers, latencyChanged } from './run-totals';

interface Compared {
  a: RunTotals;
  b: RunTotals;
  deltas: RunDeltas;
  pairs: readonly ComparedPair[];
  onlyInA: readonly UnmatchedSpan[];
  onlyInB: readonly UnmatchedSpan[];
  /** Durations of each pair's spans in A and B, in the order of `pairs`. */
  pairDurations: ReadonlyArray<readonly [number, number]>;
}

const BY_CHANGE: Array<[PairChange, DifferenceKind]> = [
  ['input', 'input-messages'], ['output', 'output-messages'], ['model', 'model'], ['documents', 'documents'],
  ['status', 'status'], ['tool-arguments', 'tool-io'], ['tool-result', 'tool-io'],
];

/** In the order of the contract's list. */
const ORDER: DifferenceKind[] = ['structure', 'input-messages', 'output-messages', 'model', 'tokens', 'cost', 'documents', 'status', 'tool-io', 'latency'];

export function differencesOf(c: Compared): DifferenceKind[] {
  const found = new Set<DifferenceKind>();
  if (c.onlyInA.length > 0 || c.onlyInB.length > 0) found.add('structure');
  c.pairs.forEach((pair, k) => {
    for (const [change, kind] of BY_CHANGE) if (pair.changes.includes(change)) found.add(kind);
    const d = pair.deltas;
    if ((d.inputTokens ?? 0) !== 0 || (d.outputTokens ?? 0) !== 0 || (d.totalTokens ?? 0) !== 0) found.add('tokens');
    if (costDiffers(d.costUsd)) found.add('cost');
    if (latencyChanged(c.pairDurations[k][0], c.pairDurations[k][1])) found.add('latency');
  });
  if (c.deltas.inputTokens !== 0 || c.deltas.outputTokens !== 0 || c.deltas.totalTokens !== 0) found.add('tokens');
  if (costDiffers(c.deltas.costUsd)) found.add('cost');
  if (c.a.status !== c.b.status || c.deltas.errors !== 0) found.add('status');
  if (latencyChanged(c.a.durationMs, c.b.durationMs)) found.add('latency');
  return ORDER.filter((kind) => found.has(kind));
}

export function isSemantic(differences: readonly DifferenceKind[]): boolean {
  return differences.some((kind) => kind !== 'latency');
}

