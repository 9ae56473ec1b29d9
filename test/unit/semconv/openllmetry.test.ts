import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpan } from '../../../src/engine/semconv';
import { makeSpan } from '../../factories/spans';

test('OpenLLMetry older LLM span: gen_ai.prompt.N / gen_ai.completion.N, functions, llm.usage.total_tokens, old cache keys', () => {
  const n = normalizeSpan(makeSpan({
    name: 'openai.chat',
    attributes: {
      'llm.request.type': 'chat',
      'gen_ai.system': 'OpenAI',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'Be helpful.',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': JSON.stringify([{ type: 'text', text: 'Hi' }, { type: 'image_url', image_url: { url: 'https://i/x.jpg' } }]),
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': 'Hello!',
      'gen_ai.completion.0.finish_reason': 'tool_calls',
      'gen_ai.completion.0.tool_calls.0.id': 'call_9',
      'gen_ai.completion.0.tool_calls.0.name': 'lookup',
      'gen_ai.completion.0.tool_calls.0.arguments': '{"k":1}',
      'llm.request.functions.0.name': 'lookup',
      'llm.request.functions.0.description': 'Look up',
      'llm.request.functions.0.parameters': '{"type":"object"}',
      'gen_ai.usage.prompt_tokens': 50,
      'gen_ai.usage.completion_tokens': 7,
      'llm.usage.total_tokens': 57,
      'gen_ai.usage.cache_read_input_tokens': 32,
      'gen_ai.usage.cache_creation_input_tokens': 4,
      'llm.is_streaming': false,
    },
  }), []);
  assert.equal(n.kind, 'llm');
  assert.equal(n.provider, 'openai');
  assert.equal(n.model, 'gpt-4o-2024-08-06');
  assert.deepEqual(n.usage, { inputTokens: 50, outputTokens: 7, totalTokens: 57, cacheReadTokens: 32, cacheWriteTokens: 4 });
  assert.deepEqual(n.input!.messages[0], { role: 'system', parts: [{ type: 'text', text: 'Be helpful.' }] });
  assert.deepEqual(n.input!.messages[1].parts, [{ type: 'text', text: 'Hi' }, { type: 'media', modality: 'image', uri: 'https://i/x.jpg' }]);
  assert.deepEqual(n.output!.messages[0], {
    role: 'assistant',
    parts: [{ type: 'text', text: 'Hello!' }, { type: 'tool_call', id: 'call_9', name: 'lookup', arguments: '{"k":1}' }],
    finishReason: 'tool_calls',
  });
  assert.deepEqual(n.finishReasons, ['tool_calls']);
  assert.deepEqual(n.toolDefinitions, [{ name: 'lookup', description: 'Look up', parameters: '{"type":"object"}' }]);
  assert.deepEqual(n.requestParameters, { stream: false });
  assert.ok(n.conventions!.includes('openllmetry') && n.conventions!.includes('genai'));
});

test('gen_ai.prompt.name (GenAI prompt name) is not mistaken for a flattened prompt message', () => {
  const n = normalizeSpan(makeSpan({ attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.prompt.name': 'support-v2' } }), []);
  assert.equal(n.input, undefined);
  assert.deepEqual(n.prompt, { name: 'support-v2' });
});

test('OpenLLMetry newer LLM span: GenAI messages, one JSON tool definitions array, new cache names, total tokens', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': 'anthropic.claude-3',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Q' }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'A' }], finish_reason: 'stop' }]),
      'gen_ai.tool.definitions': JSON.stringify([{ type: 'function', function: { name: 'f', parameters: {} } }]),
      'gen_ai.usage.input_tokens': 9, 'gen_ai.usage.output_tokens': 3, 'gen_ai.usage.total_tokens': 12,
      'gen_ai.usage.cache_read.input_tokens': 2, 'gen_ai.usage.reasoning_tokens': 1, 'gen_ai.is_streaming': true,
    },
  }), []);
  assert.equal(n.provider, 'aws.bedrock');
  assert.deepEqual(n.usage, { inputTokens: 9, outputTokens: 3, totalTokens: 12, cacheReadTokens: 2, reasoningTokens: 1 });
  assert.deepEqual(n.toolDefinitions, [{ name: 'f', parameters: '{}' }]);
  assert.equal(n.output!.messages[0].finishReason, 'stop');
});

test('Traceloop workflow/task/agent/tool spans: kinds, entity input/output, tool info, association properties', () => {
  const wf = normalizeSpan(makeSpan({
    attributes: {
      'traceloop.span.kind': 'workflow', 'traceloop.entity.name': 'answer', 'traceloop.workflow.name': 'answer',
      'traceloop.entity.input': '{"args": ["q"], "kwargs": {}}', 'traceloop.entity.output': '"done"',
      'traceloop.association.properties.session_id': 'sess-7', 'traceloop.association.properties.user_id': 'user-3',
    },
  }), []);
  assert.equal(wf.kind, 'chain');
  assert.equal(wf.sessionId, 'sess-7');
  assert.equal(wf.userId, 'user-3');
  assert.deepEqual(wf.input!.messages, [{ role: 'input', parts: [{ type: 'text', text: '{"args": ["q"], "kwargs": {}}' }] }]);

  const tool = normalizeSpan(makeSpan({
    attributes: { 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'search', 'traceloop.entity.input': '{"q":"x"}', 'traceloop.entity.output': '["r"]' },
  }), []);
  assert.equal(tool.kind, 'tool');
  assert.deepEqual(tool.tool, { name: 'search', arguments: '{"q":"x"}', result: '["r"]' });

  const agent = normalizeSpan(makeSpan({ attributes: { 'traceloop.span.kind': 'agent', 'traceloop.entity.name': 'triage' } }), []);
  assert.equal(agent.kind, 'agent');
  assert.equal(agent.agentName, 'triage');
  assert.equal(normalizeSpan(makeSpan({ attributes: { 'traceloop.span.kind': 'task' } }), []).kind, 'chain');
  assert.equal(normalizeSpan(makeSpan({ attributes: { 'traceloop.association.properties.thread_id': 't-1' } }), []).sessionId, 't-1');
});

test('Traceloop managed prompt: key, version, template, variables (JSON and per-variable keys)', () => {
  const a = normalizeSpan(makeSpan({
    attributes: {
      'traceloop.prompt.managed': true, 'traceloop.prompt.key': 'joke', 'traceloop.prompt.version': 3,
      'traceloop.prompt.version_hash': 'abc', 'traceloop.prompt.template': 'Tell a joke about {{topic}}',
      'traceloop.prompt.template_variables': '{"topic": "owls"}',
    },
  }), []);
  assert.deepEqual(a.prompt, { name: 'joke', version: '3', template: 'Tell a joke about {{topic}}', id: 'abc', variables: { topic: 'owls' } });
  const b = normalizeSpan(makeSpan({
    attributes: { 'traceloop.prompt.key': 'joke', 'traceloop.prompt.template_variables.topic': 'cats' },
  }), []);
  assert.deepEqual(b.prompt!.variables, { topic: 'cats' });
});

test('OpenLLMetry vector DB: db.query.result events become ranked documents (score or distance)', () => {
  const n = normalizeSpan(makeSpan({
    name: 'pinecone.query',
    attributes: { 'db.system': 'pinecone', 'db.vector.query.top_k': 2 },
    events: [
      { name: 'db.query.result', timeUnixMs: 1, attributes: { 'db.query.result.id': 'v1', 'db.query.result.score': 0.91, 'db.query.result.metadata': '{"text": "alpha"}' } },
      { name: 'db.query.result', timeUnixMs: 2, attributes: { 'db.query.result.id': 'v2', 'db.query.result.distance': 0.3, 'db.query.result.document': 'beta' } },
    ],
  }), []);
  assert.equal(n.kind, 'retrieval');
  assert.deepEqual(n.retrieval!.documents, [
    { id: 'v1', score: 0.91, metadata: { text: 'alpha' }, rank: 1 },
    { id: 'v2', content: 'beta', metadata: { distance: 0.3 }, rank: 2 },
  ]);
  assert.deepEqual(n.requestParameters, { top_k: 2 });
});

test('OpenLLMetry guardrail span (JS): kind from operation name', () => {
  const n = normalizeSpan(makeSpan({
    attributes: { 'gen_ai.operation.name': 'guardrail.run', 'gen_ai.guardrail.name': 'pii', 'gen_ai.guardrail.input': 'my ssn is 1', 'gen_ai.guardrail.status': 'FAILED' },
  }), []);
  assert.equal(n.kind, 'guardrail');
  assert.deepEqual(n.input!.messages, [{ role: 'input', parts: [{ type: 'text', text: 'my ssn is 1' }] }]);
});
