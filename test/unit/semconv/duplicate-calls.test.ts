/**
 * The duplicate-call rule on the cases the fixtures do not show: what must NOT be merged (retries,
 * parallel calls with other inputs or usage, different models) and the trace total it gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateCalls, markDuplicateCalls, type CallRecord } from '../../../src/engine/semconv/duplicate-calls';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { rollupTrace } from '../../../src/engine/semconv/rollup';

function call(spanId: string, start: number, duration: number, extra: Partial<CallRecord> = {}): CallRecord {
  return { spanId, parentSpanId: 'root', kind: 'llm', startTimeUnixMs: start, durationMs: duration, model: 'gpt-4o-mini',
    usage: { inputTokens: 21, outputTokens: 7 }, inputKey: 'k1', ...extra };
}

test('two instrumentors, overlapping, same model/usage/input: one call, the first to start stands for it', () => {
  const spans = [call('b', 12, 50, { model: 'gpt-4o-mini-2024-07-18', parentSpanId: 'other' }), call('a', 10, 70)];
  assert.deepEqual([...duplicateCalls(spans)], [['b', 'a']]);
  const r = rollupTrace([{ spanId: 'root', parentSpanId: null }, { spanId: 'other', parentSpanId: 'root' }, ...spans]);
  assert.deepEqual(r.usage, { inputTokens: 21, outputTokens: 7, totalTokens: 28 });
  assert.equal(r.duplicateOf.get('b'), 'a');
});

test('sequential identical calls (a retry, a loop) stay two calls', () => {
  assert.equal(duplicateCalls([call('a', 0, 50), call('b', 60, 50)]).size, 0);
});

test('overlapping calls with other inputs, other usage or another model stay separate', () => {
  assert.equal(duplicateCalls([call('a', 0, 50), call('b', 10, 50, { inputKey: 'k2' })]).size, 0);
  assert.equal(duplicateCalls([call('a', 0, 50), call('b', 10, 50, { usage: { inputTokens: 22, outputTokens: 7 } })]).size, 0);
  assert.equal(duplicateCalls([call('a', 0, 50), call('b', 10, 50, { model: 'gpt-4o' })]).size, 0);
  assert.equal(duplicateCalls([call('a', 0, 50), call('b', 10, 50, { kind: 'embedding' })]).size, 0);
});

test('neither captured content and neither reported usage: nothing ties them, not merged', () => {
  const bare = { inputKey: undefined, usage: undefined };
  assert.equal(duplicateCalls([call('a', 0, 50, bare), call('b', 10, 50, bare)]).size, 0);
  // Content off on both but equal usage: merged.
  assert.equal(duplicateCalls([call('a', 0, 50, { inputKey: undefined }), call('b', 10, 50, { inputKey: undefined })]).size, 1);
});

test('a zero-length response record after a stream pairs with the latest matching sibling only', () => {
  const stream1 = call('s1', 0, 10, { usage: undefined });
  const stream2 = call('s2', 100, 10, { usage: undefined });
  const log = call('log', 200, 0);
  assert.deepEqual([...duplicateCalls([stream1, stream2, log])], [['log', 's2']]);
  assert.equal(duplicateCalls([stream1, call('log', 200, 0, { parentSpanId: 'elsewhere' })]).size, 0);
});

test('back-to-back identical calls (the next starts the instant the last ended) stay separate', () => {
  const bare = { inputKey: undefined };
  assert.equal(duplicateCalls([call('a', 0, 50, bare), call('b', 50, 50, bare), call('c', 100, 50, bare)]).size, 0);
  // Rounded export times can put the next call's start just inside the last one's end: still touching.
  assert.equal(duplicateCalls([call('a', 0, 50, bare), call('b', 49.6, 50, bare)]).size, 0);
});

test('Trace JSON marks: same input merged, an input of the same length but other text or of another length kept apart', () => {
  const llm = (spanId: string, start: number, texts: string[]): TraceJsonSpan => ({
    spanId, parentSpanId: 'root', name: 'chat', kind: 'llm', status: 'unset', startTimeUnixMs: start, durationMs: 50,
    model: 'gpt-4o-mini', usage: { inputTokens: 21, outputTokens: 7 },
    input: { messages: texts.map((text) => ({ role: 'user', parts: [{ type: 'text', text }] })) },
  });
  const spans = [
    llm('a', 0, ['What is the weather?', 'In Paris']),
    llm('b', 5, [' What is the weather? ', 'In Paris']), // the same texts once trimmed: the same call
    llm('c', 10, ['What is the weather?', 'In Lyon!']), // same count and length, other text
    llm('d', 15, ['What is the weather in Paris?']), // other length
  ];
  markDuplicateCalls(spans);
  assert.deepEqual(spans.map((s) => [s.spanId, s.duplicateOf ?? null, s.alsoRecordedBy ?? null]),
    [['a', null, ['b']], ['b', 'a', null], ['c', null, null], ['d', null, null]]);
});
