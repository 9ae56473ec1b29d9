/**
 * Aligns two runs' span trees step by step: the roots as siblings, then, below every matched pair,
 * their children (sibling-alignment.ts). A step only in one run keeps its whole subtree on that
 * side. Iterative, so a 10,000-deep trace does not overflow the stack.
 */
import type { TraceJsonSpan } from '../../protocol/trace-json';
import { buildSpanTree, type SpanTree } from '../span-tree';
import { alignSiblings } from './sibling-alignment';
import { makeStepPrint, stepKey, type StepPrint } from './step-print';

export interface AlignedStep {
  /** Row indices into the two trees, -1 where the step is in the other run only. */
  a: number;
  b: number;
  depth: number;
}

export interface TreeAlignment {
  treeA: SpanTree<TraceJsonSpan>;
  treeB: SpanTree<TraceJsonSpan>;
  printsA: StepPrint[];
  printsB: StepPrint[];
  /** Pre-order: each matched pair followed by its aligned children. */
  steps: AlignedStep[];
}

export function alignTrees(spansA: readonly TraceJsonSpan[], spansB: readonly TraceJsonSpan[]): TreeAlignment {
  const treeA = buildSpanTree(spansA);
  const treeB = buildSpanTree(spansB);
  const printsA = stepPrints(treeA);
  const printsB = stepPrints(treeB);
  const steps: AlignedStep[] = [];
  const stack: AlignedStep[] = [];
  const pushAligned = (rowsA: readonly number[], rowsB: readonly number[], depth: number) => {
    const matches = alignSiblings(rowsA.map((i) => printsA[i]), rowsB.map((i) => printsB[i]));
    for (let k = matches.length - 1; k >= 0; k--) {
      const m = matches[k];
      stack.push({ a: m.a < 0 ? -1 : rowsA[m.a], b: m.b < 0 ? -1 : rowsB[m.b], depth });
    }
  };
  pushAligned(treeA.roots, treeB.roots, 0);
  while (stack.length > 0) {
    const step = stack.pop()!;
    steps.push(step);
    const childrenA = step.a >= 0 ? treeA.rows[step.a].children : [];
    const childrenB = step.b >= 0 ? treeB.rows[step.b].children : [];
    if (step.a >= 0 && step.b >= 0) pushAligned(childrenA, childrenB, step.depth + 1);
    else {
      for (let k = childrenA.length - 1; k >= 0; k--) stack.push({ a: childrenA[k], b: -1, depth: step.depth + 1 });
      for (let k = childrenB.length - 1; k >= 0; k--) stack.push({ a: -1, b: childrenB[k], depth: step.depth + 1 });
    }
  }
  return { treeA, treeB, printsA, printsB, steps };
}

function stepPrints(tree: SpanTree<TraceJsonSpan>): StepPrint[] {
  const keys = tree.rows.map((row) => stepKey(row.span));
  return tree.rows.map((row) => makeStepPrint(row.span, row.children.map((c) => keys[c])));
}
