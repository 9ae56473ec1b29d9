/**
 * A trace's spans → its tree, flattened in pre-order with depths: the one span tree behind the
 * Traces view, the trace panel, the span rows and Trace JSON order, and the comparison of runs.
 * Pure, linear apart from sorting siblings, and iterative: a 10,000-deep chain must not overflow
 * the stack, nor cost a walk up to the root per span.
 *
 * Telemetry arrives incomplete and sometimes wrong; every span is still shown exactly once:
 * - a duplicated span id (an exporter retried a batch) keeps the first span, as the store does;
 * - a span whose parent is not in the trace (not arrived yet, evicted, dropped by a sampler, or in
 *   a process that does not export here) is a root, marked `orphan`;
 * - a parent chain that loops (a corrupt parent id; a span that is its own parent) is cut at the
 *   loop's earliest span in sibling order, which becomes a root marked `loopCut`; the rest of the
 *   loop hangs below it;
 * - siblings (roots included) are ordered by `compareSpanTimes` (start, then end), then by arrival,
 *   the order of the input, so the tree does not reshuffle between refreshes.
 */
import { compareSpanTimes } from './span-order';

/** What the tree needs of a span: Trace JSON spans and the engine's span rows both have it. */
export interface TreeSpan {
  spanId: string;
  parentSpanId: string | null;
  startTimeUnixMs: number;
  durationMs: number;
}

export interface SpanTreeRow<S extends TreeSpan> {
  span: S;
  /** 0 for roots. */
  depth: number;
  /** Pre-order index of the parent row, -1 for roots. */
  parent: number;
  /** Pre-order indices of the children, in sibling order. */
  children: number[];
  /** Pre-order index one past the last descendant: the subtree is rows [index, end). */
  end: number;
  /** 1-based position among its siblings, and their count (for ARIA). */
  posInSet: number;
  setSize: number;
  /** The span names a parent that is not in the trace. */
  orphan: boolean;
  /** The span's parent chain looped back to it; the loop was cut here. */
  loopCut: boolean;
}

export interface SpanTree<S extends TreeSpan> {
  /** Every distinct span once, in pre-order. */
  rows: SpanTreeRow<S>[];
  /** Pre-order indices of the roots. */
  roots: number[];
  indexById: Map<string, number>;
  /** Earliest start and latest end over all spans (0 and 0 when there are none). */
  startMs: number;
  endMs: number;
  maxDepth: number;
}

/** Builds the span tree; `spans` in arrival order (the last tie-break). */
export function buildSpanTree<S extends TreeSpan>(spans: readonly S[]): SpanTree<S> {
  const unique = uniqueSpans(spans);
  const parentOf = parentIndices(unique);
  const loopCut = cutLoops(unique, parentOf);
  const bySiblingOrder = (a: number, b: number) => compareSpanTimes(unique[a], unique[b]) || a - b;
  const childLists: number[][] = unique.map(() => []);
  const rootList: number[] = [];
  for (let i = 0; i < unique.length; i++) (parentOf[i] < 0 ? rootList : childLists[parentOf[i]]).push(i);
  rootList.sort(bySiblingOrder);

  const rows: SpanTreeRow<S>[] = [];
  const roots: number[] = [];
  const indexById = new Map<string, number>();
  // Explicit stack of [span, parent row, position, set size], pushed in reverse so pops come in order.
  const stack: Array<[number, number, number, number]> = [];
  const pushSiblings = (list: number[], parentRow: number) => {
    for (let k = list.length - 1; k >= 0; k--) stack.push([list[k], parentRow, k + 1, list.length]);
  };
  pushSiblings(rootList, -1);
  let maxDepth = 0;
  while (stack.length > 0) {
    const [i, parent, posInSet, setSize] = stack.pop()!;
    const span = unique[i];
    const index = rows.length;
    const depth = parent < 0 ? 0 : rows[parent].depth + 1;
    if (depth > maxDepth) maxDepth = depth;
    const orphan = parent < 0 && !loopCut[i] && span.parentSpanId !== null && span.parentSpanId !== '';
    rows.push({ span, depth, parent, children: [], end: index + 1, posInSet, setSize, orphan, loopCut: loopCut[i] });
    indexById.set(span.spanId, index);
    if (parent < 0) roots.push(index);
    else rows[parent].children.push(index);
    const kids = childLists[i];
    if (kids.length > 1) kids.sort(bySiblingOrder);
    pushSiblings(kids, index);
  }
  // Subtree ends, children before parents: a row's subtree ends where its last descendant's does.
  for (let index = rows.length - 1; index >= 0; index--) {
    const parent = rows[index].parent;
    if (parent >= 0 && rows[index].end > rows[parent].end) rows[parent].end = rows[index].end;
  }
  const { startMs, endMs } = timeRange(unique);
  return { rows, roots, indexById, startMs, endMs, maxDepth };
}

/**
 * A trace's spans in start order, flat: by start time, a parent before its children on an equal
 * start, then by end time, then by arrival. The span rows, the Trace JSON and the OTLP export list
 * spans this way. Duplicated ids are kept (the store has none; the order is total anyway).
 */
export function spansInStartOrder<S extends TreeSpan>(spans: readonly S[]): S[] {
  const { indexOf, depths } = spanDepths(spans);
  // A duplicate that lost to the first copy sorts at that copy's depth.
  const keyed = spans.map((span, arrival) => ({ span, arrival, depth: depths[indexOf.get(span.spanId)!] }));
  keyed.sort((a, b) =>
    a.span.startTimeUnixMs - b.span.startTimeUnixMs || a.depth - b.depth ||
    compareSpanTimes(a.span, b.span) || a.arrival - b.arrival);
  return keyed.map((k) => k.span);
}

/**
 * Each distinct span's depth in the tree buildSpanTree builds (the same first copies, parents and
 * cut loops), without building it: no rows, no sorted siblings. Each span's depth is found once,
 * from the nearest ancestor whose depth is known.
 */
function spanDepths(spans: readonly TreeSpan[]): { indexOf: Map<string, number>; depths: Int32Array } {
  const unique = uniqueSpans(spans);
  const indexOf = new Map<string, number>();
  unique.forEach((s, i) => indexOf.set(s.spanId, i));
  const parentOf = parentIndices(unique, indexOf);
  cutLoops(unique, parentOf);
  const UNKNOWN = -1;
  const depths = new Int32Array(unique.length).fill(UNKNOWN);
  const path: number[] = [];
  for (let i = 0; i < unique.length; i++) {
    let at = i;
    while (at >= 0 && depths[at] === UNKNOWN) {
      path.push(at);
      at = parentOf[at];
    }
    let depth = at < 0 ? -1 : depths[at];
    while (path.length > 0) depths[path.pop()!] = ++depth;
  }
  return { indexOf, depths };
}

function uniqueSpans<S extends TreeSpan>(spans: readonly S[]): S[] {
  const seen = new Set<string>();
  const unique: S[] = [];
  for (const span of spans) {
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    unique.push(span);
  }
  return unique;
}

/** Index of each span's parent, -1 when it has none or the parent is not in the trace. */
function parentIndices(unique: readonly TreeSpan[], indexOf = new Map(unique.map((s, i) => [s.spanId, i]))): Int32Array {
  const parentOf = new Int32Array(unique.length);
  unique.forEach((s, i) => {
    parentOf[i] = s.parentSpanId ? indexOf.get(s.parentSpanId) ?? -1 : -1;
  });
  return parentOf;
}

/**
 * Finds every loop of parent links and cuts it at its earliest span in sibling order (that span's
 * parent is set to -1). Each span is walked once: a walk stops at a span already seen.
 */
function cutLoops(unique: readonly TreeSpan[], parentOf: Int32Array): boolean[] {
  const cut = unique.map(() => false);
  const UNSEEN = 0, ON_PATH = 1, DONE = 2;
  const state = new Uint8Array(unique.length);
  const path: number[] = [];
  for (let start = 0; start < unique.length; start++) {
    if (state[start] !== UNSEEN) continue;
    path.length = 0;
    let at = start;
    while (at >= 0 && state[at] === UNSEEN) {
      state[at] = ON_PATH;
      path.push(at);
      at = parentOf[at];
    }
    if (at >= 0 && state[at] === ON_PATH) {
      // The path closed on itself: the loop is the path from `at` on.
      let earliest = at;
      for (let k = path.indexOf(at) + 1; k < path.length; k++) {
        const i = path[k];
        if ((compareSpanTimes(unique[i], unique[earliest]) || i - earliest) < 0) earliest = i;
      }
      parentOf[earliest] = -1;
      cut[earliest] = true;
    }
    for (const i of path) state[i] = DONE;
  }
  return cut;
}

function timeRange(spans: readonly TreeSpan[]): { startMs: number; endMs: number } {
  if (spans.length === 0) return { startMs: 0, endMs: 0 };
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const s of spans) {
    if (s.startTimeUnixMs < startMs) startMs = s.startTimeUnixMs;
    const end = s.startTimeUnixMs + Math.max(0, s.durationMs);
    if (end > endMs) endMs = end;
  }
  return { startMs, endMs };
}
