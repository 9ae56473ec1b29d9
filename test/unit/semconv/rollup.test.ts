import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rollupTrace, type RollupInput } from '../../../src/engine/semconv/rollup';

const span = (spanId: string, parentSpanId: string | null, inputTokens?: number, outputTokens?: number, costUsd?: number): RollupInput => ({
  spanId, parentSpanId, ...(inputTokens !== undefined ? { usage: { inputTokens, outputTokens } } : {}), ...(costUsd !== undefined ? { costUsd } : {}),
});

test('a wrapper that repeats its calls\' usage (agent root, AI SDK outer span) is counted once', () => {
  const r = rollupTrace([span('root', null, 30, 10, 0.3), span('a', 'root', 10, 4, 0.1), span('b', 'root', 20, 6, 0.2)]);
  assert.deepEqual(r.usage, { inputTokens: 30, outputTokens: 10, totalTokens: 40 });
  assert.ok(Math.abs(r.costUsd! - 0.3) < 1e-12);
  assert.deepEqual(r.countedSpanIds, ['root']);
});

test('a wrapper holding only the last step (AI SDK v4) never hides the steps below it', () => {
  const r = rollupTrace([span('outer', null, 20, 6), span('s1', 'outer', 10, 4), span('s2', 'outer', 20, 6)]);
  assert.deepEqual(r.usage, { inputTokens: 30, outputTokens: 10, totalTokens: 40 });
  assert.deepEqual(r.countedSpanIds.sort(), ['s1', 's2']);
});

test('an aggregate root covering calls that reported no usage (streaming) keeps its larger total', () => {
  const r = rollupTrace([span('root', null, 100, 50), span('a', 'root', 10, 5), span('b', 'root')]);
  assert.deepEqual(r.usage, { inputTokens: 100, outputTokens: 50, totalTokens: 150 });
});

test('independent calls under a span without usage are summed; a sent total is used as sent', () => {
  const r = rollupTrace([span('root', null), span('a', 'root', 1, 2), { spanId: 'b', parentSpanId: 'root', usage: { inputTokens: 3, outputTokens: 4, totalTokens: 9 } }]);
  assert.deepEqual(r.usage, { inputTokens: 4, outputTokens: 6, totalTokens: 12 });
  assert.equal(r.costUsd, null, 'no cost sent: null, not 0');
});

test('children arriving before parents, orphans whose parent never arrived, and parent cycles', () => {
  const r = rollupTrace([span('child', 'parent', 5, 5), span('orphan', 'missing', 1, 1), span('parent', null, 5, 5), span('x', 'y', 2, 2), span('y', 'x', 2, 2)]);
  assert.deepEqual(r.usage, { inputTokens: 5 + 1 + 2, outputTokens: 5 + 1 + 2, totalTokens: 16 });
});

test('a very deep chain (agent loops) does not overflow the stack', () => {
  const spans: RollupInput[] = [span('s0', null)];
  for (let i = 1; i < 50_000; i++) spans.push(span(`s${i}`, `s${i - 1}`));
  spans.push(span('leaf', 's49999', 7, 3));
  assert.deepEqual(rollupTrace(spans).usage, { inputTokens: 7, outputTokens: 3, totalTokens: 10 });
});

test('a wrapper priced at its own model never replaces the prices of calls that cover its usage', () => {
  // An agent span on o4-mini repeating two calls, one of them on gpt-4o-mini: the calls' costs count.
  const r = rollupTrace([span('agent', null, 30, 10, 0.5), span('a', 'agent', 10, 4, 0.01), span('b', 'agent', 20, 6, 0.2)]);
  assert.ok(Math.abs(r.costUsd! - 0.21) < 1e-12);
  assert.deepEqual(r.costSpanIds.sort(), ['a', 'b']);
});

test('a wrapper reporting more than its calls keeps the larger cost; unpriced calls are listed once', () => {
  const r = rollupTrace([span('root', null, 100, 50, 0.9), span('a', 'root', 10, 5, 0.1)]);
  assert.equal(r.costUsd, 0.9);
  assert.deepEqual(r.costSpanIds, ['root']);
  const unpriced = rollupTrace([
    { ...span('outer', null, 30, 10), unpriced: true },
    { ...span('x', 'outer', 10, 4), unpriced: true },
    { ...span('y', 'outer', 20, 6), unpriced: true },
    span('z', null, 1, 1, 0.001),
  ]);
  assert.deepEqual(unpriced.unpricedSpanIds.sort(), ['x', 'y'], 'the calls, not the wrapper repeating them');
  assert.equal(unpriced.costUsd, 0.001, 'the known part');
});
