/** What the trace panel draws of the span tree (webview/trace/model/visible-rows.ts): pure, so tested in Node. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpanTree } from '../../../src/analysis/span-tree';
import { ancestorIds, collapsedBeyondDepth, visibleRows, type PanelTree } from '../../../webview/trace/model/visible-rows';
import type { SpanRow } from '../../../src/protocol/engine-api';

const id = (n: number) => n.toString(16).padStart(16, '0');
function row(n: number, parent: number | null, start: number, extra: Partial<SpanRow> = {}): SpanRow {
  return { spanId: id(n), parentSpanId: parent === null ? null : id(parent), name: `s${n}`, kind: 'other', status: 'ok', startTimeUnixMs: start, durationMs: 10, service: 'svc', ...extra };
}
const names = (tree: PanelTree, indices: number[]) => indices.map((i) => tree.rows[i].span.name);
const none = { kinds: new Set<string>(), errorsOnly: false };

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
  assert.deepEqual(ancestorIds(tree, tree.indexById.get(id(4))!), [id(3), id(1)], 'nearest ancestor first');
});
