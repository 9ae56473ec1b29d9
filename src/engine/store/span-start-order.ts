/**
 * The start order of a trace's spans as the store lists them (span rows, Trace JSON, OTLP export).
 * The rule lives in src/analysis/span-tree.ts (`spansInStartOrder`: by start, a parent before its
 * children on an equal start, then by end, then by arrival); this adapter supplies the store's
 * arrival order, its last tie-break, and finds the same order faster for what the store holds.
 *
 * A 50,000-span trace was ordered by two comparator sorts over objects (arrival, then start order):
 * about 130 ms. Here the arrival order is one numeric sort of packed keys, each span's depth one walk
 * over typed arrays, and spans that arrived in start order (as they mostly do) are only checked, in
 * one pass; otherwise indices are sorted by the same rule reading typed arrays. A trace the fast
 * path cannot take exactly as the rule would (a duplicated span id, a parent loop, a time that is
 * not finite, arrivals too large to pack) is ordered by `spansInStartOrder` itself.
 */
import { AT_ONCE, pauseDue, type Slices, toEnd } from '../../analysis/sliced-work';
import { spansInStartOrder, type TreeSpan } from '../../analysis/span-tree';
import type { DecodedSpan } from '../model';
import type { StoredSpan } from './stored-spans';

/** What ordering needs of a stored span or row. */
export interface Orderable extends TreeSpan {
  /** Arrival order in the store (the row id). */
  arrival: number;
}

export function inStartOrder<T extends Orderable>(spans: readonly T[]): T[] {
  return toEnd(inStartOrderSteps(spans, AT_ONCE));
}

/**
 * inStartOrder a piece at a time, pausing whenever `slices` says so (a big trace's build must not
 * stop the engine's thread). The arrival sort (one native sort of numbers) and a trace left to the
 * rule itself (see above) are not cut.
 */
export function* inStartOrderSteps<T extends Orderable>(spans: readonly T[], slices: Slices): Generator<void, T[]> {
  const byArrival = inArrivalOrder(spans);
  if (slices.due()) { yield; slices.restart(); }
  return (yield* fastStartOrder(byArrival, slices)) ?? spansInStartOrder(byArrival);
}

/**
 * The spans by arrival, ties kept in input order (a stable sort): each key packs the arrival and the
 * input position into one exact double, sorted natively. Arrivals that do not pack (not whole,
 * negative, or too large) are sorted with a comparator.
 */
function inArrivalOrder<T extends Orderable>(spans: readonly T[]): T[] {
  const n = spans.length;
  let scale = 1;
  while (scale < n) scale *= 2;
  const keys = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const arrival = spans[i].arrival;
    if (!Number.isSafeInteger(arrival) || arrival < 0 || arrival * scale + scale > Number.MAX_SAFE_INTEGER) {
      return [...spans].sort((a, b) => a.arrival - b.arrival);
    }
    keys[i] = arrival * scale + i;
    if (i > 0 && keys[i] < keys[i - 1]) sorted = false;
  }
  if (sorted) return spans.slice();
  keys.sort();
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = spans[keys[i] % scale];
  return out;
}

/**
 * spansInStartOrder of spans in arrival order, when every span id is distinct and no parent chain
 * loops (then each span's depth is its distance from its topmost ancestor in the trace); null
 * otherwise.
 */
function* fastStartOrder<T extends Orderable>(spans: readonly T[], slices: Slices): Generator<void, T[] | null> {
  const n = spans.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const before = indexOf.size;
    indexOf.set(spans[i].spanId, i);
    if (indexOf.size === before) return null;
    if (pauseDue(i, slices)) { yield; slices.restart(); }
  }
  const parentOf = new Int32Array(n);
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const span = spans[i];
    parentOf[i] = span.parentSpanId ? indexOf.get(span.parentSpanId) ?? -1 : -1;
    start[i] = span.startTimeUnixMs;
    end[i] = span.startTimeUnixMs + span.durationMs;
    // A time that is not a finite number compares as "equal" to everything: no total order to check.
    if (!Number.isFinite(end[i]) || !Number.isFinite(start[i])) return null;
    if (pauseDue(i, slices)) { yield; slices.restart(); }
  }
  const depths = depthsWithoutLoops(parentOf);
  if (!depths) return null;
  const before = (a: number, b: number): number =>
    start[a] - start[b] || depths[a] - depths[b] || end[a] - end[b] || a - b;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Spans that arrived in start order are only checked (the merge finds one run and stops).
  const sorted = yield* mergeSorted(order, before, slices);
  if (!sorted) return spans.slice();
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) {
    out[i] = spans[sorted[i]];
    if (pauseDue(i, slices)) { yield; slices.restart(); }
  }
  return out;
}

/**
 * `order` sorted by `before` (a total order: no two differ by 0) in passes that merge runs already
 * in order, so it can pause anywhere: what arrived mostly in start order (a root exported after its
 * children) is one or two runs, merged in one linear pass. Null when `order` is one run (sorted).
 */
function* mergeSorted(order: Int32Array, before: (a: number, b: number) => number, slices: Slices): Generator<void, Int32Array | null> {
  const n = order.length;
  // Where each run starts, and n.
  let runs: number[] = [0];
  for (let i = 1; i < n; i++) {
    if (before(order[i - 1], order[i]) > 0) runs.push(i);
    if (pauseDue(i, slices)) { yield; slices.restart(); }
  }
  runs.push(n);
  if (runs.length <= 2) return null;
  let from: Int32Array = order;
  let to: Int32Array = new Int32Array(n);
  let moved = 0;
  while (runs.length > 2) {
    const merged: number[] = [];
    for (let r = 0; r < runs.length - 1; r += 2) {
      const lo = runs[r];
      const mid = runs[r + 1];
      const hi = runs[Math.min(r + 2, runs.length - 1)];
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        to[k] = i < mid && (j >= hi || before(from[i], from[j]) < 0) ? from[i++] : from[j++];
        if (pauseDue(moved++, slices)) { yield; slices.restart(); }
      }
      merged.push(lo);
    }
    merged.push(n);
    runs = merged;
    [from, to] = [to, from];
  }
  return from;
}

/** Each span's depth (roots 0), each found once from its nearest known ancestor; null on a loop. */
export function depthsWithoutLoops(parentOf: Int32Array): Int32Array | null {
  const n = parentOf.length;
  const UNKNOWN = -1, ON_PATH = -2;
  const depths = new Int32Array(n).fill(UNKNOWN);
  const path: number[] = [];
  for (let i = 0; i < n; i++) {
    let at = i;
    while (at >= 0 && depths[at] === UNKNOWN) {
      depths[at] = ON_PATH;
      path.push(at);
      at = parentOf[at];
    }
    if (at >= 0 && depths[at] === ON_PATH) return null;
    let depth = at < 0 ? -1 : depths[at];
    while (path.length > 0) depths[path.pop()!] = ++depth;
  }
  return depths;
}

/** Stored spans in start order, by the row's times (a backwards end is clamped, as in the rows). */
export function storedInStartOrder(stored: readonly StoredSpan[]): DecodedSpan[] {
  const orderable = stored.map((s) => ({
    spanId: s.span.spanId, parentSpanId: s.span.parentSpanId, startTimeUnixMs: s.span.startTimeUnixMs,
    durationMs: Math.max(0, s.span.endTimeUnixMs - s.span.startTimeUnixMs), arrival: s.arrival, span: s.span,
  }));
  return inStartOrder(orderable).map((s) => s.span);
}
