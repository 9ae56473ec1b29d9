import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpan } from '../../../src/engine/semconv';
import { makeSpan } from '../../factories/spans';

const lc = (cls: string, kwargs: Record<string, unknown>) => ({ lc: 1, type: 'constructor', id: ['langchain_core', 'messages', cls], kwargs });

test('LangSmith chat model run: LangChain serialized messages in gen_ai.prompt, generations in gen_ai.completion', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'langsmith.span.kind': 'llm',
      'langsmith.metadata.ls_provider': 'anthropic',
      'langsmith.metadata.ls_model_name': 'claude-sonnet-4',
      'langsmith.trace.session_id': 'proj-1',
      'gen_ai.prompt': JSON.stringify({ messages: [[lc('SystemMessage', { content: 'sys' }), lc('HumanMessage', { content: 'hi' })]] }),
      'gen_ai.completion': JSON.stringify({
        generations: [[{ text: 'hello', message: lc('AIMessage', { content: 'hello', tool_calls: [{ id: 't1', name: 'search', args: { q: 'x' } }] }), generation_info: { finish_reason: 'tool_use' } }]],
      }),
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 4,
      'gen_ai.usage.total_tokens': 16,
      'gen_ai.usage.input_token_details': '{"cache_read": 8, "cache_creation": 2}',
      'gen_ai.usage.output_token_details': '{"reasoning": 1}',
    },
  }), []);
  assert.equal(n.kind, 'llm');
  assert.equal(n.provider, 'anthropic');
  assert.equal(n.model, 'claude-sonnet-4');
  assert.deepEqual(n.input!.messages, [{ role: 'system', parts: [{ type: 'text', text: 'sys' }] }, { role: 'user', parts: [{ type: 'text', text: 'hi' }] }]);
  assert.deepEqual(n.output!.messages, [{
    role: 'assistant', finishReason: 'tool_use',
    parts: [{ type: 'text', text: 'hello' }, { type: 'tool_call', id: 't1', name: 'search', arguments: '{"q":"x"}' }],
  }]);
  assert.deepEqual(n.usage, { inputTokens: 12, outputTokens: 4, totalTokens: 16, cacheReadTokens: 8, cacheWriteTokens: 2, reasoningTokens: 1 });
  assert.equal(n.sessionId, 'proj-1');
});

test('LangSmith tool and chain runs: kinds from langsmith.span.kind; inputs/outputs dicts kept raw', () => {
  const tool = normalizeSpan(makeSpan({
    name: 'get_weather',
    attributes: { 'langsmith.span.kind': 'tool', 'gen_ai.prompt': '{"city":"Paris"}', 'gen_ai.completion': '{"temp":18}' },
  }), []);
  assert.equal(tool.kind, 'tool');
  assert.deepEqual(tool.tool, { name: 'get_weather', arguments: '{"city":"Paris"}', result: '{"temp":18}' });
  const chain = normalizeSpan(makeSpan({ attributes: { 'langsmith.span.kind': 'chain', 'langsmith.metadata.thread_id': 'th-9', 'langsmith.trace.session_id': 'proj-1' } }), []);
  assert.equal(chain.kind, 'chain');
  assert.equal(chain.sessionId, 'th-9', 'a conversation id in metadata beats the project-level session');
  assert.equal(normalizeSpan(makeSpan({ attributes: { 'langsmith.span.kind': 'parser' } }), []).kind, 'chain');
  assert.equal(normalizeSpan(makeSpan({ attributes: { 'langsmith.span.kind': 'embedding' } }), []).kind, 'embedding');
});

test('Langfuse generation: model, parameters, disjoint usage_details made OTel-style, cost from components, prompt link', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'langfuse.observation.type': 'generation',
      'langfuse.observation.model.name': 'gpt-4o',
      'langfuse.observation.model.parameters': '{"temperature": 0}',
      'langfuse.observation.usage_details': '{"input": 20, "input_cached_tokens": 80, "output": 10, "output_reasoning_tokens": 5, "total": 115}',
      'langfuse.observation.cost_details': '{"input": 0.001, "output": 0.002}',
      'langfuse.observation.prompt.name': 'qa-prompt',
      'langfuse.observation.prompt.version': 3,
      'langfuse.observation.input': '[{"role":"user","content":"q"}]',
      'langfuse.observation.output': '{"role":"assistant","content":"a"}',
      'langfuse.session.id': 'lf-sess',
      'langfuse.user.id': 'lf-user',
    },
  }), []);
  assert.equal(n.kind, 'llm');
  assert.equal(n.model, 'gpt-4o');
  assert.deepEqual(n.requestParameters, { temperature: 0 });
  assert.deepEqual(n.usage, { inputTokens: 100, outputTokens: 15, totalTokens: 115, cacheReadTokens: 80, reasoningTokens: 5 });
  assert.equal(n.costUsd, 0.003);
  assert.deepEqual(n.prompt, { name: 'qa-prompt', version: '3' });
  assert.deepEqual(n.input!.messages, [{ role: 'user', parts: [{ type: 'text', text: 'q' }] }]);
  assert.deepEqual(n.output!.messages, [{ role: 'assistant', parts: [{ type: 'text', text: 'a' }] }]);
  assert.equal(n.sessionId, 'lf-sess');
  assert.equal(n.userId, 'lf-user');
});

test('Langfuse level ERROR with status unset is an error; generic span type says nothing about the kind', () => {
  const n = normalizeSpan(makeSpan({
    attributes: { 'langfuse.observation.type': 'span', 'langfuse.observation.level': 'ERROR', 'langfuse.observation.status_message': 'boom' },
  }), []);
  assert.equal(n.kind, 'other');
  assert.deepEqual(n.error, { message: 'boom' });
});
