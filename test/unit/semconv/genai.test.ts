import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpan } from '../../../src/engine/semconv';
import { makeLog, makeSpan } from '../../factories/spans';

test('GenAI current keys: kind, provider, models, usage subsets, cost, finish reasons, parameters', () => {
  const n = normalizeSpan(makeSpan({
    name: 'chat gpt-4o-mini',
    spanKind: 'client',
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.temperature': 1, // JS exporters send whole doubles as ints
      'gen_ai.request.max_tokens': 200,
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 340,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 100,
      'gen_ai.usage.reasoning.output_tokens': 40,
      'gen_ai.usage.cost': 0.0021,
      'gen_ai.response.finish_reasons': ['stop'],
    },
  }), []);
  assert.equal(n.kind, 'llm');
  assert.equal(n.provider, 'openai');
  assert.equal(n.requestModel, 'gpt-4o-mini');
  assert.equal(n.model, 'gpt-4o-mini-2024-07-18');
  // OTel semantics kept as sent: input includes cache, output includes reasoning; no invented total.
  assert.deepEqual(n.usage, { inputTokens: 1200, outputTokens: 340, cacheReadTokens: 1000, cacheWriteTokens: 100, reasoningTokens: 40 });
  assert.equal(n.costUsd, 0.0021);
  assert.deepEqual(n.finishReasons, ['stop']);
  assert.deepEqual(n.requestParameters, { temperature: 1, max_tokens: 200 });
  assert.deepEqual(n.conventions, ['genai']);
  assert.equal(n.contentCaptured, false);
});

test('GenAI deprecated keys: gen_ai.system (capitalised) and prompt/completion token names', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'gen_ai.system': 'Anthropic',
      'gen_ai.request.model': 'claude-sonnet-4',
      'gen_ai.usage.prompt_tokens': 10,
      'gen_ai.usage.completion_tokens': 5,
    },
  }), []);
  assert.equal(n.provider, 'anthropic');
  assert.equal(n.kind, 'llm', 'a model attribute alone makes a model call');
  assert.equal(n.model, 'claude-sonnet-4', 'the requested model stands in for an absent response model');
  assert.deepEqual(n.usage, { inputTokens: 10, outputTokens: 5 });
});

test('GenAI messages as JSON strings, with system instructions as a leading system message and all part types', () => {
  const input = [
    { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }, { type: 'uri', modality: 'image', mime_type: 'image/png', uri: 'https://x/y.png' }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'rainy, 57°F' }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_2', result: 'doc example used result' }] },
  ];
  const output = [{ role: 'assistant', finish_reason: 'stop', parts: [{ type: 'reasoning', content: 'think' }, { type: 'text', content: 'Rainy.' }, { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'AAAA' }] }];
  const n = normalizeSpan(makeSpan({
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are terse.' }]),
      'gen_ai.input.messages': JSON.stringify(input),
      'gen_ai.output.messages': JSON.stringify(output),
    },
  }), []);
  const msgs = n.input!.messages;
  assert.deepEqual(msgs[0], { role: 'system', parts: [{ type: 'text', text: 'You are terse.' }] });
  assert.deepEqual(msgs[1].parts[0], { type: 'text', text: 'Weather in Paris?' });
  assert.deepEqual(msgs[1].parts[1], { type: 'media', mimeType: 'image/png', modality: 'image', uri: 'https://x/y.png' });
  assert.deepEqual(msgs[2].parts[0], { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' });
  assert.deepEqual(msgs[3].parts[0], { type: 'tool_result', id: 'call_1', result: 'rainy, 57°F' });
  assert.deepEqual(msgs[4].parts[0], { type: 'tool_result', id: 'call_2', result: 'doc example used result' });
  const out = n.output!.messages[0];
  assert.equal(out.finishReason, 'stop');
  assert.deepEqual(out.parts[0], { type: 'reasoning', text: 'think' });
  assert.deepEqual(out.parts[2], { type: 'media', mimeType: 'image/png', modality: 'image', dataLength: 4 });
  assert.equal(n.contentCaptured, true);
});

test('GenAI messages as real structured OTLP values (kvlist/array) are read the same', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
      'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: 'hello' }] }],
    },
  }), []);
  assert.deepEqual(n.input!.messages, [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }]);
  assert.deepEqual(n.output!.messages, [{ role: 'assistant', parts: [{ type: 'text', text: 'hello' }] }]);
});

test('GenAI tool definitions, tool execution span, agent and workflow kinds', () => {
  const defs = normalizeSpan(makeSpan({
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.tool.definitions': JSON.stringify([{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }]),
    },
  }), []);
  assert.deepEqual(defs.toolDefinitions, [{ name: 'get_weather', description: 'Weather', parameters: '{"type":"object"}' }]);

  const tool = normalizeSpan(makeSpan({
    name: 'execute_tool get_weather',
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.arguments': '{"city":"Paris"}',
      'gen_ai.tool.call.result': '{"temp":14}',
    },
  }), []);
  assert.equal(tool.kind, 'tool');
  assert.deepEqual(tool.tool, { name: 'get_weather', callId: 'call_1', arguments: '{"city":"Paris"}', result: '{"temp":14}' });

  const agent = normalizeSpan(makeSpan({ attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' } }), []);
  assert.equal(agent.kind, 'agent');
  assert.equal(agent.agentName, 'planner');
  assert.equal(normalizeSpan(makeSpan({ attributes: { 'gen_ai.operation.name': 'invoke_workflow' } }), []).kind, 'chain');
  assert.equal(normalizeSpan(makeSpan({ attributes: { 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'e' } }), []).kind, 'embedding');
  assert.equal(normalizeSpan(makeSpan({ attributes: { 'gen_ai.operation.name': 'create_agent' } }), []).kind, 'agent');
});

test('GenAI retrieval: query text and documents (content optional), ranks 1-based in order, extra fields as metadata', () => {
  const n = normalizeSpan(makeSpan({
    name: 'retrieval kb',
    attributes: {
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'kb',
      'gen_ai.retrieval.query.text': 'refund policy',
      'gen_ai.retrieval.documents': JSON.stringify([{ id: 'd2', score: 0.9, content: 'Refunds within 30 days', source: 'faq.md' }, { id: 'd7', score: 0.4 }]),
    },
  }), []);
  assert.equal(n.kind, 'retrieval');
  assert.equal(n.retrieval!.query, 'refund policy');
  assert.deepEqual(n.retrieval!.documents, [
    { id: 'd2', content: 'Refunds within 30 days', score: 0.9, metadata: { source: 'faq.md' }, rank: 1 },
    { id: 'd7', score: 0.4, rank: 2 },
  ]);
});

test('GenAI deprecated message log records (openai-v2 style), joined to the span, become input and output', () => {
  const span = makeSpan({ attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o' } });
  const ids = { traceId: span.traceId, spanId: span.spanId };
  const logs = [
    makeLog({ ...ids, eventName: 'gen_ai.system.message', body: { content: 'Be brief.' } }),
    makeLog({ ...ids, eventName: 'gen_ai.user.message', body: { content: 'Weather?' } }),
    makeLog({ ...ids, eventName: 'gen_ai.assistant.message', body: { tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"q":"Paris"}' } }] } }),
    makeLog({ ...ids, eventName: 'gen_ai.tool.message', body: { content: 'rainy', id: 'c1' } }),
    makeLog({ ...ids, eventName: 'gen_ai.choice', body: { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Rainy.' } } }),
  ];
  const n = normalizeSpan(span, logs);
  assert.deepEqual(n.input!.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool']);
  assert.deepEqual(n.input!.messages[2].parts, [{ type: 'tool_call', id: 'c1', name: 'weather', arguments: '{"q":"Paris"}' }]);
  assert.deepEqual(n.input!.messages[3].parts, [{ type: 'tool_result', id: 'c1', result: 'rainy' }]);
  assert.deepEqual(n.output!.messages, [{ role: 'assistant', parts: [{ type: 'text', text: 'Rainy.' }], finishReason: 'stop' }]);
  assert.ok(n.conventions!.includes('genai-events'));
});

test('GenAI inference operation details log record (current) carries structured messages', () => {
  const span = makeSpan({ attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' } });
  const log = makeLog({
    traceId: span.traceId, spanId: span.spanId, eventName: 'gen_ai.client.inference.operation.details',
    attributes: {
      'gen_ai.system_instructions': [{ type: 'text', content: 'sys' }],
      'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'q' }] }],
      'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: 'a' }], finish_reason: 'stop' }],
    },
  });
  const n = normalizeSpan(span, [log]);
  assert.deepEqual(n.input!.messages.map((m) => m.role), ['system', 'user']);
  assert.equal(n.output!.messages[0].finishReason, 'stop');
  assert.equal(n.contentCaptured, true);
});

test('GenAI message events on the span itself (Strands style: JSON-string attributes, Bedrock content blocks)', () => {
  const n = normalizeSpan(makeSpan({
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'us.anthropic.claude' },
    events: [
      { name: 'gen_ai.user.message', timeUnixMs: 1, attributes: { content: JSON.stringify([{ text: 'What time is it?' }]) } },
      { name: 'gen_ai.choice', timeUnixMs: 2, attributes: { message: JSON.stringify([{ toolUse: { toolUseId: 't1', name: 'clock', input: {} } }]), finish_reason: 'tool_use' } },
    ],
  }), []);
  assert.deepEqual(n.input!.messages, [{ role: 'user', parts: [{ type: 'text', text: 'What time is it?' }] }]);
  assert.deepEqual(n.output!.messages[0].parts, [{ type: 'tool_call', id: 't1', name: 'clock', arguments: '{}' }]);
  assert.deepEqual(n.finishReasons, ['tool_use']);
});

test('old span events gen_ai.content.prompt / gen_ai.content.completion', () => {
  const n = normalizeSpan(makeSpan({
    attributes: { 'gen_ai.request.model': 'm' },
    events: [
      { name: 'gen_ai.content.prompt', timeUnixMs: 1, attributes: { 'gen_ai.prompt': JSON.stringify([{ role: 'user', content: 'ping' }]) } },
      { name: 'gen_ai.content.completion', timeUnixMs: 2, attributes: { 'gen_ai.completion': JSON.stringify([{ role: 'assistant', content: 'pong' }]) } },
    ],
  }), []);
  assert.equal(n.input!.messages[0].parts[0].type === 'text' && n.input!.messages[0].parts[0].text, 'ping');
  assert.equal(n.output!.messages[0].parts[0].type === 'text' && n.output!.messages[0].parts[0].text, 'pong');
});

test('LiteLLM\'s response cost (gen_ai.cost.total_cost) is the recorded cost', () => {
  const n = normalizeSpan(makeSpan({
    name: 'litellm_request',
    attributes: { 'gen_ai.request.model': 'claude-3-5-haiku', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 10, 'gen_ai.cost.input_cost': 0.00008, 'gen_ai.cost.output_cost': 0.00004, 'gen_ai.cost.total_cost': 0.00012 },
  }), []);
  assert.equal(n.costUsd, 0.00012);
});
