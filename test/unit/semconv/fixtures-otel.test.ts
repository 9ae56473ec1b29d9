/**
 * Real payloads from OpenTelemetry's own GenAI instrumentation and hand-made GenAI spans exported by
 * the real OTel SDK (test/fixtures/otel-*): decode → normalize → assert.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linksOf, loadFamily, rollupOf, spanNamed, textOf, type LoadedFixture } from './fixture-loader';

const manual = loadFamily('otel-genai-manual');
const openai = loadFamily('otel-instrumentation-openai');

test('otel-genai-manual agent: every encoding decodes to the same normalized spans', () => {
  const agents = manual.filter((f) => f.description?.startsWith('agent'));
  assert.ok(agents.length >= 2);
  const strip = (f: LoadedFixture) => f.spans.map(({ span, ...n }) => ({ id: span.spanId, ...n })).sort((a, b) => a.id.localeCompare(b.id));
  for (const f of agents.slice(1)) assert.deepEqual(strip(f), strip(agents[0]), f.file);
});

test('otel-genai-manual agent: kinds, models, usage subsets, tool call linked to its tool span, totals not double counted', () => {
  const f = manual.find((x) => x.description?.startsWith('agent'))!;
  const root = spanNamed(f, 'invoke_agent weather-agent');
  const first = spanNamed(f, 'chat o4-mini', 0);
  const second = spanNamed(f, 'chat o4-mini', 1);
  const tool = spanNamed(f, 'execute_tool get_weather');
  assert.equal(root.kind, 'agent');
  assert.equal(root.agentName, 'weather-agent');
  assert.equal(root.sessionId, 'conv_5f1b2c');
  assert.equal(first.kind, 'llm');
  assert.equal(first.provider, 'openai');
  assert.deepEqual(first.usage, { inputTokens: 87, outputTokens: 36, cacheReadTokens: 43, reasoningTokens: 24 });
  assert.equal(first.input!.messages[0].role, 'system');
  const call = first.output!.messages[0].parts[0];
  assert.equal(call.type, 'tool_call');
  assert.equal(tool.kind, 'tool');
  assert.equal(tool.tool!.name, 'get_weather');
  assert.equal(call.type === 'tool_call' && call.id, tool.tool!.callId);
  assert.deepEqual(second.input!.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool']);
  assert.equal(first.contentCaptured, true);

  const rollup = rollupOf(f);
  // The agent root repeats the sum of its two chat calls: counted once.
  assert.deepEqual(rollup.usage, { inputTokens: 87 + 164, outputTokens: 36 + 42, totalTokens: 87 + 164 + 36 + 42 });

  const links = linksOf(f);
  assert.deepEqual(links.get(tool.span.spanId), { requestedBySpanId: first.span.spanId, consumedBySpanId: second.span.spanId });
});

test('otel-genai-manual rag: retrieval documents ranked with scores, workflow kind, embedding kind', () => {
  const f = manual.find((x) => x.description?.startsWith('rag'))!;
  const retrieval = f.spans.find((s) => s.kind === 'retrieval')!;
  assert.ok(retrieval.retrieval!.query);
  const docs = retrieval.retrieval!.documents;
  assert.ok(docs.length >= 2);
  docs.forEach((d, i) => {
    assert.equal(d.rank, i + 1);
    assert.equal(typeof d.score, 'number');
    assert.ok(d.id);
  });
  assert.ok(f.spans.some((s) => s.kind === 'embedding'));
  assert.equal(f.spans.find((s) => s.span.parentSpanId === null)!.kind, 'chain');
});

test('otel-genai-manual error: status ERROR + error.type + exception event → type, message, stacktrace', () => {
  const f = manual.find((x) => x.description?.startsWith('error'))!;
  const chat = spanNamed(f, 'chat gpt-error');
  assert.equal(chat.error!.type, 'InternalServerError');
  assert.match(chat.error!.message!, /server had an error/);
  assert.match(chat.error!.stacktrace!, /\n\s+at /);
});

test('otel instrumentation-openai chat: content from deprecated log records joined by span id', () => {
  const chat = openai.find((f) => f.description?.startsWith('chat:'))!.spans[0];
  assert.equal(chat.kind, 'llm');
  assert.equal(chat.provider, 'openai');
  assert.equal(chat.model, 'gpt-4o-mini-2024-07-18');
  assert.deepEqual(chat.input!.messages.map((m) => m.role), ['system', 'user']);
  assert.equal(textOf(chat, 'input', 1), 'What is the capital of France?');
  assert.equal(textOf(chat, 'output', 0), 'The capital of France is Paris.');
  assert.equal(chat.output!.messages[0].finishReason, 'stop');
  assert.equal(chat.contentCaptured, true);
});

test('otel instrumentation-openai tools: assistant tool_calls and tool message ids from log bodies', () => {
  const f = openai.find((x) => x.description?.startsWith('tools:'))!;
  const first = spanNamed(f, 'chat gpt-4o-mini', 0);
  const second = spanNamed(f, 'chat gpt-4o-mini', 1);
  const call = first.output!.messages[0].parts[0];
  assert.equal(call.type, 'tool_call');
  const result = second.input!.messages.find((m) => m.role === 'tool')!.parts[0];
  assert.equal(result.type, 'tool_result');
  assert.equal(call.type === 'tool_call' && result.type === 'tool_result' && call.id === result.id, true);
  assert.equal(spanNamed(f, 'weather-turn').kind, 'other');
});

test('otel instrumentation-openai Responses API: system instructions on the span, conversation in one operation-details log', () => {
  const span = openai.find((x) => x.description?.startsWith('responses'))!.spans[0];
  assert.deepEqual(span.input!.messages.map((m) => m.role), ['system', 'user']);
  assert.equal(textOf(span, 'input', 1), 'What is the capital of France?');
  assert.equal(textOf(span, 'output', 0), 'The capital of France is Paris.');
});

test('otel instrumentation-openai content off: a model call with usage but no content says so', () => {
  const span = openai.find((x) => x.description?.startsWith('content-off'))!.spans[0];
  assert.equal(span.kind, 'llm');
  assert.ok(span.usage);
  assert.equal(span.input, undefined);
  assert.equal(span.output, undefined);
  assert.equal(span.contentCaptured, false);
  assert.deepEqual(span.finishReasons, ['stop']);
});

test('otel instrumentation-openai errors: HTTP 500 and 400 give error types', () => {
  const e500 = openai.find((x) => x.description?.startsWith('error:'))!.spans[0];
  const e400 = openai.find((x) => x.description?.startsWith('error-400'))!.spans[0];
  assert.equal(e500.error!.type, 'InternalServerError');
  assert.equal(e400.error!.type, 'BadRequestError');
  assert.match(e400.error!.message!, /does not support/);
});

test('otel instrumentation-openai embeddings: embedding kind with input tokens; no "capture off" claim (GenAI has no embedding content key)', () => {
  const span = openai.find((x) => x.description?.startsWith('embeddings'))!.spans[0];
  assert.equal(span.kind, 'embedding');
  assert.equal(span.usage!.inputTokens, 12);
  assert.equal(span.contentCaptured, undefined);
});
