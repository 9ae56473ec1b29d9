import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpan } from '../../../src/engine/semconv';
import { makeSpan } from '../../factories/spans';

test('Genkit model action: colon keys, messages and usage only inside genkit:input/output JSON, thoughts added to output', () => {
  const n = normalizeSpan(makeSpan({
    name: 'googleai/gemini-2.5-flash',
    attributes: {
      'genkit:type': 'action',
      'genkit:metadata:subtype': 'model',
      'genkit:name': 'googleai/gemini-2.5-flash',
      'genkit:path': '/{menuFlow,t:flow}/{googleai/gemini-2.5-flash,t:action,s:model}',
      'genkit:input': JSON.stringify({
        messages: [{ role: 'system', content: [{ text: 'Be a chef.' }] }, { role: 'user', content: [{ text: 'Soup?' }, { media: { url: 'https://i/s.png', contentType: 'image/png' } }] }],
        config: { temperature: 0.5 },
        tools: [{ name: 'recipes', description: 'find', inputSchema: { type: 'object' } }],
      }),
      'genkit:output': JSON.stringify({
        message: { role: 'model', content: [{ text: 'Tomato soup.' }, { toolRequest: { name: 'recipes', ref: 'r1', input: { q: 'soup' } } }] },
        finishReason: 'stop',
        usage: { inputTokens: 20, outputTokens: 10, totalTokens: 42, thoughtsTokens: 12, cachedContentTokens: 5 },
      }),
      'genkit:state': 'success',
      'genkit:sessionId': 'gk-1',
    },
  }), []);
  assert.equal(n.kind, 'llm');
  assert.equal(n.provider, 'googleai');
  assert.equal(n.model, 'googleai/gemini-2.5-flash');
  assert.deepEqual(n.usage, { inputTokens: 20, outputTokens: 22, totalTokens: 42, cacheReadTokens: 5, reasoningTokens: 12 });
  assert.deepEqual(n.input!.messages[1].parts, [{ type: 'text', text: 'Soup?' }, { type: 'media', mimeType: 'image/png', modality: 'image', uri: 'https://i/s.png' }]);
  assert.deepEqual(n.output!.messages, [{
    role: 'assistant', finishReason: 'stop',
    parts: [{ type: 'text', text: 'Tomato soup.' }, { type: 'tool_call', id: 'r1', name: 'recipes', arguments: '{"q":"soup"}' }],
  }]);
  assert.deepEqual(n.finishReasons, ['stop']);
  assert.deepEqual(n.requestParameters, { temperature: 0.5 });
  assert.deepEqual(n.toolDefinitions, [{ name: 'recipes', description: 'find', parameters: '{"type":"object"}' }]);
  assert.equal(n.sessionId, 'gk-1');
  assert.deepEqual(n.conventions, ['genkit']);
});

test('Genkit tool, retriever, flow and error state', () => {
  const tool = normalizeSpan(makeSpan({ attributes: { 'genkit:type': 'action', 'genkit:metadata:subtype': 'tool', 'genkit:name': 'recipes', 'genkit:input': '{"q":"soup"}', 'genkit:output': '["a"]' } }), []);
  assert.deepEqual(tool.tool, { name: 'recipes', arguments: '{"q":"soup"}', result: '["a"]' });
  const retriever = normalizeSpan(makeSpan({
    attributes: {
      'genkit:type': 'action', 'genkit:metadata:subtype': 'retriever', 'genkit:name': 'menuRetriever',
      'genkit:input': JSON.stringify({ query: { content: [{ text: 'soup' }] } }),
      'genkit:output': JSON.stringify({ documents: [{ content: [{ text: 'Tomato' }], metadata: { id: 'm1' } }] }),
    },
  }), []);
  assert.equal(retriever.kind, 'retrieval');
  assert.deepEqual(retriever.retrieval, { query: 'soup', documents: [{ rank: 1, content: 'Tomato', metadata: { id: 'm1' }, id: 'm1' }] });
  const flow = normalizeSpan(makeSpan({ status: { code: 'error', message: 'x' }, attributes: { 'genkit:type': 'flow', 'genkit:state': 'error', 'genkit:input': '"hi"' } }), []);
  assert.equal(flow.kind, 'chain');
  assert.deepEqual(flow.error, { message: 'x' });
});

test('Logfire pending span is marked pending; real span is not', () => {
  const pending = normalizeSpan(makeSpan({ name: 'agent run (pending)', attributes: { 'logfire.span_type': 'pending_span', 'logfire.pending_parent_id': '0000000000000001', 'logfire.msg': 'agent run' } }), []);
  assert.equal(pending.pending, true);
  assert.equal(normalizeSpan(makeSpan({ attributes: { 'logfire.span_type': 'span' } }), []).pending, undefined);
});

test('Logfire Anthropic integration: request_data/response_data JSON, raw Anthropic usage made OTel-style', () => {
  const n = normalizeSpan(makeSpan({
    attributes: {
      'logfire.span_type': 'span',
      'gen_ai.system': 'anthropic',
      'request_data': JSON.stringify({ model: 'claude-3-5-haiku', system: 'Be short.', messages: [{ role: 'user', content: 'Hi' }] }),
      'response_data': JSON.stringify({ message: { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] }, usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 5 } }),
      'code.filepath': 'app/main.py', 'code.lineno': 42, 'code.function': 'answer', 'code.namespace': 'app.main',
    },
  }), []);
  assert.deepEqual(n.input!.messages, [{ role: 'system', parts: [{ type: 'text', text: 'Be short.' }] }, { role: 'user', parts: [{ type: 'text', text: 'Hi' }] }]);
  assert.deepEqual(n.output!.messages, [{ role: 'assistant', parts: [{ type: 'text', text: 'Hello' }] }]);
  assert.deepEqual(n.usage, { inputTokens: 130, outputTokens: 5, totalTokens: 135, cacheReadTokens: 100, cacheWriteTokens: 20 });
  assert.deepEqual(n.code, { file: 'app/main.py', line: 42, function: 'app.main.answer' });
});

test('Logfire/pydantic-ai older event lists and pydantic_ai.all_messages', () => {
  const events = normalizeSpan(makeSpan({
    attributes: {
      'gen_ai.request.model': 'gpt-4o',
      'events': JSON.stringify([
        { 'event.name': 'gen_ai.system.message', content: 'sys', role: 'system' },
        { 'event.name': 'gen_ai.user.message', content: 'q', role: 'user' },
        { 'event.name': 'gen_ai.choice', index: 0, message: { role: 'assistant', content: 'a' } },
      ]),
    },
  }), []);
  assert.deepEqual(events.input!.messages.map((m) => m.role), ['system', 'user']);
  assert.deepEqual(events.output!.messages, [{ role: 'assistant', parts: [{ type: 'text', text: 'a' }] }]);
  const agent = normalizeSpan(makeSpan({
    attributes: {
      'gen_ai.agent.name': 'support',
      'pydantic_ai.all_messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'q' }] }, { role: 'assistant', parts: [{ type: 'text', content: 'a' }] }]),
      'final_result': 'a',
    },
  }), []);
  assert.equal(agent.input!.messages.length, 2);
  assert.deepEqual(agent.output!.messages, [{ role: 'output', parts: [{ type: 'text', text: 'a' }] }]);
  assert.ok(agent.conventions!.includes('pydantic-ai'));
});

test('MLflow spans: spanType, spanInputs/spanOutputs, chat token usage, retriever documents', () => {
  const llm = normalizeSpan(makeSpan({
    attributes: {
      'mlflow.spanType': '"CHAT_MODEL"', // MLflow JSON-encodes string attributes, quotes included
      'mlflow.spanInputs': JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], model: 'gpt-4o' }),
      'mlflow.spanOutputs': JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'yo' }, finish_reason: 'stop' }] }),
      'mlflow.chat.tokenUsage': '{"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}',
    },
  }), []);
  assert.equal(llm.kind, 'llm');
  assert.deepEqual(llm.usage, { inputTokens: 3, outputTokens: 2, totalTokens: 5 });
  assert.equal(llm.output!.messages[0].finishReason, 'stop');
  const retriever = normalizeSpan(makeSpan({
    attributes: { 'mlflow.spanType': 'RETRIEVER', 'mlflow.spanInputs': '"refunds"', 'mlflow.spanOutputs': JSON.stringify([{ page_content: 'R1', metadata: { doc_uri: 'a.md' }, id: 'x' }]) },
  }), []);
  assert.equal(retriever.kind, 'retrieval');
  assert.deepEqual(retriever.retrieval!.documents, [{ id: 'x', content: 'R1', metadata: { doc_uri: 'a.md' }, rank: 1 }]);
});

test('Google ADK: llm_request/llm_response JSON, Gemini usage (candidates exclude thoughts), tool args/response', () => {
  const llm = normalizeSpan(makeSpan({
    name: 'call_llm',
    attributes: {
      'gen_ai.system': 'gcp.vertex.agent',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gcp.vertex.agent.session_id': 'adk-s',
      'gcp.vertex.agent.llm_request': JSON.stringify({
        model: 'gemini-2.5-flash',
        config: { system_instruction: 'Be nice.', tools: [{ function_declarations: [{ name: 'get_time', description: 't', parameters: {} }] }] },
        contents: [{ role: 'user', parts: [{ text: 'time?' }] }],
      }),
      'gcp.vertex.agent.llm_response': JSON.stringify({
        content: { role: 'model', parts: [{ function_call: { id: 'f1', name: 'get_time', args: {} } }] },
        usage_metadata: { prompt_token_count: 50, candidates_token_count: 10, thoughts_token_count: 30, total_token_count: 90, cached_content_token_count: 20 },
      }),
    },
  }), []);
  assert.equal(llm.kind, 'llm');
  assert.deepEqual(llm.input!.messages, [{ role: 'system', parts: [{ type: 'text', text: 'Be nice.' }] }, { role: 'user', parts: [{ type: 'text', text: 'time?' }] }]);
  assert.deepEqual(llm.output!.messages[0].parts, [{ type: 'tool_call', id: 'f1', name: 'get_time', arguments: '{}' }]);
  assert.deepEqual(llm.usage, { inputTokens: 50, outputTokens: 40, totalTokens: 90, cacheReadTokens: 20, reasoningTokens: 30 });
  assert.deepEqual(llm.toolDefinitions, [{ name: 'get_time', description: 't', parameters: '{}' }]);
  assert.equal(llm.sessionId, 'adk-s');
  const tool = normalizeSpan(makeSpan({
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_time', 'gen_ai.tool.call.id': 'f1', 'gcp.vertex.agent.tool_call_args': '{}', 'gcp.vertex.agent.tool_response': '{"time":"noon"}' },
  }), []);
  assert.deepEqual(tool.tool, { name: 'get_time', callId: 'f1', arguments: '{}', result: '{"time":"noon"}' });
});

test('MCP tools/call span is a tool execution', () => {
  const n = normalizeSpan(makeSpan({ name: 'tools/call get_weather', attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'get_weather', 'mcp.session.id': 'm1' } }), []);
  assert.equal(n.kind, 'tool');
  assert.equal(n.tool!.name, 'get_weather');
});
