/**
 * Span rows → a tree flattened in pre-order (children by start time), the shape both the tree and
 * the waterfall draw. Pure and iterative (a 10,000-deep chain must not overflow the stack).
 *
 * Malformed telemetry handled here:
 * - a parent that never arrived (or was evicted): the span is shown as a root, marked `orphan`;
 * - duplicate span ids (an exporter retrying a batch): the last row wins, one node is shown;
 * - parent cycles (a→b→a, never valid): the spans are unreachable from any root; the earliest
 *   of them is promoted to a root so nothing disappears;
 * - a span that is its own parent: treated as a root.
 */
import type { SpanRow } from '../../../src/protocol/engine-api';
import { compareSpanTimes } from '../../../src/protocol/span-order';

export interface TreeNode {
  row: SpanRow;
  depth: number;
  /** Pre-order index of the parent node, -1 for roots. */
  parent: number;
  /** Pre-order indices of the children. */
  children: number[];
  /** Pre-order index one past the last descendant: the subtree is [index, end). */
  end: number;
  /** 1-based position among its siblings and their count, for ARIA. */
  posInSet: number;
  setSize: number;
  orphan: boolean;
}

export interface SpanTree {
  nodes: TreeNode[];
  indexById: Map<string, number>;
  startMs: number;
  endMs: number;
  maxDepth: number;
}

const byStart = (a: SpanRow, b: SpanRow) => compareSpanTimes(a, b) || (a.spanId < b.spanId ? -1 : 1);

export function buildSpanTree(rows: readonly SpanRow[]): SpanTree {
  const unique = new Map<string, SpanRow>();
  for (const row of rows) unique.set(row.spanId, row);
  const childrenOf = new Map<string, SpanRow[]>();
  const roots: SpanRow[] = [];
  for (const row of unique.values()) {
    const parentId = row.parentSpanId;
    if (!parentId || parentId === row.spanId || !unique.has(parentId)) {
      roots.push(row);
      continue;
    }
    let list = childrenOf.get(parentId);
    if (!list) childrenOf.set(parentId, (list = []));
    list.push(row);
  }
  const nodes: TreeNode[] = [];
  const indexById = new Map<string, number>();
  let maxDepth = 0;
  const visit = (rootRows: SpanRow[]) => {
    rootRows.sort(byStart);
    // Explicit stack of (row, parent index, position) in reverse so pops come in start order.
    const stack: Array<[SpanRow, number, number, number]> = [];
    for (let i = rootRows.length - 1; i >= 0; i--) stack.push([rootRows[i], -1, i + 1, rootRows.length]);
    const open: number[] = []; // indices whose subtree end is not yet known
    while (stack.length) {
      const [row, parent, posInSet, setSize] = stack.pop()!;
      if (indexById.has(row.spanId)) continue;
      while (open.length && open[open.length - 1] !== parent) nodes[open.pop()!].end = nodes.length;
      const depth = parent < 0 ? 0 : nodes[parent].depth + 1;
      if (depth > maxDepth) maxDepth = depth;
      const index = nodes.length;
      const orphan = parent < 0 && !!row.parentSpanId && row.parentSpanId !== row.spanId;
      nodes.push({ row, depth, parent, children: [], end: index + 1, posInSet, setSize, orphan });
      indexById.set(row.spanId, index);
      if (parent >= 0) nodes[parent].children.push(index);
      open.push(index);
      const kids = childrenOf.get(row.spanId);
      if (kids) {
        kids.sort(byStart);
        for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], index, i + 1, kids.length]);
      }
    }
    while (open.length) nodes[open.pop()!].end = nodes.length;
  };
  visit(roots);
  // Cycles: whatever is left was never reached from a root.
  while (indexById.size < unique.size) {
    const left = [...unique.values()].filter((r) => !indexById.has(r.spanId)).sort(byStart);
    visit([left[0]]);
  }
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const n of nodes) {
    startMs = Math.min(startMs, n.row.startTimeUnixMs);
    endMs = Math.max(endMs, n.row.startTimeUnixMs + Math.max(0, n.row.durationMs));
  }
  if (!nodes.length) startMs = endMs = 0;
  return { nodes, indexById, startMs, endMs, maxDepth };
}

export interface RowFilter {
  /** Kinds to show; empty = all. */
  kinds: ReadonlySet<string>;
  errorsOnly: boolean;
}

export function isFilterActive(filter: RowFilter): boolean {
  return filter.kinds.size > 0 || filter.errorsOnly;
}

/**
 * Indices of the rows to draw, in order: a row is drawn when no ancestor is collapsed and, with a
 * filter on, when it or a descendant matches (ancestors keep the tree readable; `matched` says
 * which rows matched themselves).
 */
export function visibleRows(tree: SpanTree, collapsed: ReadonlySet<string>, filter: RowFilter): { indices: number[]; matched: Uint8Array | null } {
  const { nodes } = tree;
  let keep: Uint8Array | null = null;
  let matched: Uint8Array | null = null;
  if (isFilterActive(filter)) {
    keep = new Uint8Array(nodes.length);
    matched = new Uint8Array(nodes.length);
    for (let i = nodes.length - 1; i >= 0; i--) {
      const row = nodes[i].row;
      const self = (filter.kinds.size === 0 || filter.kinds.has(row.kind)) && (!filter.errorsOnly || row.status === 'error');
      if (self) matched[i] = 1;
      if (self || keep[i]) {
        keep[i] = 1;
        const p = nodes[i].parent;
        if (p >= 0) keep[p] = 1;
      }
    }
  }
  const indices: number[] = [];
  let i = 0;
  while (i < nodes.length) {
    if (keep && !keep[i]) {
      i = nodes[i].end; // nothing in this subtree matches
      continue;
    }
    indices.push(i);
    i = collapsed.has(nodes[i].row.spanId) ? nodes[i].end : i + 1;
  }
  return { indices, matched };
}

/** Span ids of every ancestor of a node (to expand when revealing it). */
export function ancestorIds(tree: SpanTree, index: number): string[] {
  const ids: string[] = [];
  for (let p = tree.nodes[index]?.parent ?? -1; p >= 0; p = tree.nodes[p].parent) ids.push(tree.nodes[p].row.spanId);
  return ids;
}

/** The collapsed set that shows rows down to `depth` (0 = roots only). */
export function collapsedBeyondDepth(tree: SpanTree, depth: number): Set<string> {
  const out = new Set<string>();
  for (const n of tree.nodes) if (n.depth >= depth && n.children.length) out.add(n.row.spanId);
  return out;
}
