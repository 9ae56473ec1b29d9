/**
 * Aligns the children of two matched steps: a sequence alignment (the best total similarity with
 * the order kept, so an extra or missing step is a gap, not a shift of every later match), then
 * steps left over on both sides matched out of order (parallel tool calls finish in any order).
 *
 * Fast on long runs: equal steps at both ends are matched first; what is left is searched in full
 * (n·m similarity cells) when small, else matched by key in order (the `diff` package's Myers diff,
 * linear when the runs are alike) with only the changed stretches searched in full.
 */
import { diffArrays } from 'diff';
import { contentSimilarity, sameStep, similarity } from './step-similarity';
import type { StepPrint } from './step-print';

/** One aligned sibling position: indices into the two lists, -1 where a run has no such step. */
export interface SiblingMatch {
  a: number;
  b: number;
}

/** Largest n·m searched in full (a few milliseconds). */
const FULL_SEARCH_CELLS = 250_000;
/** Beyond this many differing keys, Myers gives up and steps are paired by key in order. */
const MAX_KEY_EDITS = 4_000;
/** Content this alike lets leftover steps match out of order. */
const OUT_OF_ORDER_MIN = 0.8;

export function alignSiblings(as: readonly StepPrint[], bs: readonly StepPrint[]): SiblingMatch[] {
  const matchOfA = new Int32Array(as.length).fill(-1);
  let start = 0;
  while (start < as.length && start < bs.length && sameStep(as[start], bs[start])) {
    matchOfA[start] = start;
    start++;
  }
  let endA = as.length;
  let endB = bs.length;
  while (endA > start && endB > start && sameStep(as[endA - 1], bs[endB - 1])) matchOfA[--endA] = --endB;
  alignRange(as, bs, { a0: start, a1: endA, b0: start, b1: endB }, matchOfA, true);
  matchOutOfOrder(as, bs, matchOfA);
  return mergeInOrder(as.length, bs.length, matchOfA);
}

interface Range {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

function alignRange(as: readonly StepPrint[], bs: readonly StepPrint[], r: Range, matchOfA: Int32Array, mayUseKeys: boolean): void {
  const n = r.a1 - r.a0;
  const m = r.b1 - r.b0;
  if (n === 0 || m === 0) return;
  if (n * m <= FULL_SEARCH_CELLS) searchInFull(as, bs, r, matchOfA);
  else if (mayUseKeys) alignByKeys(as, bs, r, matchOfA);
  else pairByKey(as, bs, r, matchOfA);
}

/** The maximum-score alignment (Needleman–Wunsch with gaps costing nothing and only allowed matches). */
function searchInFull(as: readonly StepPrint[], bs: readonly StepPrint[], r: Range, matchOfA: Int32Array): void {
  const n = r.a1 - r.a0;
  const m = r.b1 - r.b0;
  const width = m + 1;
  const best = new Float64Array((n + 1) * width);
  const cell = new Float64Array(n * m);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const score = similarity(as[r.a0 + i - 1], bs[r.b0 + j - 1]);
      cell[(i - 1) * m + j - 1] = score ?? -1;
      let value = Math.max(best[(i - 1) * width + j], best[i * width + j - 1]);
      if (score !== null) value = Math.max(value, best[(i - 1) * width + j - 1] + score);
      best[i * width + j] = value;
    }
  }
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const score = cell[(i - 1) * m + j - 1];
    if (score >= 0 && best[i * width + j] === best[(i - 1) * width + j - 1] + score) {
      matchOfA[r.a0 + i - 1] = r.b0 + j - 1;
      i--;
      j--;
    } else if (best[i * width + j] === best[(i - 1) * width + j]) i--;
    else j--;
  }
}

/** Keys matched in order by Myers' diff; each stretch where they differ is aligned on its own. */
function alignByKeys(as: readonly StepPrint[], bs: readonly StepPrint[], r: Range, matchOfA: Int32Array): void {
  const keysA = as.slice(r.a0, r.a1).map((s) => s.key);
  const keysB = bs.slice(r.b0, r.b1).map((s) => s.key);
  const changes = diffArrays(keysA, keysB, { maxEditLength: MAX_KEY_EDITS });
  if (!changes) return pairByKey(as, bs, r, matchOfA);
  let a = r.a0;
  let b = r.b0;
  let hunk: Range | null = null;
  const closeHunk = () => {
    if (hunk) alignRange(as, bs, { ...hunk, a1: a, b1: b }, matchOfA, false);
    hunk = null;
  };
  for (const change of changes) {
    const count = change.count ?? change.value.length;
    if (!change.added && !change.removed) {
      closeHunk();
      for (let k = 0; k < count; k++) matchOfA[a + k] = b + k;
      a += count;
      b += count;
      continue;
    }
    hunk ??= { a0: a, a1: a, b0: b, b1: b };
    if (change.removed) a += count;
    else b += count;
  }
  closeHunk();
}

/** Last resort for huge, very different lists: the k-th step of a key in A with the k-th in B. */
function pairByKey(as: readonly StepPrint[], bs: readonly StepPrint[], r: Range, matchOfA: Int32Array): void {
  const queues = new Map<string, number[]>();
  for (let j = r.b0; j < r.b1; j++) {
    const queue = queues.get(bs[j].key);
    if (queue) queue.push(j);
    else queues.set(bs[j].key, [j]);
  }
  const taken = new Map<string, number>();
  for (let i = r.a0; i < r.a1; i++) {
    const queue = queues.get(as[i].key);
    const k = taken.get(as[i].key) ?? 0;
    if (!queue || k >= queue.length || similarity(as[i], bs[queue[k]]) === null) continue;
    matchOfA[i] = queue[k];
    taken.set(as[i].key, k + 1);
  }
}

/**
 * Leftover steps with the same key are matched across the order when their content is alike, or
 * when each is the only leftover of its key on its side (a parallel call that finished elsewhere).
 */
function matchOutOfOrder(as: readonly StepPrint[], bs: readonly StepPrint[], matchOfA: Int32Array): void {
  const matchedB = new Uint8Array(bs.length);
  for (const j of matchOfA) if (j >= 0) matchedB[j] = 1;
  const leftB = new Map<string, number[]>();
  for (let j = 0; j < bs.length; j++) if (!matchedB[j]) (leftB.get(bs[j].key) ?? leftB.set(bs[j].key, []).get(bs[j].key)!).push(j);
  if (leftB.size === 0) return;
  const leftA = new Map<string, number[]>();
  for (let i = 0; i < as.length; i++) if (matchOfA[i] < 0) (leftA.get(as[i].key) ?? leftA.set(as[i].key, []).get(as[i].key)!).push(i);
  for (const [key, listA] of leftA) {
    const listB = leftB.get(key);
    if (!listB) continue;
    if (listA.length === 1 && listB.length === 1) {
      if (similarity(as[listA[0]], bs[listB[0]]) !== null) matchOfA[listA[0]] = listB[0];
      continue;
    }
    for (const i of listA) {
      let bestAt = -1;
      let bestScore = OUT_OF_ORDER_MIN;
      // Bounded: thousands of leftovers of one key are not worth a quadratic search.
      for (let k = 0; k < listB.length && k < 64; k++) {
        const score = contentSimilarity(as[i], bs[listB[k]]) ?? 0;
        if (score >= bestScore) {
          bestScore = score;
          bestAt = k;
        }
      }
      if (bestAt >= 0) matchOfA[i] = listB.splice(bestAt, 1)[0];
    }
  }
}

/** The aligned positions in run B's order, each step only in A placed before the B steps of its gap. */
function mergeInOrder(countA: number, countB: number, matchOfA: Int32Array): SiblingMatch[] {
  const matchOfB = new Int32Array(countB).fill(-1);
  matchOfA.forEach((j, i) => {
    if (j >= 0) matchOfB[j] = i;
  });
  // For each B position, the A index of the next matched pair: A-only steps before it come first.
  const frontier = new Int32Array(countB + 1);
  frontier[countB] = countA;
  for (let j = countB - 1; j >= 0; j--) frontier[j] = matchOfB[j] >= 0 ? matchOfB[j] : frontier[j + 1];
  const out: SiblingMatch[] = [];
  let nextA = 0;
  const flushA = (until: number) => {
    for (; nextA < until; nextA++) if (matchOfA[nextA] < 0) out.push({ a: nextA, b: -1 });
  };
  for (let j = 0; j < countB; j++) {
    flushA(frontier[j]);
    out.push({ a: matchOfB[j], b: j });
  }
  flushA(countA);
  return out;
}
