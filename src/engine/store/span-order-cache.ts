/**
 * The start order of the last few traces whose span order was read, kept per trace version so a
 * retrieval step selected after the trace grew does not read the whole order again (about 200 ms
 * for 50,000 spans): the spans that arrived since are read alone and merged in.
 *
 * The order is `spansInStartOrder` (by start, then depth, then end, then arrival). Spans that only
 * arrived leave every earlier span's key as it was, and sort after every earlier span with an equal
 * key (they arrived later), so merging them in gives the order a whole read gives, when:
 * - nothing but arrivals changed the trace's rows: as many rows as before plus those arrived (no row
 *   removed: a pending placeholder replaced, a trace evicted and sent again), and no log record
 *   arrived for it (that normalizes a span again, which may change its kind);
 * - no arrived span is already listed or is the parent of a listed span (that changes depths);
 * - the kept order holds no pending placeholder: its real span replaces it under the same id, and
 *   can even take its row id back (the row with the greatest id deleted, then one inserted);
 * - the order has no parent loop and only finite times (the rule's loop cuts are not replayed).
 * Otherwise the whole order is read again. Checked against whole reads in span-order-cache.test.ts.
 */
import type { SpanInOrder, SpanOrderMark } from './span-rows';
import { depthsWithoutLoops } from './span-start-order';

/** Traces whose order is kept (a trace panel reads its rows when it opens, then selects spans). */
const ORDERS_KEPT = 4;

/** What the step read needs of a span: only retrieval and rerank steps and model calls are listed. */
export type OrderedRow = Pick<SpanInOrder, 'spanId' | 'kind' | 'parentSpanId' | 'startTimeUnixMs'>;

export const isStepKind = (kind: string): boolean => kind === 'retrieval' || kind === 'rerank';
const isListed = (kind: string): boolean => isStepKind(kind) || kind === 'llm';

/** Where a trace's order is read from (span-rows.ts through the store). */
export interface OrderSource {
  mark(): SpanOrderMark;
  /** Every span of the trace, in start order. */
  whole(): readonly SpanInOrder[];
  /** The spans stored after the arrival mark, in arrival order. */
  arrivedAfter(arrival: number): Array<SpanInOrder & { arrival: number }>;
}

/** A trace's spans in start order, as columns. */
interface Order {
  version: number;
  mark: SpanOrderMark;
  ids: string[];
  parents: Array<string | null>;
  start: Float64Array;
  end: Float64Array;
  /** The listed spans' rows (steps and model calls), null for the others. */
  listed: Array<OrderedRow | null>;
  /** The listed rows alone, in order. */
  rows: readonly OrderedRow[];
  /** Whether a span is a pending placeholder (see the conditions above). */
  pending: boolean;
  /** Made on the first merge, then carried along: each span's index, depth, and every named parent. */
  index?: { at: Map<string, number>; depth: Int32Array; parentIds: Set<string> };
}

const rowOf = (s: SpanInOrder): OrderedRow => ({ spanId: s.spanId, kind: s.kind, parentSpanId: s.parentSpanId, startTimeUnixMs: s.startTimeUnixMs });

function orderOf(version: number, mark: SpanOrderMark, spans: readonly SpanInOrder[]): Order {
  const n = spans.length;
  const order: Order = {
    version, mark, ids: new Array<string>(n), parents: new Array<string | null>(n),
    start: new Float64Array(n), end: new Float64Array(n), listed: new Array<OrderedRow | null>(n), rows: [], pending: false,
  };
  for (let i = 0; i < n; i++) {
    const s = spans[i];
    if (s.pending) order.pending = true;
    order.ids[i] = s.spanId;
    order.parents[i] = s.parentSpanId;
    order.start[i] = s.startTimeUnixMs;
    order.end[i] = s.startTimeUnixMs + s.durationMs;
    order.listed[i] = isListed(s.kind) ? rowOf(s) : null;
  }
  order.rows = order.listed.filter((r): r is OrderedRow => r !== null);
  return order;
}

/** Each span's index and depth (roots 0) and the parents named; null on a parent loop or a time that is not finite. */
function indexOrder(order: Order): Order['index'] | null {
  const n = order.ids.length;
  const at = new Map<string, number>();
  for (let i = 0; i < n; i++) at.set(order.ids[i], i);
  if (at.size !== n) return null;
  const parentIds = new Set<string>();
  const parentOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const parent = order.parents[i];
    if (parent) parentIds.add(parent);
    parentOf[i] = parent ? at.get(parent) ?? -1 : -1;
    if (!Number.isFinite(order.start[i]) || !Number.isFinite(order.end[i])) return null;
  }
  const depth = depthsWithoutLoops(parentOf);
  if (!depth) return null;
  return { at, depth, parentIds };
}

interface Arrived {
  span: SpanInOrder;
  depth: number;
  end: number;
}

/** The arrived spans with their depths, in start order; null when merging cannot give the whole read's order. */
function arrivedInOrder(index: NonNullable<Order['index']>, spans: ReadonlyArray<SpanInOrder & { arrival: number }>): Arrived[] | null {
  const own = new Map<string, number>();
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (index.at.has(s.spanId) || index.parentIds.has(s.spanId) || own.has(s.spanId)) return null;
    if (!Number.isFinite(s.startTimeUnixMs) || !Number.isFinite(s.durationMs)) return null;
    own.set(s.spanId, i);
  }
  // Each depth found once, walking up through arrived parents to a listed parent (its depth known) or none.
  const UNKNOWN = -1, ON_PATH = -2;
  const depths = new Int32Array(spans.length).fill(UNKNOWN);
  const arrivedParent = (k: number): number => {
    const parent = spans[k].parentSpanId;
    return parent ? own.get(parent) ?? -1 : -1;
  };
  const path: number[] = [];
  for (let i = 0; i < spans.length; i++) {
    let k = i;
    while (k >= 0 && depths[k] === UNKNOWN) {
      depths[k] = ON_PATH;
      path.push(k);
      k = arrivedParent(k);
    }
    if (k >= 0 && depths[k] === ON_PATH) return null; // a loop among the arrived spans
    let depth: number;
    if (k >= 0) depth = depths[k];
    else {
      const parent = spans[path[path.length - 1]].parentSpanId;
      const listed = parent ? index.at.get(parent) : undefined;
      depth = listed === undefined ? -1 : index.depth[listed];
    }
    while (path.length > 0) depths[path.pop()!] = ++depth;
  }
  const out = spans.map((span, i): Arrived => ({ span, depth: depths[i], end: span.startTimeUnixMs + span.durationMs }));
  // Stable: equal keys keep arrival order.
  return out.sort((a, b) => a.span.startTimeUnixMs - b.span.startTimeUnixMs || a.depth - b.depth || a.end - b.end);
}

/** The order with the arrived spans merged in (each after every earlier span of an equal key). */
function merged(order: Order, index: NonNullable<Order['index']>, arrived: readonly Arrived[], version: number, mark: SpanOrderMark): Order {
  const n = order.ids.length + arrived.length;
  const next: Order = {
    version, mark, ids: new Array<string>(n), parents: new Array<string | null>(n),
    start: new Float64Array(n), end: new Float64Array(n), listed: new Array<OrderedRow | null>(n), rows: [],
    pending: arrived.some((a) => a.span.pending === true),
  };
  const depth = new Int32Array(n);
  let i = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    const a = arrived[j];
    const takeOld = i < order.ids.length && (!a ||
      (order.start[i] - a.span.startTimeUnixMs || index.depth[i] - a.depth || order.end[i] - a.end) <= 0);
    if (takeOld) {
      next.ids[k] = order.ids[i];
      next.parents[k] = order.parents[i];
      next.start[k] = order.start[i];
      next.end[k] = order.end[i];
      next.listed[k] = order.listed[i];
      depth[k] = index.depth[i];
      i++;
    } else {
      next.ids[k] = a.span.spanId;
      next.parents[k] = a.span.parentSpanId;
      next.start[k] = a.span.startTimeUnixMs;
      next.end[k] = a.end;
      next.listed[k] = isListed(a.span.kind) ? rowOf(a.span) : null;
      depth[k] = a.depth;
      if (a.span.parentSpanId) index.parentIds.add(a.span.parentSpanId);
      j++;
    }
    index.at.set(next.ids[k], k);
  }
  next.index = { at: index.at, depth, parentIds: index.parentIds };
  next.rows = next.listed.filter((r): r is OrderedRow => r !== null);
  return next;
}

export class SpanOrderCache {
  /** Insertion order is recency order. */
  private readonly entries = new Map<string, Order>();
  /** How each request was answered (for tests and stats). */
  readonly counts = { kept: 0, merged: 0, read: 0 };

  constructor(private readonly maxTraces = ORDERS_KEPT) {}

  /** A trace's order as just read (its span rows, or `whole()`), with the mark read alongside. */
  put(traceId: string, version: number, spans: readonly SpanInOrder[], mark: SpanOrderMark): void {
    this.keep(traceId, orderOf(version, mark, spans));
  }

  /** The trace's steps and model calls in start order at `version`: kept, merged with what arrived since, or read. */
  rows(traceId: string, version: number, source: OrderSource): readonly OrderedRow[] {
    const kept = this.entries.get(traceId);
    if (kept?.version === version) {
      this.counts.kept++;
      this.keep(traceId, kept);
      return kept.rows;
    }
    const mark = source.mark();
    const next = kept && this.advanced(kept, version, mark, source);
    if (next) {
      this.counts.merged++;
      this.keep(traceId, next);
      return next.rows;
    }
    this.counts.read++;
    const order = orderOf(version, mark, source.whole());
    this.keep(traceId, order);
    return order.rows;
  }

  private advanced(order: Order, version: number, mark: SpanOrderMark, source: OrderSource): Order | null {
    if (order.pending || mark.logs !== order.mark.logs || mark.spans < order.ids.length || mark.lastArrival < order.mark.lastArrival) return null;
    const spans = source.arrivedAfter(order.mark.lastArrival);
    if (order.ids.length + spans.length !== mark.spans) return null;
    const index = order.index ?? indexOrder(order);
    if (!index) return null;
    order.index = index;
    const arrived = arrivedInOrder(index, spans);
    // The index moves to the merged order (the old one is replaced by it).
    return arrived && merged(order, index, arrived, version, mark);
  }

  private keep(traceId: string, order: Order): void {
    this.entries.delete(traceId);
    this.entries.set(traceId, order);
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.maxTraces) break;
      this.entries.delete(id);
    }
  }
}
