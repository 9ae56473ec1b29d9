/** Real AI SDK telemetry (test/fixtures/vercel-ai = v6, vercel-ai-v4): decode → normalize → assert. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWhere, linksOf, loadFamily, rollupOf, spanNamed, textOf } from './fixture-loader';

const v6 = loadFamily('vercel-ai');
const v4 = loadFamily('vercel-ai-v4');

test('AI SDK v6 generateText: doGenerate is the llm, outer is a chain; usage detail keys; metadata session/user', () => {
  const f = fixtureWhere(v6, 'generateText');
  const inner = spanNamed(f, 'ai.generateText.doGenerate');
  const outer = spanNamed(f, 'ai.generateText');
  assert.equal(inner.kind, 'llm');
  assert.equal(outer.kind, 'chain');
  assert.deepEqual(inner.usage, { inputTokens: 31, outputTokens: 32, totalTokens: 63, cacheReadTokens: 15, reasoningTokens: 24 });
  assert.equal(inner.sessionId, 'sess-42');
  assert.equal(inner.userId, 'user-7');
  assert.deepEqual(inner.input!.messages.map((m) => m.role), ['system', 'user']);
  assert.equal(textOf(inner, 'output', 0), 'The capital of France is Paris.');
  assert.deepEqual(rollupOf(f).usage, { inputTokens: 31, outputTokens: 32, totalTokens: 63 });
});

test('AI SDK v6 tools: tool outputs unwrapped from {type, value}, ai.toolCall linked by id, totals = sum of steps', () => {
  const f = fixtureWhere(v6, 'tools');
  const first = spanNamed(f, 'ai.generateText.doGenerate', 0);
  const second = spanNamed(f, 'ai.generateText.doGenerate', 1);
  const tool = spanNamed(f, 'ai.toolCall');
  assert.equal(tool.tool!.name, 'get_weather');
  const result = second.input!.messages.find((m) => m.role === 'tool')!.parts[0];
  assert.equal(result.type === 'tool_result' && result.result, tool.tool!.result);
  assert.equal(first.toolDefinitions![0].name, 'get_weather');
  assert.deepEqual(linksOf(f).get(tool.span.spanId), { requestedBySpanId: first.span.spanId, consumedBySpanId: second.span.spanId });
  assert.deepEqual(rollupOf(f).usage, { inputTokens: 70 + 142, outputTokens: 12 + 18, totalTokens: 242 });
});

test('AI SDK v4 multi-step: the outer span holds only the last step usage; the trace total is still the sum of steps', () => {
  const f = fixtureWhere(v4, 'tools');
  const outer = spanNamed(f, 'ai.generateText');
  const steps = [spanNamed(f, 'ai.generateText.doGenerate', 0), spanNamed(f, 'ai.generateText.doGenerate', 1)];
  assert.deepEqual(outer.usage, steps[1].usage);
  assert.deepEqual(steps.map((s) => s.usage), [{ inputTokens: 70, outputTokens: 12 }, { inputTokens: 142, outputTokens: 18 }]);
  const rollup = rollupOf(f);
  assert.deepEqual(rollup.usage, { inputTokens: 212, outputTokens: 30, totalTokens: 242 });
  assert.deepEqual(rollup.countedSpanIds.sort(), steps.map((s) => s.span.spanId).sort());
});

test('AI SDK v4 streamText: doStream without usage, content captured', () => {
  const inner = spanNamed(fixtureWhere(v4, 'streamText:'), 'ai.streamText.doStream');
  assert.equal(inner.usage, undefined);
  assert.equal(inner.contentCaptured, true);
  assert.match(textOf(inner, 'output', 0), /Traces in the night/);
});

test('AI SDK embeddings (v4 and v6): doEmbed is embedding with texts unquoted and ai.usage.tokens as input', () => {
  for (const list of [v6, v4]) {
    const f = fixtureWhere(list, 'embed');
    const many = spanNamed(f, 'ai.embedMany.doEmbed');
    assert.equal(many.kind, 'embedding');
    assert.deepEqual(many.usage, { inputTokens: 10 });
    assert.deepEqual(many.input!.messages[0].parts, [{ type: 'text', text: 'doc one about traces' }, { type: 'text', text: 'doc two about spans' }]);
  }
});

test('AI SDK error: AI_APICallError with stacktrace on both spans', () => {
  const f = fixtureWhere(v6, 'error');
  for (const s of f.spans) {
    assert.equal(s.error!.type, 'AI_APICallError');
    assert.ok(s.error!.stacktrace);
  }
});

const v7 = loadFamily('vercel-ai-v7');

test('AI SDK v7 (GenAI conventions): provider id suffix dropped, step spans are chains, agent root usage counted once', () => {
  const f = fixtureWhere(v7, 'tools');
  const root = f.spans.find((s) => s.span.parentSpanId === null)!;
  assert.equal(root.kind, 'agent');
  assert.equal(root.agentName, 'weather-agent');
  assert.equal(spanNamed(f, 'step 1').kind, 'chain');
  const chats = f.spans.filter((s) => s.span.name === 'chat gpt-4o-mini');
  for (const c of chats) assert.equal(c.provider, 'fakeai');
  const tool = spanNamed(f, 'execute_tool get_weather');
  assert.equal(tool.tool!.callId, 'call_1v4euss9jhjrx');
  assert.deepEqual(rollupOf(f).usage, { inputTokens: 212, outputTokens: 30, totalTokens: 242 });
  const links = linksOf(f).get(tool.span.spanId)!;
  assert.equal(links.requestedBySpanId, spanNamed(f, 'chat gpt-4o-mini', 0).span.spanId);
  assert.equal(links.consumedBySpanId, spanNamed(f, 'chat gpt-4o-mini', 1).span.spanId);
});

test('AI SDK v7 embeddings: usage only on the inner span; no "capture off" claim for embeddings', () => {
  const f = fixtureWhere(v7, 'embed');
  const inner = f.spans.filter((s) => s.span.parentSpanId !== null);
  assert.ok(inner.every((s) => s.kind === 'embedding' && s.usage && s.contentCaptured === undefined));
  assert.equal(rollupOf(f).usage.inputTokens, 4 + 10);
});
