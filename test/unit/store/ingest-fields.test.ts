/**
 * The prepare step stores each span with `fieldsForIngest` (tool-call-keys.ts): the row columns
 * without parsing the GenAI conversation, and, for model calls, the tool-call keys from only the
 * conversation attributes that may hold tool messages. Every stored column must be what the full
 * normalization gives: checked on every span of every fixture, and on hand-built conversations
 * whose keys are written out from what each message says.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { DecodedSpan } from '../../../src/engine/model';
import { decodeTraces } from '../../../src/engine/otlp';
import { fieldsForRowColumns, normalizeSpan } from '../../../src/engine/semconv';
import { normalizedColumns } from '../../../src/engine/store/span-columns';
import { decodeToolCallKeys, fieldsForIngest, toolCallKeysOf } from '../../../src/engine/store/tool-call-keys';
import { fixturePath, manifest } from '../../factories/fixture-payloads';
import { makeSpan } from '../../factories/spans';

function fixtureSpans(): Array<{ path: string; span: DecodedSpan }> {
  const out: Array<{ path: string; span: DecodedSpan }> = [];
  for (const entry of manifest().filter((e) => e.signal === 'traces' && !e.expectError)) {
    let body = readFileSync(fixturePath(entry));
    if (entry.compression === 'gzip') body = gunzipSync(body);
    for (const span of decodeTraces(body, entry.encoding).items) out.push({ path: entry.path, span });
  }
  return out;
}

/** The ingest fields, counting how often the full normalization was needed. */
function ingestFields(span: DecodedSpan, counts: { full: number }): ReturnType<typeof normalizedColumns> {
  const fields = fieldsForIngest(span, (s) => fieldsForRowColumns(s, []), (s) => {
    counts.full++;
    return normalizeSpan(s, []);
  });
  return normalizedColumns(fields);
}

/** The tool-result ids indexed at ingest (tool-result-index.ts), checked against the full normalization's. */
function resultIdsOf(span: DecodedSpan): string[] {
  const ids = toolCallKeysOf(fieldsForIngest(span, (s) => fieldsForRowColumns(s, []), (s) => normalizeSpan(s, [])))?.resultIds ?? [];
  assert.deepEqual(ids, toolCallKeysOf(normalizeSpan(span, []))?.resultIds ?? [], `result ids of ${span.spanId} ${span.name}`);
  return ids;
}

test('every fixture span: the columns stored at ingest, tool-call keys included, are those of the full normalization', () => {
  const counts = { full: 0 };
  let withKeys = 0;
  let genAiWithKeys = 0;
  const spans = fixtureSpans();
  assert.ok(spans.length > 300, `the fixtures hold ${spans.length} spans`);
  for (const { path, span } of spans) {
    const expected = normalizedColumns(normalizeSpan(span, []));
    assert.deepEqual(ingestFields(span, counts), expected, `${path} ${span.spanId} ${span.name}`);
    resultIdsOf(span);
    if (expected.toolCalls === null) continue;
    withKeys++;
    if (span.attributes['gen_ai.input.messages'] !== undefined || span.attributes['gen_ai.output.messages'] !== undefined) genAiWithKeys++;
  }
  // The comparison covers the cheap path where it matters: GenAI model calls with tool messages.
  assert.ok(genAiWithKeys >= 10, `${genAiWithKeys} GenAI model calls with tool-call keys`);
  assert.ok(withKeys > genAiWithKeys, 'and model calls of other conventions with tool-call keys');
  assert.ok(counts.full < withKeys, `the full normalization ran for ${counts.full} spans, fewer than the ${withKeys} with keys`);
});

function chat(attributes: Record<string, string>, extra: Record<string, string> = {}): DecodedSpan {
  return makeSpan({ name: 'chat gpt-4o', attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', ...attributes, ...extra } });
}

function keysOf(span: DecodedSpan, counts = { full: 0 }): ReturnType<typeof decodeToolCallKeys> {
  const columns = ingestFields(span, counts);
  assert.deepEqual(columns, normalizedColumns(normalizeSpan(span, [])), 'the same columns as the full normalization');
  return { ...decodeToolCallKeys(columns.toolCalls as string | null), resultIds: resultIdsOf(span) };
}

test('GenAI conversations: asks from the output, result ids from the input, whichever attribute holds them', () => {
  const asking = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Looking it up.' },
    { type: 'tool_call', id: 'call_a', name: 'search', arguments: { q: 'x' } }, { type: 'tool_call', name: 'clock', arguments: {} }] }]);
  const answered = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'When?' }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_a', response: 'found' }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_a', response: 'again' }] }]);
  const plain = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Which tool, or which function, answers "when"?' }] }]);

  assert.deepEqual(keysOf(chat({ 'gen_ai.input.messages': plain, 'gen_ai.output.messages': asking })),
    { asks: [['call_a', 'search'], [null, 'clock']], resultIds: [], hasResults: false });
  assert.deepEqual(keysOf(chat({ 'gen_ai.input.messages': answered, 'gen_ai.output.messages': plain })),
    { asks: [], resultIds: ['call_a'], hasResults: true });
  const counts = { full: 0 };
  assert.deepEqual(keysOf(chat({ 'gen_ai.input.messages': plain, 'gen_ai.output.messages': plain }), counts),
    { asks: [], resultIds: [], hasResults: false });
  assert.equal(counts.full, 0, 'no tool words: nothing parsed');
});

test('GenAI conversations: a tool message with no parts says nothing, one without an id still counts as a result', () => {
  const empty = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }, { role: 'tool', parts: [] }]);
  assert.deepEqual(keysOf(chat({ 'gen_ai.input.messages': empty })), { asks: [], resultIds: [], hasResults: false });
  const anonymous = JSON.stringify([{ role: 'tool', parts: [{ type: 'tool_call_response', response: 'done' }] }]);
  assert.deepEqual(keysOf(chat({ 'gen_ai.input.messages': anonymous })), { asks: [], resultIds: [], hasResults: true });
});

test('a conversation that another convention also sends is read as the merge decides, in full; a span that is no model call has no keys', () => {
  const input = JSON.stringify([{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_g', response: 'r' }] }]);
  const counts = { full: 0 };
  const both = chat({ 'gen_ai.input.messages': input }, {
    'llm.input_messages.0.message.role': 'tool', 'llm.input_messages.0.message.tool_call_id': 'call_oi',
    'llm.input_messages.0.message.content': 'result',
  });
  // OTel GenAI comes before OpenInference in the merge (semconv/index.ts).
  assert.deepEqual(keysOf(both, counts), { asks: [], resultIds: ['call_g'], hasResults: true });
  assert.equal(counts.full, 1, 'the merge decides between the two conversations');
  const tool = makeSpan({ name: 'execute_tool search', attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search', 'gen_ai.input.messages': input } });
  assert.equal(ingestFields(tool, counts).toolCalls, null);
  assert.equal(counts.full, 1, 'a tool span is not normalized in full for keys it cannot have');
});

test('every tool message shape the normalizer reads gives the same keys as the full normalization', () => {
  // One conversation per shape (message-parts.ts, message-shapes.ts), each asking for a tool and
  // carrying a result; the ids tell which shape each key came from.
  const shapes: Array<[string, string, unknown[], unknown[]]> = [
    ['OpenAI chat', 'oa', [{ role: 'tool', tool_call_id: 'oa_r', content: 'sunny' }], [{ role: 'assistant', tool_calls: [{ id: 'oa_c', type: 'function', function: { name: 'weather', arguments: '{}' } }] }]],
    ['Anthropic', 'an', [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'an_r', content: 'sunny' }] }], [{ role: 'assistant', content: [{ type: 'tool_use', id: 'an_c', name: 'weather', input: {} }] }]],
    ['Gemini', 'ge', [{ role: 'user', parts: [{ functionResponse: { id: 'ge_r', name: 'weather', response: { ok: 1 } } }] }], [{ role: 'model', parts: [{ functionCall: { id: 'ge_c', name: 'weather', args: {} } }] }]],
    ['Bedrock', 'br', [{ role: 'user', content: [{ toolResult: { toolUseId: 'br_r', content: [{ text: 'sunny' }] } }] }], [{ role: 'assistant', content: [{ toolUse: { toolUseId: 'br_c', name: 'weather', input: {} } }] }]],
    ['AI SDK', 'ai', [{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'ai_r', toolName: 'weather', output: { type: 'text', value: 'sunny' } }] }], [{ role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'ai_c', toolName: 'weather', input: {} }] }]],
    ['Responses API', 're', [{ role: 'user', content: [{ type: 'function_call_output', call_id: 're_r', output: 'sunny' }] }], [{ role: 'assistant', content: [{ type: 'function_call', call_id: 're_c', name: 'weather', arguments: '{}' }] }]],
    ['LangChain', 'lc', [{ lc: 1, type: 'constructor', id: ['langchain', 'schema', 'messages', 'ToolMessage'], kwargs: { content: 'sunny', tool_call_id: 'lc_r' } }], [{ lc: 1, type: 'constructor', id: ['langchain', 'schema', 'messages', 'AIMessage'], kwargs: { content: '', tool_calls: [{ id: 'lc_c', name: 'weather', args: {} }] } }]],
    ['Genkit', 'gk', [{ role: 'tool', content: [{ toolResponse: { ref: 'gk_r', name: 'weather', output: 'sunny' } }] }], [{ role: 'model', content: [{ toolRequest: { ref: 'gk_c', name: 'weather', input: {} } }] }]],
    ['OTel server tools', 'st', [{ role: 'user', parts: [{ type: 'server_tool_call_response', id: 'st_r', server_tool_call_response: { ok: 1 } }] }], [{ role: 'assistant', parts: [{ type: 'server_tool_call', id: 'st_c', name: 'search', server_tool_call: {} }] }]],
  ];
  for (const [shape, prefix, input, output] of shapes) {
    const keys = keysOf(chat({ 'gen_ai.input.messages': JSON.stringify(input), 'gen_ai.output.messages': JSON.stringify(output) }));
    assert.equal(keys.asks.length, 1, `${shape}: one tool asked for`);
    assert.equal(keys.asks[0][0], `${prefix}_c`, `${shape}: the call's id`);
    assert.equal(keys.hasResults, true, `${shape}: the input holds a result`);
  }
});
