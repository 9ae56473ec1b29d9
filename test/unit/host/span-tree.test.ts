import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpanRow } from '../../../src/protocol/engine-api';
import { buildSpanTree, type SpanNode } from '../../../src/host/traces/span-tree';

let t = 0;
function row(spanId: string, parentSpanId: string | null, extra: Partial<SpanRow> = {}): SpanRow {
  return { spanId, parentSpanId, name: spanId, kind: 'other', status: 'unset', startTimeUnixMs: 1000 + t++, durationMs: 1, service: 's', ...extra };
}
const shape = (nodes: SpanNode[]): unknown => nodes.map((n) => (n.children.length ? { [n.row.spanId]: shape(n.children) } : n.row.spanId));

test('children nest under parents in start order, whatever the arrival order', () => {
  t = 0;
  const root = row('root', null);
  const a = row('a', 'root');
  const b = row('b', 'root');
  const a1 = row('a1', 'a');
  assert.deepEqual(shape(buildSpanTree([a1, b, root, a])), [{ root: [{ a: ['a1'] }, 'b'] }]);
});

test('equal start times: the sibling that ended first comes first (whole-millisecond SDK start times)', () => {
  const rows = [
    row('r', null, { startTimeUnixMs: 5, durationMs: 90 }),
    row('chat', 'r', { startTimeUnixMs: 5, durationMs: 17 }),
    row('retrieve', 'r', { startTimeUnixMs: 5, durationMs: 0.2 }),
  ];
  assert.deepEqual(shape(buildSpanTree(rows)), [{ r: ['retrieve', 'chat'] }]);
});

test('equal start and end times keep the order the engine gave', () => {
  const rows = ['r', 'b', 'a', 'c'].map((id) => row(id, id === 'r' ? null : 'r', { startTimeUnixMs: 5 }));
  assert.deepEqual(shape(buildSpanTree(rows)), [{ r: ['b', 'a', 'c'] }]);
});

test('a span whose parent never arrived is an orphan under the trace', () => {
  t = 0;
  const tree = buildSpanTree([row('root', null), row('lost', 'ffffffffffffffff'), row('child', 'lost')]);
  assert.deepEqual(shape(tree), ['root', { lost: ['child'] }]);
  assert.equal(tree[1]!.orphan, true);
  assert.equal(tree[0]!.orphan, false);
});

test('duplicate span ids keep the first row; every span appears once', () => {
  t = 0;
  const first = row('x', null, { name: 'first' });
  const tree = buildSpanTree([first, row('x', null, { name: 'retry' }), row('y', 'x')]);
  assert.equal(tree.length, 1);
  assert.equal(tree[0]!.row.name, 'first');
  assert.equal(tree[0]!.children.length, 1);
});

test('a parent loop is cut so every span is still shown exactly once', () => {
  t = 0;
  const tree = buildSpanTree([row('a', 'b'), row('b', 'a'), row('self', 'self')]);
  const seen: string[] = [];
  const walk = (nodes: SpanNode[]) => nodes.forEach((n) => { seen.push(n.row.spanId); walk(n.children); });
  walk(tree);
  assert.deepEqual(seen.sort(), ['a', 'b', 'self']);
});

test('a very deep trace does not overflow the stack', () => {
  t = 0;
  const rows = [row('s0', null)];
  for (let i = 1; i < 20_000; i++) rows.push(row(`s${i}`, `s${i - 1}`));
  const tree = buildSpanTree(rows.reverse());
  let depth = 0;
  for (let n: SpanNode | undefined = tree[0]; n; n = n.children[0]) depth++;
  assert.equal(depth, 20_000);
});
