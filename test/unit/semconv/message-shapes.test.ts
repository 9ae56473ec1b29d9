/** Request/response bodies of the providers, as they appear in generic carriers (input.value, request_data, ...). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messagesFromValue } from '../../../src/engine/semconv/message-shapes';
import { normalizeSpan } from '../../../src/engine/semconv';
import { makeSpan } from '../../factories/spans';

test('OpenAI Responses API: instructions + string input; output items with reasoning, message and function call', () => {
  assert.deepEqual(messagesFromValue({ instructions: 'Be brief.', input: 'Capital of France?' }, 'input'), [
    { role: 'system', parts: [{ type: 'text', text: 'Be brief.' }] },
    { role: 'user', parts: [{ type: 'text', text: 'Capital of France?' }] },
  ]);
  const output = messagesFromValue({
    output: [
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Think.' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Paris.' }] },
      { type: 'function_call', call_id: 'fc_1', name: 'lookup', arguments: '{"q":1}' },
    ],
  }, 'output');
  assert.deepEqual(output, [
    { role: 'assistant', parts: [{ type: 'reasoning', text: 'Think.' }] },
    { role: 'assistant', parts: [{ type: 'text', text: 'Paris.' }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'fc_1', name: 'lookup', arguments: '{"q":1}' }] },
  ]);
  assert.deepEqual(messagesFromValue({ input: [{ type: 'function_call_output', call_id: 'fc_1', output: '42' }] }, 'input'), [
    { role: 'tool', parts: [{ type: 'tool_result', id: 'fc_1', result: '42' }] },
  ]);
});

test('Anthropic request and response bodies: system field, tool_use / tool_result / thinking blocks, stop_reason', () => {
  assert.deepEqual(messagesFromValue({
    system: [{ type: 'text', text: 'Sys.' }],
    messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu1', content: [{ type: 'text', text: 'sunny' }] }] }],
  }, 'input'), [
    { role: 'system', parts: [{ type: 'text', text: 'Sys.' }] },
    { role: 'user', parts: [{ type: 'tool_result', id: 'tu1', result: 'sunny' }] },
  ]);
  assert.deepEqual(messagesFromValue({
    role: 'assistant', stop_reason: 'tool_use',
    content: [{ type: 'thinking', thinking: 'hmm' }, { type: 'tool_use', id: 'tu2', name: 'w', input: { c: 'x' } }],
  }, 'output'), [{ role: 'assistant', finishReason: 'tool_use', parts: [{ type: 'reasoning', text: 'hmm' }, { type: 'tool_call', id: 'tu2', name: 'w', arguments: '{"c":"x"}' }] }]);
});

test('Gemini and Bedrock Converse bodies', () => {
  assert.deepEqual(messagesFromValue({
    systemInstruction: { parts: [{ text: 'Sys.' }] },
    contents: [{ role: 'user', parts: [{ text: 'Hi' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }] }],
  }, 'input'), [
    { role: 'system', parts: [{ type: 'text', text: 'Sys.' }] },
    { role: 'user', parts: [{ type: 'text', text: 'Hi' }, { type: 'media', mimeType: 'image/png', modality: 'image', dataLength: 4 }] },
  ]);
  assert.deepEqual(messagesFromValue({ candidates: [{ content: { role: 'model', parts: [{ text: 'Yo', thought: true }, { text: 'Hello' }] }, finishReason: 'STOP' }] }, 'output'), [
    { role: 'assistant', finishReason: 'STOP', parts: [{ type: 'reasoning', text: 'Yo' }, { type: 'text', text: 'Hello' }] },
  ]);
  assert.deepEqual(messagesFromValue({ output: { message: { role: 'assistant', content: [{ text: 'Hi' }] } }, stopReason: 'end_turn' }, 'output'), [
    { role: 'assistant', finishReason: 'end_turn', parts: [{ type: 'text', text: 'Hi' }] },
  ]);
});

test('LangChain dict messages and batches; values that are not messages are left alone', () => {
  assert.deepEqual(messagesFromValue([[{ type: 'human', data: { content: 'q' } }, { type: 'ai', data: { content: 'a' } }]], 'input'), [
    { role: 'user', parts: [{ type: 'text', text: 'q' }] },
    { role: 'assistant', parts: [{ type: 'text', text: 'a' }] },
  ]);
  assert.equal(messagesFromValue({ question: 'why' }, 'input'), undefined);
  assert.equal(messagesFromValue([1, 2, 3], 'input'), undefined);
  assert.equal(messagesFromValue('text', 'input'), undefined);
});

test('AI SDK providerMetadata cost (OpenRouter) and LangWatch prompt id', () => {
  const n = normalizeSpan(makeSpan({
    name: 'ai.generateText.doGenerate',
    attributes: { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.response.providerMetadata': '{"openrouter":{"usage":{"cost":0.00042}}}', 'langwatch.prompt.id': 'pr_1' },
  }), []);
  assert.equal(n.costUsd, 0.00042);
  assert.equal(n.prompt!.id, 'pr_1');
});
