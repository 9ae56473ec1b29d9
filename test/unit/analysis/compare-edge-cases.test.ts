/**
 * The alignment on hand-made runs where a naive "N-th call with N-th call" match goes wrong:
 * parallel tools finishing in another order, retries, an extra step, a renamed step, one run
 * empty, tool-call ids that differ on every run, and 10,000-span runs (wide and deep).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareTraces } from '../../../src/analysis/compare/compare-runs';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { chatSpan, jsonSpan, text, toolSpan, traceJson } from '../../factories/trace-json';

const agent = () => jsonSpan({ name: 'invoke_agent helper', kind: 'agent' });
const pairsOf = (result: ReturnType<typeof compareTraces>) => result.json.pairs.map((p) => [p.a, p.b]);

test('parallel tools that finished in another order are matched by tool, not by position', () => {
  const rootA = agent();
  const toolsA = ['weather', 'calendar', 'news'].map((n) => toolSpan(rootA, n, '{"city":"Oslo"}', `${n} ok`));
  const runA = [rootA, chatSpan(rootA), ...toolsA, chatSpan(rootA, { answer: 'Done.' })];
  const rootB = agent();
  const toolsB = ['news', 'weather', 'calendar'].map((n) => toolSpan(rootB, n, '{ "city": "Oslo" }', `${n} ok`));
  const runB = [rootB, chatSpan(rootB), ...toolsB, chatSpan(rootB, { answer: 'Done.' })];
  const result = compareTraces(traceJson(runA), traceJson(runB));
  for (const name of ['weather', 'calendar', 'news']) {
    const a = toolsA.find((s) => s.tool!.name === name)!.spanId;
    const b = toolsB.find((s) => s.tool!.name === name)!.spanId;
    assert.ok(pairsOf(result).some(([x, y]) => x === a && y === b), `${name} matched with ${name}`);
  }
  assert.equal(result.json.pairs.length, 6);
  assert.deepEqual(result.json.onlyInA, []);
  assert.deepEqual(result.json.onlyInB, []);
  // Argument spacing and tool-call ids differ; nothing else does.
  assert.equal(result.json.semanticDifference, false);
});

test('a retried model call: the call that succeeded matches the successful call, the failed try is only in B', () => {
  const rootA = agent();
  const okA = chatSpan(rootA, { answer: 'Paris.' });
  const rootB = agent();
  const failed = chatSpan(rootB, { status: 'error', output: undefined, error: { type: 'RateLimitError', message: '429' } });
  const okB = chatSpan(rootB, { answer: 'Paris.' });
  const result = compareTraces(traceJson([rootA, okA]), traceJson([rootB, failed, okB]));
  assert.deepEqual(pairsOf(result), [[rootA.spanId, rootB.spanId], [okA.spanId, okB.spanId]]);
  assert.deepEqual(result.json.onlyInB.map((s) => s.spanId), [failed.spanId]);
  assert.deepEqual(result.json.pairs[1].changes, []);
  assert.deepEqual(result.json.differences, ['structure', 'status']);
  assert.equal(result.json.deltas.llmCalls, 1);
  assert.equal(result.json.deltas.errors, 1);
});

test('an extra guardrail step in the middle is only in B; the steps after it still match their counterparts', () => {
  const rootA = agent();
  const runA = [rootA, jsonSpan({ name: 'retrieval kb', kind: 'retrieval', parentSpanId: rootA.spanId }), chatSpan(rootA)];
  const rootB = agent();
  const retrievalB = jsonSpan({ name: 'retrieval kb', kind: 'retrieval', parentSpanId: rootB.spanId });
  const guard = jsonSpan({ name: 'guardrail pii', kind: 'guardrail', parentSpanId: rootB.spanId });
  const runB = [rootB, retrievalB, guard, chatSpan(rootB)];
  const result = compareTraces(traceJson(runA), traceJson(runB));
  assert.deepEqual(pairsOf(result), runA.map((s, i) => [s.spanId, runB[i < 2 ? i : i + 1].spanId]));
  assert.deepEqual(result.json.onlyInB.map((s) => s.spanId), [guard.spanId]);
  assert.deepEqual(result.rows.map((r) => [r.a !== null, r.b !== null, r.depth]), [[true, true, 0], [true, true, 1], [false, true, 1], [true, true, 1]]);
});

test('a renamed step is matched when its content shows it is the same step, and keeps both names', () => {
  const build = (chainName: string) => {
    const root = agent();
    const chain = jsonSpan({ name: chainName, kind: 'chain', parentSpanId: root.spanId });
    return [root, chain, jsonSpan({ name: 'embeddings', kind: 'embedding', parentSpanId: chain.spanId }), jsonSpan({ name: 'retrieval kb', kind: 'retrieval', parentSpanId: chain.spanId })];
  };
  const runA = build('retrieve-context');
  const runB = build('fetch-context');
  const result = compareTraces(traceJson(runA), traceJson(runB));
  assert.equal(result.json.pairs.length, 4);
  assert.deepEqual({ name: result.json.pairs[1].name, nameA: result.json.pairs[1].nameA }, { name: 'fetch-context', nameA: 'retrieve-context' });
  // Another chain with other content is not the same step, whatever its position.
  const rootC = agent();
  const other = jsonSpan({ name: 'summarize', kind: 'chain', parentSpanId: rootC.spanId });
  const runC = [rootC, other, chatSpan(other)];
  const unrelated = compareTraces(traceJson(runA), traceJson(runC));
  assert.deepEqual(unrelated.json.onlyInB.map((s) => s.name), ['summarize', 'chat gpt-4o-mini']);
  assert.deepEqual(unrelated.json.onlyInA.map((s) => s.name), ['retrieve-context', 'embeddings', 'retrieval kb']);
});

test('one run empty: every span of the other is only on its side; two empty runs do not differ', () => {
  const root = agent();
  const spans = [root, chatSpan(root)];
  const result = compareTraces(traceJson(spans), traceJson([]));
  assert.deepEqual(result.json.pairs, []);
  assert.deepEqual(result.json.onlyInA.map((s) => s.spanId), spans.map((s) => s.spanId));
  assert.equal(result.json.deltas.llmCalls, -1);
  assert.ok(result.json.differences.includes('structure'));
  const none = compareTraces(traceJson([]), traceJson([]));
  assert.deepEqual(none.json.differences, []);
  assert.equal(none.json.verdict, 'no difference');
});

test('messages: a changed tool-call id is no change; a message added at the end is only-in-b, a changed one is changed', () => {
  const rootA = agent();
  const callA: TraceJsonSpan = chatSpan(rootA, {
    input: { messages: [text('user', 'weather?'), { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }] }] },
  });
  const rootB = agent();
  const callB: TraceJsonSpan = chatSpan(rootB, {
    input: { messages: [text('user', 'weather?'), { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_XYZ', name: 'weather', arguments: '{"city": "Oslo"}' }] }, text('user', 'and tomorrow?')] },
    output: { messages: [text('assistant', 'Rain.')] },
  });
  const pair = compareTraces(traceJson([rootA, callA]), traceJson([rootB, callB])).json.pairs[1];
  assert.deepEqual(pair.messages, [
    { side: 'input', index: 2, role: 'user', change: 'only-in-b' },
    { side: 'output', index: 0, role: 'assistant', change: 'changed' },
  ]);
  assert.deepEqual(pair.changes, ['input', 'output']);
});

test('10,000-step runs, wide (one agent, 10,000 steps) and deep (a chain 10,000 levels deep), align exactly', () => {
  const wide = (insertAt: number, changeAt: number) => {
    const root = agent();
    const spans = [root];
    for (let i = 0; i < 5_000; i++) {
      spans.push(chatSpan(root, { user: `step ${i}`, system: i === changeAt ? 'You are terse.' : 'You are helpful.' }));
      spans.push(toolSpan(root, 'search', `{"q":"${i}"}`, `result ${i}`));
      if (i === insertAt) spans.push(toolSpan(root, 'audit', '{}', 'ok'));
    }
    return spans;
  };
  const runA = wide(-1, -1);
  const runB = wide(2_500, 4_000);
  const result = compareTraces(traceJson(runA), traceJson(runB));
  assert.equal(result.json.pairs.length, 10_001);
  assert.deepEqual(result.json.onlyInB.map((s) => s.name), ['execute_tool audit']);
  const changed = result.json.pairs.filter((p) => p.changes.length > 0);
  assert.equal(changed.length, 1);
  assert.deepEqual(changed[0].messages, [{ side: 'input', index: 0, role: 'system', change: 'changed' }]);

  const deep = (answerAtBottom: string) => {
    const spans: TraceJsonSpan[] = [agent()];
    for (let i = 1; i < 10_000; i++) spans.push(jsonSpan({ name: `step ${i % 7}`, kind: 'chain', parentSpanId: spans[i - 1].spanId }));
    spans.push(chatSpan(spans[spans.length - 1], { answer: answerAtBottom }));
    return spans;
  };
  const deepResult = compareTraces(traceJson(deep('yes')), traceJson(deep('no')));
  assert.equal(deepResult.json.pairs.length, 10_001);
  assert.equal(deepResult.rows[deepResult.rows.length - 1].depth, 10_000);
  assert.deepEqual(deepResult.json.differences, ['output-messages']);
});
