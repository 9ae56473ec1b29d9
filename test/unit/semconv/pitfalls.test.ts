/**
 * One test per trap listed in CONVENTIONS.md ("Pitfalls to design for" and "Observed in real
 * payloads"), on the normalizer's side of each. Decoder-side quirks (base64 ids, {low, high}
 * int64, enum ints) are the OTLP decoder's tests; what reaches the normalizer is covered here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpan } from '../../../src/engine/semconv';
import { MAX_JSON_PARSE_CHARS } from '../../../src/engine/semconv/attributes';
import { rollupTrace } from '../../../src/engine/semconv/rollup';
import { makeLog, makeSpan } from '../../factories/spans';

test('pitfall 1, usage double counting: wrapper spans repeating usage are counted once in the trace total', () => {
  const root = makeSpan({ name: 'ai.generateText', attributes: { 'ai.operationId': 'ai.generateText', 'ai.usage.inputTokens': 10, 'ai.usage.outputTokens': 5 } });
  const inner = makeSpan({ traceId: root.traceId, parentSpanId: root.spanId, name: 'ai.generateText.doGenerate', attributes: { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.usage.inputTokens': 10, 'ai.usage.outputTokens': 5 } });
  const rows = [root, inner].map((s) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId, ...normalizeSpan(s, []) }));
  assert.deepEqual(rollupTrace(rows).usage, { inputTokens: 10, outputTokens: 5, totalTokens: 15 });
});

test('pitfall 2, cache/reasoning semantics: OTel subsets kept, Anthropic raw input made inclusive, Langfuse disjoint parts summed', () => {
  const otel = normalizeSpan(makeSpan({ attributes: { 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.cache_read.input_tokens': 80, 'gen_ai.usage.output_tokens': 20, 'gen_ai.usage.reasoning.output_tokens': 15 } }), []);
  assert.deepEqual(otel.usage, { inputTokens: 100, outputTokens: 20, cacheReadTokens: 80, reasoningTokens: 15 });
  const anthropicRaw = normalizeSpan(makeSpan({ attributes: { 'openinference.span.kind': 'LLM', 'output.value': JSON.stringify({ usage: { input_tokens: 20, cache_read_input_tokens: 80, output_tokens: 20 } }) } }), []);
  assert.deepEqual(anthropicRaw.usage, { inputTokens: 100, outputTokens: 20, totalTokens: 120, cacheReadTokens: 80 });
  const langfuse = normalizeSpan(makeSpan({ attributes: { 'langfuse.observation.type': 'generation', 'langfuse.observation.usage_details': '{"input":20,"input_cache_read":80,"output":5,"output_reasoning":15}' } }), []);
  assert.deepEqual(langfuse.usage, { inputTokens: 100, outputTokens: 20, cacheReadTokens: 80, reasoningTokens: 15 });
});

test('pitfall 3, content locations: JSON string, structured value, span event, log record give the same messages; absent → contentCaptured false', () => {
  const msgs = [{ role: 'user', parts: [{ type: 'text', content: 'same' }] }];
  const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' };
  const asString = normalizeSpan(makeSpan({ attributes: { ...base, 'gen_ai.input.messages': JSON.stringify(msgs) } }), []);
  const asStructured = normalizeSpan(makeSpan({ attributes: { ...base, 'gen_ai.input.messages': msgs } }), []);
  const asEvent = normalizeSpan(makeSpan({ attributes: base, events: [{ name: 'gen_ai.user.message', timeUnixMs: 1, attributes: { content: 'same' } }] }), []);
  const span = makeSpan({ attributes: base });
  const asLog = normalizeSpan(span, [makeLog({ traceId: span.traceId, spanId: span.spanId, eventName: 'gen_ai.user.message', body: { content: 'same' } })]);
  for (const n of [asString, asStructured, asEvent, asLog]) assert.deepEqual(n.input!.messages, [{ role: 'user', parts: [{ type: 'text', text: 'same' }] }]);
  const absent = normalizeSpan(makeSpan({ attributes: { ...base, 'gen_ai.usage.input_tokens': 3 } }), []);
  assert.equal(absent.contentCaptured, false);
});

test('pitfall 4, Logfire pending spans are marked so the store can hide them once the real span arrives', () => {
  const real = makeSpan({ name: 'agent run', attributes: { 'logfire.span_type': 'span' } });
  const pending = makeSpan({ name: 'agent run (pending)', parentSpanId: real.spanId, durationMs: 0, attributes: { 'logfire.span_type': 'pending_span', 'logfire.pending_parent_id': real.spanId } });
  assert.equal(normalizeSpan(pending, []).pending, true);
  assert.equal(normalizeSpan(real, []).pending, undefined);
});

test('pitfall 5, OTLP/JSON quirks that reach the normalizer: int64 token counts as decimal strings, ids as ints', () => {
  const n = normalizeSpan(makeSpan({ attributes: { 'gen_ai.usage.input_tokens': '1200', 'gen_ai.usage.output_tokens': '34', 'retrieval.documents.0.document.id': 17, 'openinference.span.kind': 'RETRIEVER' } }), []);
  assert.deepEqual(n.usage, { inputTokens: 1200, outputTokens: 34 });
  assert.equal(n.retrieval!.documents[0].id, '17');
  // Beyond 2^53 the decoder keeps a decimal string; a rounded count would be a wrong number.
  const huge = normalizeSpan(makeSpan({ attributes: { 'gen_ai.usage.input_tokens': '99999999999999999999', 'gen_ai.usage.output_tokens': '9007199254740993', 'gen_ai.usage.cache_read.input_tokens': '5' } }), []);
  assert.deepEqual(huge.usage, { cacheReadTokens: 5 });
});

test('pitfall 6, large payloads: a 5 MB history is still read; beyond the parse limit it is kept as text (the store caps sizes)', () => {
  const text = 'y'.repeat(5 * 1024 * 1024);
  const big = JSON.stringify({ messages: [{ role: 'user', content: text }] });
  const n = normalizeSpan(makeSpan({ attributes: { 'openinference.span.kind': 'LLM', 'llm.model_name': 'm', 'input.value': big } }), []);
  assert.deepEqual(n.input!.messages, [{ role: 'user', parts: [{ type: 'text', text }] }]);
  const tooBig = '{"messages": [' + '"x",'.repeat(MAX_JSON_PARSE_CHARS / 4) + '"x"]}';
  const m = normalizeSpan(makeSpan({ attributes: { 'openinference.span.kind': 'LLM', 'llm.model_name': 'm', 'input.value': tooBig } }), []);
  assert.equal(m.input!.messages[0].parts[0].type === 'text' && m.input!.messages[0].parts[0].text.length, tooBig.length);
});

test('observed: log records may arrive before or after their span; the span is normalized with whatever is joined', () => {
  const span = makeSpan({ attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' } });
  const choice = makeLog({ traceId: span.traceId, spanId: span.spanId, eventName: 'gen_ai.choice', body: { index: 0, finish_reason: 'stop', message: { content: 'late' } } });
  assert.equal(normalizeSpan(span, []).contentCaptured, false, 'before the logs arrive');
  assert.equal(normalizeSpan(span, [choice]).contentCaptured, true, 'renormalized once they arrive');
});

test('observed: a trace spread over requests, parents after children: totals do not depend on arrival order', () => {
  const rows = [
    { spanId: 'c1', parentSpanId: 'p', usage: { inputTokens: 1, outputTokens: 1 } },
    { spanId: 'c2', parentSpanId: 'p', usage: { inputTokens: 2, outputTokens: 2 } },
    { spanId: 'p', parentSpanId: null, usage: { inputTokens: 3, outputTokens: 3 } },
  ];
  assert.deepEqual(rollupTrace(rows).usage, rollupTrace([...rows].reverse()).usage);
  assert.deepEqual(rollupTrace(rows.slice(0, 2)).usage, { inputTokens: 3, outputTokens: 3, totalTokens: 6 }, 'before the parent arrives');
});

test('observed: JS exporters send whole-number doubles as ints (temperature 1 arrives as intValue)', () => {
  const n = normalizeSpan(makeSpan({ attributes: { 'gen_ai.request.model': 'm', 'gen_ai.request.temperature': 1, 'gen_ai.request.top_p': 1 } }), []);
  assert.deepEqual(n.requestParameters, { temperature: 1, top_p: 1 });
});

test('observed: errors look different everywhere (status+event, OK+event, level attribute only)', () => {
  const ev = { name: 'exception', timeUnixMs: 1, attributes: { 'exception.type': 'E', 'exception.message': 'm' } };
  assert.equal(normalizeSpan(makeSpan({ status: 'error', events: [ev] }), []).error!.type, 'E');
  assert.equal(normalizeSpan(makeSpan({ status: 'ok', events: [ev] }), []).error!.type, 'E');
  assert.equal(normalizeSpan(makeSpan({ attributes: { 'langfuse.observation.level': 'ERROR', 'langfuse.observation.status_message': 'lvl' } }), []).error!.message, 'lvl');
});

test('observed: streaming LLM spans with no token counts and no status get no invented usage', () => {
  const n = normalizeSpan(makeSpan({ status: 'unset', attributes: { 'openinference.span.kind': 'LLM', 'llm.model_name': 'o4-mini', 'llm.output_messages.0.message.content': 'hi' } }), []);
  assert.equal(n.usage, undefined);
  assert.equal(n.error, undefined);
});

test('observed: usage repeated on an agent root over its model calls is counted once', () => {
  const rows = [
    { spanId: 'agent', parentSpanId: null, usage: { inputTokens: 30, outputTokens: 6 } },
    { spanId: 'chat1', parentSpanId: 'agent', usage: { inputTokens: 10, outputTokens: 2 } },
    { spanId: 'chat2', parentSpanId: 'agent', usage: { inputTokens: 20, outputTokens: 4 } },
  ];
  assert.deepEqual(rollupTrace(rows).usage, { inputTokens: 30, outputTokens: 6, totalTokens: 36 });
});

test('observed: Genkit colon keys, usage only inside the genkit:output JSON', () => {
  const n = normalizeSpan(makeSpan({ attributes: { 'genkit:metadata:subtype': 'model', 'genkit:name': 'openai/gpt-4o', 'genkit:output': '{"usage":{"inputTokens":4,"outputTokens":2}}' } }), []);
  assert.deepEqual(n.usage, { inputTokens: 4, outputTokens: 2 });
  assert.equal(n.provider, 'openai');
});
