/**
 * What the trace panel draws of the span tree (src/analysis/span-tree.ts): rows under collapsed
 * spans are hidden, a filter keeps matching rows and their ancestors. Pure, so tested in Node.
 */
import type { SpanRow } from '../../../src/protocol/engine-api';
import type { SpanTree } from '../../../src/analysis/span-tree';

/** The panel's tree: one row per span of the engine's span rows. */
export type PanelTree = SpanTree<SpanRow>;

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
export function visibleRows(tree: PanelTree, collapsed: ReadonlySet<string>, filter: RowFilter): { indices: number[]; matched: Uint8Array | null } {
  const { rows } = tree;
  let keep: Uint8Array | null = null;
  let matched: Uint8Array | null = null;
  if (isFilterActive(filter)) {
    keep = new Uint8Array(rows.length);
    matched = new Uint8Array(rows.length);
    for (let i = rows.length - 1; i >= 0; i--) {
      const row = rows[i].span;
      const self = (filter.kinds.size === 0 || filter.kinds.has(row.kind)) && (!filter.errorsOnly || row.status === 'error');
      if (self) matched[i] = 1;
      if (self || keep[i]) {
        keep[i] = 1;
        const p = rows[i].parent;
        if (p >= 0) keep[p] = 1;
      }
    }
  }
  const indices: number[] = [];
  let i = 0;
  while (i < rows.length) {
    if (keep && !keep[i]) {
      i = rows[i].end; // nothing in this subtree matches
      continue;
    }
    indices.push(i);
    i = collapsed.has(rows[i].span.spanId) ? rows[i].end : i + 1;
  }
  return { indices, matched };
}

/** Span ids of every ancestor of a node (to expand when revealing it). */
export function ancestorIds(tree: PanelTree, index: number): string[] {
  const ids: string[] = [];
  for (let p = tree.rows[index]?.parent ?? -1; p >= 0; p = tree.rows[p].parent) ids.push(tree.rows[p].span.spanId);
  return ids;
}

/** The collapsed set that shows rows down to `depth` (0 = roots only). */
export function collapsedBeyondDepth(tree: PanelTree, depth: number): Set<string> {
  const out = new Set<string>();
  for (const n of tree.rows) if (n.depth >= depth && n.children.length) out.add(n.span.spanId);
  return out;
}
