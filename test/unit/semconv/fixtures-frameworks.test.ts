/**
 * Real payloads from OpenInference, OpenLLMetry, LangSmith and Langfuse SDKs (test/fixtures/<family>):
 * decode → normalize → assert what those libraries actually send.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWhere, linksOf, loadFamily, rollupOf, spanNamed, textOf } from './fixture-loader';

const oi = loadFamily('openinference');
const ol = loadFamily('openllmetry');
const ls = loadFamily('langsmith');
const lf = loadFamily('langfuse');

test('openinference openai chat: messages, model, tokens with cache read subset', () => {
  const s = fixtureWhere(oi, 'openai chat').spans[0];
  assert.equal(s.kind, 'llm');
  assert.equal(s.model, 'gpt-4o-mini-2024-07-18');
  assert.deepEqual(s.usage, { inputTokens: 31, outputTokens: 8, totalTokens: 39, cacheReadTokens: 15, reasoningTokens: 0 });
  assert.equal(textOf(s, 'input', 1), 'What is the capital of France?');
  assert.equal(textOf(s, 'output', 0), 'The capital of France is Paris.');
});

test('openinference openai stream: no token counts and status UNSET, content still captured', () => {
  const s = fixtureWhere(oi, 'openai stream').spans[0];
  assert.equal(s.usage, undefined);
  assert.equal(s.span.status.code, 'unset');
  assert.equal(s.contentCaptured, true);
});

test('openinference langchain rag: retriever documents without scores, prompt template, provider from metadata', () => {
  const f = fixtureWhere(oi, 'langchain rag');
  const retriever = spanNamed(f, 'VectorStoreRetriever');
  assert.equal(retriever.kind, 'retrieval');
  assert.equal(retriever.retrieval!.query, 'Where does Tracelight keep traces?');
  assert.deepEqual(retriever.retrieval!.documents.map((d) => [d.rank, d.score, d.metadata?.source]), [[1, undefined, 'docs/receiver.md'], [2, undefined, 'docs/storage.md']]);
  const prompt = spanNamed(f, 'ChatPromptTemplate');
  assert.match(prompt.prompt!.template!, /Answer only from the context/);
  assert.equal(prompt.prompt!.variables!.question, 'Where does Tracelight keep traces?');
  const llm = spanNamed(f, 'ChatOpenAI');
  assert.equal(llm.kind, 'llm');
  assert.equal(llm.provider, 'openai');
  assert.deepEqual(llm.input!.messages.map((m) => m.role), ['system', 'user']);
  assert.equal(spanNamed(f, 'rag_chain').kind, 'chain');
});

test('openinference langchain error: stack split off the status message, exception info kept', () => {
  const llm = spanNamed(fixtureWhere(oi, 'langchain error'), 'ChatOpenAI');
  assert.equal(llm.error!.message, '500 The server had an error while processing your request. Sorry about that!');
  assert.match(llm.error!.stacktrace!, /^Error: 500 [^\n]*\n\s+at APIError/);
});

test('openinference tool round trip: tool call ids link the two LLM calls', () => {
  const f = fixtureWhere(oi, 'openai tools');
  const [first, second] = f.spans.sort((a, b) => a.span.startTimeUnixMs - b.span.startTimeUnixMs);
  const call = first.output!.messages[0].parts[0];
  const result = second.input!.messages[2].parts[0];
  assert.ok(call.type === 'tool_call' && result.type === 'tool_result' && call.id === result.id && call.id);
  assert.equal(first.toolDefinitions![0].name, 'get_weather');
});

test('openllmetry workflow: association properties → session/user on every span, task/workflow kinds', () => {
  const f = fixtureWhere(ol, 'workflow');
  for (const s of f.spans) {
    assert.equal(s.sessionId, 'sess-42', s.span.name);
    assert.equal(s.userId, 'user-7', s.span.name);
  }
  assert.equal(spanNamed(f, 'joke_workflow.workflow').kind, 'chain');
  assert.equal(spanNamed(f, 'create_joke.task').kind, 'chain');
});

test('openllmetry Anthropic: Traceloop input tokens exclude cache, converted to match the SDK span; trace total counts the call once', () => {
  const f = fixtureWhere(ol, 'workflow');
  const traceloop = spanNamed(f, 'chat claude-3-5-haiku-latest');
  const sdk = spanNamed(f, 'anthropic.messages.create');
  assert.equal(sdk.span.parentSpanId, traceloop.span.spanId);
  assert.equal(traceloop.usage!.inputTokens, sdk.usage!.inputTokens);
  assert.equal(traceloop.usage!.cacheWriteTokens, 5);
  const openaiChat = spanNamed(f, 'chat gpt-4o-mini');
  const rollup = rollupOf(f);
  assert.equal(rollup.usage.inputTokens, openaiChat.usage!.inputTokens! + sdk.usage!.inputTokens!);
  assert.equal(rollup.usage.outputTokens, openaiChat.usage!.outputTokens! + sdk.usage!.outputTokens!);
});

test('openllmetry agent: tool span from entity input/output, linked by name and order (no call id on Traceloop tool spans)', () => {
  const f = fixtureWhere(ol, 'agent');
  const tool = spanNamed(f, 'get_weather.tool');
  assert.equal(tool.kind, 'tool');
  assert.equal(tool.tool!.name, 'get_weather');
  assert.match(tool.tool!.arguments!, /Tokyo/);
  assert.equal(spanNamed(f, 'weather_agent.agent').agentName, 'weather_agent');
  const links = linksOf(f);
  assert.deepEqual(links.get(tool.span.spanId), {
    requestedBySpanId: spanNamed(f, 'chat gpt-4o-mini', 0).span.spanId,
    consumedBySpanId: spanNamed(f, 'chat gpt-4o-mini', 1).span.spanId,
  });
});

test('openllmetry error: Anthropic failure on both spans; the failed OpenAI call exported no span', () => {
  const f = fixtureWhere(ol, 'error');
  assert.equal(spanNamed(f, 'chat claude-error').error!.type, 'Error');
  assert.ok(spanNamed(f, 'anthropic.messages.create').error);
  assert.equal(f.spans.filter((s) => s.span.name.includes('gpt')).length, 0);
});

test('langsmith: gen_ai.prompt/completion JSON blobs, retriever kind despite operation "embeddings", provider from ls_provider', () => {
  const f = fixtureWhere(ls, 'rag');
  const retriever = spanNamed(f, 'retrieve_docs');
  assert.equal(retriever.kind, 'retrieval');
  assert.equal(retriever.provider, undefined, 'gen_ai.system "langchain" is a framework, not a provider');
  assert.equal(retriever.retrieval!.documents.length, 2);
  assert.equal(retriever.retrieval!.query, 'Where does Tracelight keep traces?');
  const llm = spanNamed(f, 'ChatOpenAI');
  assert.equal(llm.provider, 'openai');
  assert.equal(llm.usage!.cacheReadTokens, 28);
  assert.equal(llm.input!.messages[0].role, 'system');
  assert.match(textOf(llm, 'output', 0), /You asked/);
  assert.equal(retriever.sessionId, 'sess-42');
});

test('langsmith: errors keep status OK but carry an exception event', () => {
  const llm = spanNamed(fixtureWhere(ls, 'error'), 'ChatOpenAI');
  assert.equal(llm.span.status.code, 'ok');
  assert.match(llm.error!.message!, /500/);
});

test('langsmith stream: reasoning tokens from output_token_details JSON, finish reason sent as a string', () => {
  const llm = spanNamed(fixtureWhere(ls, 'stream'), 'ChatOpenAI');
  assert.equal(llm.usage!.reasoningTokens, 24);
  assert.deepEqual(llm.finishReasons, ['stop']);
});

test('langfuse: observation types, disjoint usage_details → OTel-style input, cost_details total, level ERROR', () => {
  const f = lf.find((x) => x.file.startsWith('001'))!;
  const plan = spanNamed(f, 'plan-call');
  assert.equal(plan.kind, 'llm');
  assert.equal(plan.model, 'gpt-4o-mini');
  assert.deepEqual(plan.usage, { inputTokens: 80, outputTokens: 12, totalTokens: 92, cacheReadTokens: 40 });
  assert.equal(plan.costUsd, 0.0000162);
  assert.equal(plan.output!.messages[0].parts[0].type, 'tool_call');
  assert.equal(spanNamed(f, 'search-docs').retrieval!.documents[0].id, 'doc-1');
  assert.equal(spanNamed(f, 'get_weather').kind, 'tool');
  assert.equal(spanNamed(f, 'weather-agent').userId, 'user-7');
  const rollup = rollupOf(f);
  assert.ok(Math.abs(rollup.costUsd! - (plan.costUsd! + spanNamed(f, 'answer-call').costUsd!)) < 1e-12);

  const errors = lf.find((x) => x.file.startsWith('003'))!;
  const pipeline = spanNamed(errors, 'flaky-pipeline');
  assert.equal(pipeline.span.status.code, 'unset');
  assert.equal(pipeline.error!.message, 'pipeline failed: model call returned HTTP 500');
  assert.equal(spanNamed(errors, 'check-input').error, undefined, 'level WARNING is not an error');
});

const gk = loadFamily('genkit');

test('genkit: model action from genkit:* JSON, tool action, flows as chains, usage once per call, JSON string inputs unquoted', () => {
  const f = fixtureWhere(gk, 'flow with tool');
  const first = spanNamed(f, 'openai/gpt-4o-mini', 0);
  assert.equal(first.kind, 'llm');
  assert.equal(first.provider, 'openai');
  assert.deepEqual(first.usage, { inputTokens: 87, outputTokens: 12, totalTokens: 99 });
  assert.equal(first.output!.messages[0].parts[0].type, 'tool_call');
  const tool = spanNamed(f, 'getWeather');
  assert.equal(tool.kind, 'tool');
  assert.match(tool.tool!.result!, /temperatureC/);
  const flow = spanNamed(f, 'weatherFlow');
  assert.equal(flow.kind, 'chain');
  assert.equal(textOf(flow, 'input', 0), 'What is the weather in Paris?');
  assert.deepEqual(rollupOf(f).usage, { inputTokens: 87 + 151, outputTokens: 12 + 15, totalTokens: 99 + 166 });
});

test('genkit embedder: model and embedded texts from the EmbedRequest; error flow with genkit:state error', () => {
  const embed = spanNamed(fixtureWhere(gk, 'embedder'), 'openai/text-embedding-3-small');
  assert.equal(embed.kind, 'embedding');
  assert.equal(embed.model, 'openai/text-embedding-3-small');
  assert.equal(embed.input!.messages[0].parts.length, 1);
  const failing = fixtureWhere(gk, 'error');
  for (const s of failing.spans) assert.match(s.error!.message!, /500/);
});
