/**
 * One trace's span rows → a tree for the Traces view. Pure: no `vscode`.
 *
 * Telemetry arrives incomplete and sometimes wrong, and the tree must still show every span once:
 * - a span whose parent has not arrived (or never will: the app crashed, a sampler dropped it, the
 *   parent belongs to another process that does not export here) is an orphan and is shown at
 *   the top level, under the trace;
 * - a duplicated span id (an exporter retried a batch) keeps the first row;
 * - a parent chain that loops (a corrupt parent id pointing at a descendant) is cut where it
 *   closes, and the span there is shown at the top level;
 * - siblings are ordered by start time; equal start times (common: times often arrive rounded
 *   to the millisecond) keep the engine's row order, so the tree does not reshuffle between
 *   refreshes and agrees with the trace panel.
 */
import type { SpanRow } from '../../protocol/engine-api';
import { compareSpanTimes } from '../../protocol/span-order';

export interface SpanNode {
  row: SpanRow;
  children: SpanNode[];
  /** True when the span has a parent id but that parent is not in the trace. */
  orphan: boolean;
}

export function buildSpanTree(rows: readonly SpanRow[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  const position = new Map<SpanNode, number>();
  for (const row of rows) {
    if (nodes.has(row.spanId)) continue;
    const node: SpanNode = { row, children: [], orphan: false };
    nodes.set(row.spanId, node);
    position.set(node, position.size);
  }
  const roots: SpanNode[] = [];
  const attachedParent = new Map<SpanNode, SpanNode>();
  for (const node of nodes.values()) {
    const parentId = node.row.parentSpanId;
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (!parent || createsCycle(node, parent, attachedParent)) {
      node.orphan = Boolean(parentId) && !parent;
      roots.push(node);
    } else {
      parent.children.push(node);
      attachedParent.set(node, parent);
    }
  }
  const order = (a: SpanNode, b: SpanNode) => compareSpanTimes(a.row, b.row) || position.get(a)! - position.get(b)!;
  const sortDeep = (list: SpanNode[]) => {
    list.sort(order);
    // Iterative to survive pathologically deep traces without blowing the stack.
    const stack = [...list];
    while (stack.length) {
      const n = stack.pop()!;
      n.children.sort(order);
      stack.push(...n.children);
    }
  };
  sortDeep(roots);
  return roots;
}

/**
 * Would attaching `node` under `parent` close a loop? Walks the links made so far, which never
 * contain a loop themselves, so the walk ends.
 */
function createsCycle(node: SpanNode, parent: SpanNode, attachedParent: Map<SpanNode, SpanNode>): boolean {
  for (let current: SpanNode | undefined = parent; current; current = attachedParent.get(current)) {
    if (current === node) return true;
  }
  return false;
}
