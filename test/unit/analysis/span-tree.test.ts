/**
 * The one span tree (src/analysis/span-tree.ts): pre-order rows with depths, and the rules for
 * malformed telemetry. Expected shapes are worked out by hand from the spans each test builds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpanTree, spansInStartOrder, type SpanTree, type TreeSpan } from '../../../src/analysis/span-tree';

interface Span extends TreeSpan {
  name: string;
}
function span(spanId: string, parentSpanId: string | null, startTimeUnixMs: number, durationMs = 1, name = spanId): Span {
  return { spanId, parentSpanId, startTimeUnixMs, durationMs, name };
}
/** "name@depth" in pre-order. */
const outline = (tree: SpanTree<Span>) => tree.rows.map((r) => `${r.span.name}@${r.depth}`);

test('pre-order rows with depths, parents, subtree ends and sibling positions, whatever the arrival order', () => {
  const tree = buildSpanTree([span('c', 'a', 30), span('a', null, 0, 110), span('b', 'a', 10), span('b1', 'b', 12), span('z', null, 100)]);
  assert.deepEqual(outline(tree), ['a@0', 'b@1', 'b1@2', 'c@1', 'z@0']);
  assert.deepEqual(tree.rows.map((r) => r.parent), [-1, 0, 1, 0, -1]);
  assert.deepEqual(tree.rows.map((r) => r.end), [4, 3, 3, 4, 5]);
  assert.deepEqual(tree.rows.map((r) => `${r.posInSet}/${r.setSize}`), ['1/2', '1/2', '1/1', '2/2', '2/2']);
  assert.deepEqual(tree.rows[0].children, [1, 3]);
  assert.deepEqual(tree.roots, [0, 4]);
  assert.equal(tree.indexById.get('b1'), 2);
  assert.deepEqual([tree.startMs, tree.endMs, tree.maxDepth], [0, 110, 2]);
});

test('sibling ties: equal starts go by end time, then by arrival', () => {
  // Whole-millisecond starts (OTel JS SDK 2.x): the step that ended first ran first.
  const tree = buildSpanTree([span('r', null, 5, 90), span('chat', 'r', 5, 17), span('retrieve', 'r', 5, 0.2), span('b', 'r', 7, 1), span('a', 'r', 7, 1)]);
  assert.deepEqual(outline(tree), ['r@0', 'retrieve@1', 'chat@1', 'b@1', 'a@1']);
});

test('a duplicated span id keeps the first span, once', () => {
  const tree = buildSpanTree([span('x', null, 0, 1, 'first'), span('x', null, 0, 1, 'retry'), span('y', 'x', 1)]);
  assert.deepEqual(outline(tree), ['first@0', 'y@1']);
});

test('a span whose parent is not in the trace is a root marked orphan, with its own children below it', () => {
  const tree = buildSpanTree([span('root', null, 0), span('lost', 'ffffffffffffffff', 1), span('child', 'lost', 2)]);
  assert.deepEqual(outline(tree), ['root@0', 'lost@0', 'child@1']);
  assert.deepEqual(tree.rows.map((r) => r.orphan), [false, true, false]);
  assert.deepEqual(tree.rows.map((r) => r.loopCut), [false, false, false]);
});

test('parent loops are cut at their earliest span, which becomes a root; every span is shown once', () => {
  const tree = buildSpanTree([
    span('root', null, 0),
    span('self', 'self', 3), // its own parent
    span('b', 'a', 9), // a → b → a, with c hanging off b
    span('a', 'b', 8),
    span('c', 'b', 10),
  ]);
  // Roots in start order: root (0), self (3), a (8, the earlier of the loop a ↔ b).
  assert.deepEqual(outline(tree), ['root@0', 'self@0', 'a@0', 'b@1', 'c@2']);
  assert.deepEqual(tree.rows.map((r) => r.loopCut), [false, true, true, false, false]);
  assert.ok(tree.rows.every((r) => !r.orphan), 'a cut loop is not a missing parent');
});

test('a loop cut is at a loop member, not at a span hanging off the loop that started earlier', () => {
  // t (start 1) hangs off the loop p ↔ q (starts 5, 6): p is cut, t stays under q.
  const tree = buildSpanTree([span('t', 'q', 1), span('p', 'q', 5), span('q', 'p', 6)]);
  assert.deepEqual(outline(tree), ['p@0', 'q@1', 't@2']);
});

test('an empty trace', () => {
  assert.deepEqual(buildSpanTree([]), { rows: [], roots: [], indexById: new Map(), startMs: 0, endMs: 0, maxDepth: 0 });
});

test('a 10,000-deep chain: every depth, one subtree, no stack overflow', () => {
  const n = 10_000;
  // Arrival in reverse (children first), so nothing is found by luck of the input order.
  const spans = Array.from({ length: n }, (_, i) => span(`s${n - 1 - i}`, n - 1 - i === 0 ? null : `s${n - 2 - i}`, n - 1 - i));
  const tree = buildSpanTree(spans);
  assert.equal(tree.maxDepth, n - 1);
  assert.ok(tree.rows.every((r, i) => r.depth === i && r.span.spanId === `s${i}` && r.end === n));
  const ordered = spansInStartOrder(spans);
  assert.equal(ordered[0].spanId, 's0');
  assert.equal(ordered[n - 1].spanId, `s${n - 1}`);
});

test('a 10,000-long parent loop is cut once and kept whole', () => {
  const n = 10_000;
  const spans = Array.from({ length: n }, (_, i) => span(`s${i}`, `s${(i + n - 1) % n}`, i));
  const tree = buildSpanTree(spans);
  assert.deepEqual(tree.roots, [0]);
  assert.equal(tree.rows[0].span.spanId, 's0');
  assert.equal(tree.maxDepth, n - 1);
});

test('100,000 children of one root keep start order and positions', () => {
  const n = 100_000;
  // Starts interleaved so the arrival order is not the start order.
  const kids = Array.from({ length: n }, (_, i) => span(`k${i}`, 'root', i % 2 === 0 ? i : n + i));
  const tree = buildSpanTree([...kids, span('root', null, -1, 3 * n)]);
  assert.equal(tree.rows.length, n + 1);
  assert.equal(tree.rows[0].children.length, n);
  assert.equal(tree.rows[1].span.spanId, 'k0');
  assert.equal(tree.rows[2].span.spanId, 'k2');
  assert.equal(tree.rows[n / 2 + 1].span.spanId, 'k1', 'odd children start after every even one');
  assert.equal(tree.rows[n].posInSet, n);
  assert.equal(tree.rows[0].end, n + 1);
});

test('start order of a whole trace: by start, a parent before its child on an equal start, then end, then arrival', () => {
  const spans = [
    span('child', 'parent', 10, 1), // same start as its parent, ends first: still after the parent
    span('parent', 'root', 10, 5),
    span('root', null, 0, 20),
    span('late-b', 'root', 15, 2),
    span('late-a', 'root', 15, 2),
    span('early-end', 'root', 15, 1),
  ];
  assert.deepEqual(spansInStartOrder(spans).map((s) => s.spanId), ['root', 'parent', 'child', 'early-end', 'late-b', 'late-a']);
});

test('start order ranks equal starts by the depth the tree gives, with duplicates, orphans and loops', () => {
  // Many spans on few start times, so the depth decides most ties; parents drawn at random
  // (seeded), some missing, some repeated ids, some pointing at a later span (loops).
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 40; round++) {
    const n = 20 + random(200);
    const spans = Array.from({ length: n }, (_, i) => {
      const r = random(10);
      const parent = r === 0 ? null : r === 1 ? 'gone' : `s${random(n)}`;
      return span(`s${r === 2 ? random(n) : i}`, parent, random(4), random(3));
    });
    const tree = buildSpanTree(spans);
    const depthOf = (s: Span): number => tree.rows[tree.indexById.get(s.spanId)!].depth;
    // The rule as the tree states it: start, depth, end, arrival.
    const expected = spans.map((s, arrival) => ({ s, arrival })).sort((a, b) =>
      a.s.startTimeUnixMs - b.s.startTimeUnixMs || depthOf(a.s) - depthOf(b.s) ||
      (a.s.startTimeUnixMs + a.s.durationMs) - (b.s.startTimeUnixMs + b.s.durationMs) || a.arrival - b.arrival).map((k) => k.s);
    assert.deepEqual(spansInStartOrder(spans), expected, `round ${round}`);
  }
});
