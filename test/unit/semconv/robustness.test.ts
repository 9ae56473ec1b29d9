/**
 * normalizeSpan must never throw and never lose a span: malformed JSON, wrong types, huge and deep
 * values, unknown conventions, and a family that fails on input it did not anticipate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpan } from '../../../src/engine/semconv';
import { MAX_JSON_PARSE_CHARS } from '../../../src/engine/semconv/attributes';
import type { AttrMap, AttrValue } from '../../../src/engine/model';
import { makeLog, makeSpan } from '../../factories/spans';
import { checkTraceJson } from '../../support/trace-json-check';
import type { NormalizedFields } from '../../../src/protocol/trace-json';

/** The normalized fields of one span, as a Trace JSON document, pass the v1 validator. */
function assertValidTraceJson(n: NormalizedFields, what: string): void {
  const span = { ...n, spanId: 'b000000000000001', parentSpanId: null, name: 's', status: 'unset', startTimeUnixMs: 0, durationMs: 0 };
  const doc = { version: 1, traces: [{ traceId: 'a0000000000000000000000000000001', name: 's', service: 's', startTimeUnixMs: 0, durationMs: 0, status: 'ok', spanCount: 1, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, costUsd: null, spans: [span] }] };
  assert.deepEqual(checkTraceJson(doc), [], what);
}

const CONTENT_KEYS = [
  'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.tool.definitions', 'gen_ai.retrieval.documents',
  'gen_ai.prompt', 'gen_ai.completion', 'input.value', 'output.value', 'llm.invocation_parameters', 'ai.prompt', 'ai.prompt.messages',
  'ai.response.toolCalls', 'ai.prompt.tools', 'traceloop.entity.input', 'langfuse.observation.usage_details', 'langfuse.observation.input',
  'genkit:input', 'genkit:output', 'mlflow.spanInputs', 'request_data', 'response_data', 'pydantic_ai.all_messages', 'metadata',
  'gcp.vertex.agent.llm_request', 'gcp.vertex.agent.llm_response', 'llm.prompt_template.variables',
];

test('malformed JSON in every content attribute: no throw, raw text kept where it is content', () => {
  for (const key of CONTENT_KEYS) {
    const n = normalizeSpan(makeSpan({ attributes: { [key]: '[{"role": "user", "content": "trunc', 'gen_ai.request.model': 'm' } }), []);
    assert.equal(n.kind === 'llm' || n.kind === 'other' || n.kind === 'chain', true, key);
  }
  const messages = normalizeSpan(makeSpan({ attributes: { 'gen_ai.input.messages': '[{"role": "user", "parts": [tru' } }), []);
  assert.deepEqual(messages.input!.messages, [{ role: 'user', parts: [{ type: 'text', text: '[{"role": "user", "parts": [tru' }] }]);
  const python = normalizeSpan(makeSpan({ attributes: { 'openinference.span.kind': 'LLM', 'input.value': "{'messages': [{'role': 'user'}]}" } }), []);
  assert.equal(python.input!.messages[0].parts[0].type === 'text' && python.input!.messages[0].parts[0].text, "{'messages': [{'role': 'user'}]}");
});

test('wrong types everywhere (numbers for strings, objects for numbers, nulls, nested arrays): no throw', () => {
  const weird: AttrValue[] = [null, 0, -1, 1.5, true, '', 'x', [], [null], [[[]]], {}, { a: { b: [1, { c: null }] } }, '{}', '[]', 'null', '1e999'];
  let count = 0;
  for (const key of [...CONTENT_KEYS, 'gen_ai.usage.input_tokens', 'llm.token_count.prompt', 'ai.usage.inputTokens', 'openinference.span.kind',
    'gen_ai.operation.name', 'llm.input_messages.0.message.content', 'llm.input_messages.0.message.contents', 'retrieval.documents.0.document.score',
    'gen_ai.response.finish_reasons', 'code.line.number', 'session.id', 'gen_ai.tool.name', 'langfuse.observation.type', 'logfire.span_type']) {
    for (const value of weird) {
      const n = normalizeSpan(makeSpan({ attributes: { [key]: value } }), []);
      assertValidTraceJson(n, `${key}=${JSON.stringify(value)}`);
      count++;
    }
  }
  assert.ok(count > 500);
});

test('events and log records of unexpected shapes: no throw', () => {
  const span = makeSpan({
    attributes: { 'gen_ai.request.model': 'm' },
    events: [
      { name: 'gen_ai.choice', timeUnixMs: 0, attributes: { message: 7, finish_reason: { x: 1 } } },
      { name: 'gen_ai.user.message', timeUnixMs: 0, attributes: { content: [[['deep']]] } },
      { name: 'exception', timeUnixMs: 0, attributes: { 'exception.message': { not: 'a string' } } },
      { name: 'db.query.result', timeUnixMs: 0, attributes: {} },
    ],
  });
  const logs = [makeLog({ eventName: 'gen_ai.tool.message', body: [1, 2] }), makeLog({ eventName: 'gen_ai.choice', body: 'text body' }), makeLog({ body: null })];
  const n = normalizeSpan(span, logs);
  assert.equal(n.kind, 'llm');
  assert.ok(n.error);
});

test('huge attribute (over the parse limit): not parsed, kept as raw text, bounded', () => {
  const huge = '[' + '{"role":"user","parts":[{"type":"text","content":"' + 'x'.repeat(MAX_JSON_PARSE_CHARS) + '"}]}]';
  const n = normalizeSpan(makeSpan({ attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': huge } }), []);
  const part = n.input!.messages[0].parts[0];
  assert.equal(part.type === 'text' && part.text.length, huge.length);
});

test('deep structures: a 50 000-level nested value does not lose the span', () => {
  let deep: AttrValue = 'bottom';
  for (let i = 0; i < 50_000; i++) deep = [deep];
  let deepMap: AttrValue = 'bottom';
  for (let i = 0; i < 50_000; i++) deepMap = { a: deepMap };
  const n = normalizeSpan(makeSpan({
    attributes: { 'openinference.span.kind': 'CHAIN', 'input.value': deep, 'output.value': deepMap, 'gen_ai.input.messages': deep, 'session.id': 's' },
  }), []);
  assert.equal(n.kind, 'chain');
  assert.equal(n.sessionId, 's');
});

test('a family failing on input it did not anticipate loses only its own answer', () => {
  const attributes: AttrMap = { 'gen_ai.request.model': 'gpt-4o', 'openinference.span.kind': 'LLM', 'session.id': 'kept' };
  // An attribute whose read throws: only the OpenInference family reads it.
  Object.defineProperty(attributes, 'llm.input_messages.0.message.role', { enumerable: true, get() { throw new Error('hostile getter'); } });
  const n = normalizeSpan(makeSpan({ attributes }), []);
  assert.equal(n.model, 'gpt-4o');
  assert.equal(n.sessionId, 'kept');
  assert.ok(!n.conventions?.includes('openinference'));
});

test('unknown conventions: kind other, nothing invented', () => {
  const n = normalizeSpan(makeSpan({ name: 'GET /health', spanKind: 'server', attributes: { 'http.request.method': 'GET', 'url.path': '/health', 'custom.thing': '{"a":1}' } }), []);
  assert.deepEqual(n, { kind: 'other' });
});

test('a completely broken span object still returns a kind', () => {
  const broken = { ...makeSpan(), attributes: null, events: null } as unknown as Parameters<typeof normalizeSpan>[0];
  assert.equal(typeof normalizeSpan(broken, []).kind, 'string');
});
