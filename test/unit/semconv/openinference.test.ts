import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpan } from '../../../src/engine/semconv';
import { makeSpan } from '../../factories/spans';

test('OpenInference LLM span: flattened messages, multimodal contents, tool calls, tokens, cost, tools, params', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'openinference.span.kind': 'LLM',
      'llm.provider': 'openai',
      'llm.system': 'openai',
      'llm.model_name': 'gpt-4o-2024-08-06',
      'llm.invocation_parameters': '{"temperature": 0.2}',
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'You help.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.contents.0.message_content.type': 'text',
      'llm.input_messages.1.message.contents.0.message_content.text': 'What is this?',
      'llm.input_messages.1.message.contents.1.message_content.type': 'image',
      'llm.input_messages.1.message.contents.1.message_content.image.image.url': 'https://img/cat.png',
      'llm.input_messages.2.message.role': 'tool',
      'llm.input_messages.2.message.tool_call_id': 'call_0',
      'llm.input_messages.2.message.content': '42',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'call_abc123',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"location": "SF"}',
      'llm.tools.0.tool.json_schema': JSON.stringify({ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } } }),
      'llm.token_count.prompt': 100,
      'llm.token_count.completion': 20,
      'llm.token_count.total': 120,
      'llm.token_count.prompt_details.cache_read': 60,
      'llm.token_count.prompt_details.cache_write': 10,
      'llm.token_count.completion_details.reasoning': 5,
      'llm.cost.total': 0.0066,
      'input.value': '{"messages": []}',
      'input.mime_type': 'application/json',
    },
  }), []);
  assert.equal(n.kind, 'llm');
  assert.equal(n.provider, 'openai');
  assert.equal(n.model, 'gpt-4o-2024-08-06');
  assert.deepEqual(n.usage, { inputTokens: 100, outputTokens: 20, totalTokens: 120, cacheReadTokens: 60, cacheWriteTokens: 10, reasoningTokens: 5 });
  assert.equal(n.costUsd, 0.0066);
  assert.deepEqual(n.requestParameters, { temperature: 0.2 });
  const input = n.input!.messages;
  assert.deepEqual(input[0], { role: 'system', parts: [{ type: 'text', text: 'You help.' }] });
  assert.deepEqual(input[1].parts, [{ type: 'text', text: 'What is this?' }, { type: 'media', modality: 'image', uri: 'https://img/cat.png' }]);
  assert.deepEqual(input[2].parts, [{ type: 'tool_result', id: 'call_0', result: '42' }]);
  assert.deepEqual(n.output!.messages[0].parts, [{ type: 'tool_call', id: 'call_abc123', name: 'get_weather', arguments: '{"location": "SF"}' }]);
  assert.deepEqual(n.toolDefinitions, [{ name: 'get_weather', description: 'Weather', parameters: '{"type":"object"}' }]);
  assert.deepEqual(n.conventions, ['openinference']);
});

test('OpenInference routed models: request and response model names', () => {
  const n = normalizeSpan(makeSpan({
    attributes: { 'openinference.span.kind': 'LLM', 'llm.request.model_name': 'claude-opus-5', 'llm.response.model_name': 'claude-opus-4-8' },
  }), []);
  assert.equal(n.requestModel, 'claude-opus-5');
  assert.equal(n.model, 'claude-opus-4-8');
});

test('OpenInference legacy completions: llm.prompts / llm.choices', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'openinference.span.kind': 'LLM', 'llm.model_name': 'davinci',
      'llm.prompts.0.prompt.text': 'def fib(n):', 'llm.choices.0.completion.text': ' return n',
    },
  }), []);
  assert.deepEqual(n.input!.messages, [{ role: 'user', parts: [{ type: 'text', text: 'def fib(n):' }] }]);
  assert.deepEqual(n.output!.messages, [{ role: 'assistant', parts: [{ type: 'text', text: ' return n' }] }]);
});

test('OpenInference retriever: documents with ids, scores, JSON metadata; query from input.value', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'openinference.span.kind': 'RETRIEVER',
      'input.value': 'how do refunds work',
      'retrieval.documents.0.document.id': 'a',
      'retrieval.documents.0.document.content': 'Refunds take 5 days.',
      'retrieval.documents.0.document.score': 0.83,
      'retrieval.documents.0.document.metadata': '{"source": "faq.md"}',
      'retrieval.documents.1.document.id': 7, // ids may be integers
      'retrieval.documents.1.document.content': 'Shipping.',
    },
  }), []);
  assert.equal(n.kind, 'retrieval');
  assert.equal(n.retrieval!.query, 'how do refunds work');
  assert.deepEqual(n.retrieval!.documents, [
    { id: 'a', content: 'Refunds take 5 days.', score: 0.83, metadata: { source: 'faq.md' }, rank: 1 },
    { id: '7', content: 'Shipping.', rank: 2 },
  ]);
  assert.deepEqual(n.input!.messages, [{ role: 'input', parts: [{ type: 'text', text: 'how do refunds work' }] }]);
});

test('OpenInference reranker: output documents are the documents, input documents kept apart', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'openinference.span.kind': 'RERANKER',
      'reranker.query': 'refunds',
      'reranker.model_name': 'cross-encoder/ms-marco-MiniLM-L-12-v2',
      'reranker.top_k': 1,
      'reranker.input_documents.0.document.id': 'x',
      'reranker.input_documents.0.document.content': 'X',
      'reranker.input_documents.1.document.id': 'y',
      'reranker.input_documents.1.document.content': 'Y',
      'reranker.output_documents.0.document.id': 'y',
      'reranker.output_documents.0.document.score': 0.99,
    },
  }), []);
  assert.equal(n.kind, 'rerank');
  assert.equal(n.requestModel, 'cross-encoder/ms-marco-MiniLM-L-12-v2');
  assert.equal(n.retrieval!.query, 'refunds');
  assert.deepEqual(n.retrieval!.documents, [{ id: 'y', score: 0.99, rank: 1 }]);
  assert.deepEqual(n.retrieval!.inputDocuments!.map((d) => [d.id, d.rank]), [['x', 1], ['y', 2]]);
});

test('OpenInference tool span: name, call id, arguments from input.value, result from output.value', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'openinference.span.kind': 'TOOL', 'tool.name': 'get_weather', 'tool.id': 'call_62136355',
      'tool.description': 'Weather API', 'tool.parameters': '{"a": "int"}',
      'input.value': '{"location": "SF"}', 'output.value': 'sunny',
    },
  }), []);
  assert.equal(n.kind, 'tool');
  assert.deepEqual(n.tool, { name: 'get_weather', callId: 'call_62136355', arguments: '{"location": "SF"}', result: 'sunny', description: 'Weather API' });
});

test('OpenInference chain/agent: input.value/output.value become input/output (not user turns), agent name, session, user', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'openinference.span.kind': 'AGENT', 'agent.name': 'researcher',
      'input.value': '{"question": "why"}', 'input.mime_type': 'application/json', 'output.value': 'because',
      'session.id': 's-1', 'user.id': 'u-1',
    },
  }), []);
  assert.equal(n.kind, 'agent');
  assert.equal(n.agentName, 'researcher');
  assert.deepEqual(n.input!.messages, [{ role: 'input', parts: [{ type: 'text', text: '{"question": "why"}' }] }]);
  assert.deepEqual(n.output!.messages, [{ role: 'output', parts: [{ type: 'text', text: 'because' }] }]);
  assert.equal(n.sessionId, 's-1');
  assert.equal(n.userId, 'u-1');
  assert.equal(n.contentCaptured, undefined, 'only model calls say whether content was captured');
});

test('OpenInference LLM span whose only content is input.value JSON of the request body', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o',
      'input.value': JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }] }),
      'output.value': JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'a' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }),
    },
  }), []);
  assert.deepEqual(n.input!.messages.map((m) => m.role), ['system', 'user']);
  assert.deepEqual(n.output!.messages, [{ role: 'assistant', parts: [{ type: 'text', text: 'a' }], finishReason: 'stop' }]);
  assert.deepEqual(n.usage, { inputTokens: 3, outputTokens: 1, totalTokens: 4 }, 'usage sent inside the raw response is used when no token attributes exist');
});

test('OpenInference prompt template and registry link', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'openinference.span.kind': 'LLM',
      'llm.prompt_template.template': 'Weather forecast for {city}',
      'llm.prompt_template.variables': '{"city": "Oslo"}',
      'llm.prompt_template.version': 'v1.0',
      'prompt.id': 'p-9', 'prompt.url': 'https://prompts/p-9', 'prompt.vendor': 'phoenix',
    },
  }), []);
  assert.deepEqual(n.prompt, { template: 'Weather forecast for {city}', version: 'v1.0', id: 'p-9', url: 'https://prompts/p-9', variables: { city: 'Oslo' } });
});

test('OpenInference embedding: model and embedded texts', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'text-embedding-3-small',
      'embedding.embeddings.0.embedding.text': 'hello', 'embedding.embeddings.1.embedding.text': 'world',
      'llm.token_count.prompt': 2,
    },
  }), []);
  assert.equal(n.kind, 'embedding');
  assert.equal(n.model, 'text-embedding-3-small');
  assert.deepEqual(n.input!.messages[0].parts, [{ type: 'text', text: 'hello' }, { type: 'text', text: 'world' }]);
  assert.equal(n.contentCaptured, true);
});
