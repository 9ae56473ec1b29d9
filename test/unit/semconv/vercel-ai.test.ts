import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpan } from '../../../src/engine/semconv';
import { makeSpan } from '../../factories/spans';

test('AI SDK v4 doGenerate: promptTokens/completionTokens, provider from ai.model.provider, ai.prompt.messages, text + tool calls', () => {
  const n = normalizeSpan(makeSpan({
    name: 'ai.generateText.doGenerate',
    attributes: {
      'operation.name': 'ai.generateText.doGenerate',
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.id': 'gpt-4o-mini',
      'ai.model.provider': 'openai.chat',
      'gen_ai.system': 'openai.chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'ai.prompt.format': 'messages',
      'ai.prompt.messages': JSON.stringify([
        { role: 'system', content: 'Be short.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'tc1', toolName: 'weather', args: { city: 'Rome' } }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'tc1', toolName: 'weather', result: { temp: 20 } }] },
      ]),
      'ai.prompt.tools': [JSON.stringify({ type: 'function', name: 'weather', description: 'W', parameters: { type: 'object' } })],
      'ai.response.text': 'It is 20C.',
      'ai.response.toolCalls': JSON.stringify([{ toolCallType: 'function', toolCallId: 'tc2', toolName: 'weather', args: '{"city":"Oslo"}' }]),
      'ai.response.finishReason': 'stop',
      'ai.usage.promptTokens': 30,
      'ai.usage.completionTokens': 8,
      'ai.settings.maxRetries': 2,
      'ai.telemetry.metadata.sessionId': 'chat-42',
      'ai.telemetry.metadata.userId': 'alice',
    },
  }), []);
  assert.equal(n.kind, 'llm');
  assert.equal(n.provider, 'openai');
  assert.equal(n.requestModel, 'gpt-4o-mini');
  assert.deepEqual(n.usage, { inputTokens: 30, outputTokens: 8 });
  assert.deepEqual(n.input!.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool']);
  assert.deepEqual(n.input!.messages[2].parts, [{ type: 'tool_call', id: 'tc1', name: 'weather', arguments: '{"city":"Rome"}' }]);
  assert.deepEqual(n.input!.messages[3].parts, [{ type: 'tool_result', id: 'tc1', result: '{"temp":20}' }]);
  assert.deepEqual(n.output!.messages, [{
    role: 'assistant', finishReason: 'stop',
    parts: [{ type: 'text', text: 'It is 20C.' }, { type: 'tool_call', id: 'tc2', name: 'weather', arguments: '{"city":"Oslo"}' }],
  }]);
  assert.deepEqual(n.toolDefinitions, [{ name: 'weather', description: 'W', parameters: '{"type":"object"}' }]);
  assert.deepEqual(n.requestParameters, { maxRetries: 2 });
  assert.equal(n.sessionId, 'chat-42');
  assert.equal(n.userId, 'alice');
  assert.ok(n.conventions!.includes('vercel-ai'));
});

test('AI SDK v5/v6 token keys: inputTokens/outputTokens/totalTokens/reasoningTokens/cachedInputTokens', () => {
  const n = normalizeSpan(makeSpan({
    name: 'ai.streamText.doStream',
    attributes: {
      'ai.operationId': 'ai.streamText.doStream', 'ai.model.id': 'claude', 'ai.model.provider': 'anthropic.messages',
      'ai.usage.inputTokens': 100, 'ai.usage.outputTokens': 40, 'ai.usage.totalTokens': 140,
      'ai.usage.reasoningTokens': 12, 'ai.usage.cachedInputTokens': 64,
      // v5 also still sends the old names; the new ones win.
      'ai.usage.promptTokens': 100, 'ai.usage.completionTokens': 40,
    },
  }), []);
  assert.equal(n.provider, 'anthropic');
  assert.deepEqual(n.usage, { inputTokens: 100, outputTokens: 40, totalTokens: 140, cacheReadTokens: 64, reasoningTokens: 12 });
});

test('AI SDK later token detail keys only: parts add up to OTel-style input/output', () => {
  const n = normalizeSpan(makeSpan({
    name: 'ai.generateText.doGenerate',
    attributes: {
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.usage.inputTokenDetails.noCacheTokens': 10, 'ai.usage.inputTokenDetails.cacheReadTokens': 80,
      'ai.usage.inputTokenDetails.cacheWriteTokens': 5,
      'ai.usage.outputTokenDetails.textTokens': 20, 'ai.usage.outputTokenDetails.reasoningTokens': 7,
    },
  }), []);
  assert.deepEqual(n.usage, { inputTokens: 95, outputTokens: 27, cacheReadTokens: 80, cacheWriteTokens: 5, reasoningTokens: 7 });
});

test('AI SDK v3/v4 ai.result.* output names and ai.finishReason; outer span is a chain with ai.prompt JSON', () => {
  const n = normalizeSpan(makeSpan({
    name: 'ai.generateText',
    attributes: {
      'ai.operationId': 'ai.generateText', 'ai.model.id': 'gpt-4',
      'ai.prompt': JSON.stringify({ system: 'sys', prompt: 'Tell me a joke' }),
      'ai.result.text': 'Why did...', 'ai.finishReason': 'stop',
      'ai.usage.promptTokens': 5, 'ai.usage.completionTokens': 6,
    },
  }), []);
  assert.equal(n.kind, 'chain');
  assert.deepEqual(n.input!.messages, [
    { role: 'system', parts: [{ type: 'text', text: 'sys' }] },
    { role: 'user', parts: [{ type: 'text', text: 'Tell me a joke' }] },
  ]);
  assert.deepEqual(n.output!.messages, [{ role: 'assistant', parts: [{ type: 'text', text: 'Why did...' }], finishReason: 'stop' }]);
});

test('AI SDK tool call span and embeddings', () => {
  const tool = normalizeSpan(makeSpan({
    name: 'ai.toolCall',
    attributes: { 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'weather', 'ai.toolCall.id': 'tc1', 'ai.toolCall.args': '{"city":"Rome"}', 'ai.toolCall.result': '{"temp":20}' },
  }), []);
  assert.equal(tool.kind, 'tool');
  assert.deepEqual(tool.tool, { name: 'weather', callId: 'tc1', arguments: '{"city":"Rome"}', result: '{"temp":20}' });

  const embed = normalizeSpan(makeSpan({
    name: 'ai.embedMany.doEmbed',
    attributes: { 'ai.operationId': 'ai.embedMany.doEmbed', 'ai.model.id': 'text-embedding-3-small', 'ai.values': ['"sunny day"', '"rainy day"'], 'ai.usage.tokens': 6 },
  }), []);
  assert.equal(embed.kind, 'embedding');
  assert.deepEqual(embed.usage, { inputTokens: 6 });
  assert.deepEqual(embed.input!.messages[0].parts, [{ type: 'text', text: 'sunny day' }, { type: 'text', text: 'rainy day' }]);
});

test('AI SDK v7 default exporter follows GenAI: invoke_agent root, chat child, execute_tool', () => {
  const root = normalizeSpan(makeSpan({
    name: 'invoke_agent gpt-4o',
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'my-fn', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 },
  }), []);
  assert.equal(root.kind, 'agent');
  assert.equal(root.agentName, 'my-fn');
  assert.equal(root.contentCaptured, undefined);
});

test('AI SDK langfusePrompt metadata links the prompt', () => {
  const n = normalizeSpan(makeSpan({
    name: 'ai.generateText',
    attributes: { 'ai.operationId': 'ai.generateText', 'ai.telemetry.metadata.langfusePrompt': '{"name":"qa","version":4,"isFallback":false}' },
  }), []);
  assert.deepEqual(n.prompt, { name: 'qa', version: '4' });
});
