import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchSpans } from '../../../src/analysis/trace-search';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';

function span(spanId: string, extra: Partial<TraceJsonSpan>): TraceJsonSpan {
  return { spanId, parentSpanId: null, name: 'step', kind: 'other', status: 'ok', startTimeUnixMs: 0, durationMs: 1, ...extra };
}

const spans: TraceJsonSpan[] = [
  span('0000000000000001', { name: 'chat gpt-4o', kind: 'llm', input: { messages: [{ role: 'user', parts: [{ type: 'text', text: 'What is the Weather in Paris?' }] }] } }),
  span('0000000000000002', { name: 'get_weather', kind: 'tool', tool: { name: 'get_weather', arguments: '{"city":"Paris"}', result: '{"temp":21}' } }),
  span('0000000000000003', { name: 'retrieve', kind: 'retrieval', retrieval: { query: 'q', documents: [{ id: 'doc-7', content: 'Lyon is a city', metadata: { source: 'wiki.md' } }] } }),
  span('0000000000000004', { name: 'http', attributes: { 'http.route': '/api/answer', 'custom.flag': true } }),
  span('0000000000000005', { name: 'fails', status: 'error', error: { type: 'TimeoutError', message: 'upstream took too long' } }),
];

test('matches names, content, tool arguments, documents, metadata, attributes and errors, case-insensitively', () => {
  assert.deepEqual(searchSpans(spans, 'GPT-4O'), ['0000000000000001']);
  assert.deepEqual(searchSpans(spans, 'weather'), ['0000000000000001', '0000000000000002']);
  assert.deepEqual(searchSpans(spans, 'temp'), ['0000000000000002']);
  assert.deepEqual(searchSpans(spans, 'lyon'), ['0000000000000003']);
  assert.deepEqual(searchSpans(spans, 'wiki.md'), ['0000000000000003']);
  assert.deepEqual(searchSpans(spans, 'source'), ['0000000000000003'], 'metadata keys come from telemetry');
  assert.deepEqual(searchSpans(spans, 'http.route'), ['0000000000000004'], 'attribute keys match');
  assert.deepEqual(searchSpans(spans, 'too long'), ['0000000000000005']);
});

test('does not match the model\'s own field names, and an empty query matches nothing', () => {
  assert.deepEqual(searchSpans(spans, 'parts'), []);
  assert.deepEqual(searchSpans(spans, 'documents'), []);
  assert.deepEqual(searchSpans(spans, 'spanId'), []);
  assert.deepEqual(searchSpans(spans, '   '), []);
});

test('survives deeply nested and cyclic-looking attribute values', () => {
  let deep: Record<string, unknown> = { leaf: 'needle' };
  for (let i = 0; i < 500; i++) deep = { nested: deep };
  const hostile = span('0000000000000009', { attributes: { deep } });
  assert.deepEqual(searchSpans([hostile], 'needle'), [], 'beyond the depth cap, not a stack overflow');
  assert.deepEqual(searchSpans([hostile], 'nested'), ['0000000000000009']);
});
