/** The trace panel's tree model (webview/trace/model/span-tree.ts): pure, so tested in Node. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ancestorIds, buildSpanTree, collapsedBeyondDepth, visibleRows } from '../../../webview/trace/model/span-tree';
import type { SpanRow } from '../../../src/protocol/engine-api';

const id = (n: number) => n.toString(16).padStart(16, '0');
function row(n: number, parent: number | null, start: number, extra: Partial<SpanRow> = {}): SpanRow {
  return { spanId: id(n), parentSpanId: parent === null ? null : id(parent), name: `s${n}`, kind: 'other', status: 'ok', startTimeUnixMs: start, durationMs: 10, service: 'svc', ...extra };
}
const names = (tree: ReturnType<typeof buildSpanTree>, indices: number[]) => indices.map((i) => tree.nodes[i].row.name);
const none = { kinds: new Set<string>(), errorsOnly: false };

test('pre-order with children by start time, depths, subtree ends and sibling positions', () => {
  const tree = buildSpanTree([row(3, 1, 30), row(1, null, 0), row(2, 1, 10), row(4, 2, 12), row(5, null, 100)]);
  assert.deepEqual(tree.nodes.map((n) => `${n.row.name}@${n.depth}`), ['s1@0', 's2@1', 's4@2', 's3@1', 's5@0']);
  assert.deepEqual(tree.nodes.map((n) => n.end), [4, 3, 3, 4, 5]);
  assert.deepEqual(tree.nodes.map((n) => `${n.posInSet}/${n.setSize}`), ['1/2', '1/2', '1/1', '2/2', '2/2']);
  assert.equal(tree.startMs, 0);
  assert.equal(tree.endMs, 110);
  assert.deepEqual(ancestorIds(tree, 2), [id(2), id(1)]);
});

test('malformed trees: missing parents, self-parents, duplicates and cycles lose no span', () => {
  const rows = [
    row(1, null, 0),
    row(2, 99, 5), // parent never arrived
    row(3, 3, 6), // its own parent
    row(4, 1, 7, { name: 'old' }),
    row(4, 1, 7, { name: 'retried' }), // duplicate id: the last wins
    row(5, 6, 8), // 5 ↔ 6: a cycle, unreachable from any root
    row(6, 5, 9),
  ];
  const tree = buildSpanTree(rows);
  assert.equal(tree.nodes.length, 6);
  assert.ok(tree.nodes.find((n) => n.row.spanId === id(2))!.orphan, 'a missing parent is marked');
  assert.equal(tree.nodes.find((n) => n.row.spanId === id(3))!.depth, 0);
  assert.equal(tree.nodes.find((n) => n.row.spanId === id(4))!.row.name, 'retried');
  const five = tree.nodes.find((n) => n.row.spanId === id(5))!;
  const six = tree.nodes.find((n) => n.row.spanId === id(6))!;
  assert.equal(five.depth, 0, 'the earliest span of the cycle becomes a root');
  assert.equal(six.depth, 1);
});

test('a 20,000-deep chain builds without overflowing the stack', () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => row(i + 1, i === 0 ? null : i, i));
  const tree = buildSpanTree(rows);
  assert.equal(tree.maxDepth, 19_999);
  assert.equal(tree.nodes[0].end, 20_000);
});

test('visible rows: collapsed subtrees are skipped; filters keep matching rows and their ancestors', () => {
  const tree = buildSpanTree([
    row(1, null, 0, { kind: 'agent' }),
    row(2, 1, 1, { kind: 'llm' }),
    row(3, 1, 2, { kind: 'tool' }),
    row(4, 3, 3, { kind: 'other', status: 'error' }),
    row(5, 1, 4, { kind: 'llm' }),
  ]);
  assert.deepEqual(names(tree, visibleRows(tree, new Set(), none).indices), ['s1', 's2', 's3', 's4', 's5']);
  assert.deepEqual(names(tree, visibleRows(tree, new Set([id(3)]), none).indices), ['s1', 's2', 's3', 's5']);
  assert.deepEqual(names(tree, visibleRows(tree, new Set([id(1)]), none).indices), ['s1']);
  const llm = visibleRows(tree, new Set(), { kinds: new Set(['llm']), errorsOnly: false });
  assert.deepEqual(names(tree, llm.indices), ['s1', 's2', 's5']);
  assert.deepEqual(llm.indices.map((i) => llm.matched![i]), [0, 1, 1], 'the agent is context, not a match');
  const errors = visibleRows(tree, new Set(), { kinds: new Set(), errorsOnly: true });
  assert.deepEqual(names(tree, errors.indices), ['s1', 's3', 's4']);
  assert.deepEqual(collapsedBeyondDepth(tree, 1), new Set([id(3)]));
  assert.deepEqual(collapsedBeyondDepth(tree, 0), new Set([id(1), id(3)]));
});
