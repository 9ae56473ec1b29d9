/**
 * Compares two runs (two traces in Trace JSON): aligns their steps, lists every matched pair with
 * its changes, the steps only in one run, the run totals and deltas, the kinds of difference, and
 * a one-line verdict. Pure: used by the CLI, the extension host and the compare panel.
 */
import type { AlignedRow, CompareJson, ComparedPair, UnmatchedSpan } from '../../protocol/compare-json';
import type { TraceJsonSpan, TraceJsonTrace } from '../../protocol/trace-json';
import { differencesOf, isSemantic } from './differences';
import { comparePair } from './pair-changes';
import { runDeltas, runTotals } from './run-totals';
import { alignTrees } from './tree-alignment';
import { verdictOf } from './verdict';

export interface TraceComparison {
  json: CompareJson;
  /** The aligned tree, pre-order, for views. */
  rows: AlignedRow[];
}

export function compareTraces(traceA: TraceJsonTrace, traceB: TraceJsonTrace): TraceComparison {
  const alignment = alignTrees(traceA.spans ?? [], traceB.spans ?? []);
  const pairs: ComparedPair[] = [];
  const pairDurations: Array<[number, number]> = [];
  const onlyInA: UnmatchedSpan[] = [];
  const onlyInB: UnmatchedSpan[] = [];
  const rows: AlignedRow[] = [];
  for (const step of alignment.steps) {
    const printA = step.a >= 0 ? alignment.printsA[step.a] : null;
    const printB = step.b >= 0 ? alignment.printsB[step.b] : null;
    if (printA && printB) {
      rows.push({ a: printA.span.spanId, b: printB.span.spanId, depth: step.depth, pair: pairs.length });
      pairs.push(comparePair(printA, printB));
      pairDurations.push([printA.span.durationMs, printB.span.durationMs]);
    } else if (printA) {
      rows.push({ a: printA.span.spanId, b: null, depth: step.depth, pair: -1 });
      onlyInA.push(unmatched(printA.span));
    } else if (printB) {
      rows.push({ a: null, b: printB.span.spanId, depth: step.depth, pair: -1 });
      onlyInB.push(unmatched(printB.span));
    }
  }
  const a = runTotals(traceA);
  const b = runTotals(traceB);
  const deltas = runDeltas(a, b);
  const differences = differencesOf({ a, b, deltas, pairs, onlyInA, onlyInB, pairDurations });
  const semanticDifference = isSemantic(differences);
  const verdict = verdictOf({ deltas, pairs, onlyInA, onlyInB, differences, semanticDifference });
  return { json: { version: 1, a, b, deltas, pairs, onlyInA, onlyInB, differences, semanticDifference, verdict }, rows };
}

function unmatched(span: TraceJsonSpan): UnmatchedSpan {
  return { spanId: span.spanId, name: span.name, kind: span.kind };
}
