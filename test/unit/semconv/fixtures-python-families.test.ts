/**
 * What each Python library gets wrong on the wire, read right: checked against the generator's
 * ground truth (tool arguments and results the app used, document ids it retrieved, the fake
 * server's usage) and published prices, never against Tracelight's own output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateCalls } from '../../../src/engine/semconv/duplicate-calls';
import { linkToolCalls, requestedArguments } from '../../../src/analysis/tool-links';
import { callRecord, linksOf, type LoadedFixture, type NormalizedSpan } from './fixture-loader';
import { chatCalls, modelCalls, runLabelled, runsOf, type Run } from './python-ground-truth';

const toolSpans = (f: LoadedFixture): NormalizedSpan[] =>
  f.spans.filter((s) => s.kind === 'tool').sort((a, b) => a.span.startTimeUnixMs - b.span.startTimeUnixMs);

/** The tool arguments as a reader of the trace sees them: the span's own, or the requesting call's when it lacks them. */
function shownArguments(f: LoadedFixture, tool: NormalizedSpan): string | undefined {
  const spans = f.spans.map((s) => ({ ...s, spanId: s.span.spanId, parentSpanId: s.span.parentSpanId, startTimeUnixMs: s.span.startTimeUnixMs }));
  const link = linkToolCalls(spans).get(tool.span.spanId);
  const requester = spans.find((s) => s.spanId === link?.requestedBySpanId);
  const own = spans.find((s) => s.spanId === tool.span.spanId)!;
  return (requester && requestedArguments(own, requester)) ?? tool.tool?.arguments;
}

/**
 * Each tool span shows the arguments the model sent and the result the app sent back to the model
 * (both from the fake server's log), and the app's tool really returned that result (its intent).
 */
function assertToolsRead(r: Run): void {
  const tools = toolSpans(r.fixture);
  const asked = chatCalls(r).flatMap((c) => c.toolCalls ?? []);
  const returned = new Map(chatCalls(r).flatMap((c) => c.toolResults ?? []).map((t) => [t.id, t.content]));
  const ran = r.intent.filter((i) => i.tool !== undefined);
  assert.equal(tools.length, asked.length, `${r.label}: tool spans`);
  tools.forEach((t, i) => {
    assert.deepEqual(JSON.parse(shownArguments(r.fixture, t) ?? 'null'), JSON.parse(asked[i].arguments), `${r.label} tool ${i}: arguments`);
    assert.equal(t.tool?.result, returned.get(asked[i].id), `${r.label} tool ${i}: result`);
    if (ran[i].result !== undefined) assert.equal(t.tool?.result, ran[i].result, `${r.label} tool ${i}: what the tool returned`);
    assert.equal(t.tool?.callId, asked[i].id, `${r.label} tool ${i}: call id`);
  });
}

const oi = runsOf('python-openinference');
const strands = runsOf('python-strands');
const pai = runsOf('python-pydantic-ai');
const openlit = runsOf('python-openlit');
const logfire = runsOf('python-logfire');

test('openinference langchain + openai: each call is two spans, siblings not nested, marked as one call', () => {
  const r = runLabelled(oi, 'langchain+openai tools');
  const duplicates = duplicateCalls(r.fixture.spans.map(callRecord));
  const llm = r.fixture.spans.filter((s) => s.kind === 'llm');
  assert.equal(llm.length, 2 * chatCalls(r).length);
  assert.equal(duplicates.size, chatCalls(r).length);
  for (const [dup, leader] of duplicates) {
    const d = llm.find((s) => s.span.spanId === dup)!;
    const l = llm.find((s) => s.span.spanId === leader)!;
    assert.equal(d.span.name, 'ChatCompletion');
    assert.equal(l.span.name, 'ChatOpenAI');
    assert.notEqual(d.span.parentSpanId, l.span.spanId, 'not parent and child: the duplicate sits elsewhere in the tree');
  }
  // Without the two instrumentors together, nothing is a duplicate.
  for (const label of ['openai tools', 'langchain tools']) assert.equal(duplicateCalls(runLabelled(oi, label).fixture.spans.map(callRecord)).size, 0, label);
});

test('openinference: requested model from the invocation parameters, served model from llm.model_name', () => {
  for (const label of ['openai chat', 'langchain chat']) {
    const r = runLabelled(oi, label);
    const [s] = modelCalls(r.fixture);
    assert.equal(s.requestModel, chatCalls(r)[0].requestModel, label);
    assert.equal(s.model, chatCalls(r)[0].servedModel, label);
  }
});

test('openinference langchain agent: tool spans show the model\'s arguments and the ToolMessage content', () => {
  assertToolsRead(runLabelled(oi, 'langchain tools'));
  assertToolsRead(runLabelled(oi, 'langchain+openai tools'));
});

test('openinference langchain retriever: documents keep their ids', () => {
  for (const label of ['langchain rag', 'langchain+openai rag']) {
    const r = runLabelled(oi, label);
    const retriever = r.fixture.spans.find((s) => s.kind === 'retrieval')!;
    const declared = r.intent.find((i) => i.documents)!.documents;
    assert.deepEqual(retriever.retrieval!.documents.map((d) => d.id), declared, label);
  }
});

test('strands: tool arguments and results in the tool span, in both conventions; no framework as provider; cycles are chains', () => {
  for (const label of ['default tools', 'latest tools', 'default rag']) assertToolsRead(runLabelled(strands, label));
  for (const r of strands) {
    for (const s of r.fixture.spans) {
      assert.notEqual(s.provider, 'strands-agents', `${r.label} ${s.span.name}`);
      if (s.span.name === 'execute_event_loop_cycle') assert.equal(s.kind, 'chain');
    }
  }
  const tool = toolSpans(runLabelled(strands, 'default tools').fixture)[0];
  assert.deepEqual(tool.input!.messages[0].parts.map((p) => p.type), ['tool_call'], 'the arguments go in as the call, not as a tool result');
  assert.deepEqual(tool.output!.messages[0].parts.map((p) => p.type), ['tool_result'], 'the result comes out as a tool result, not assistant text');
});

test('pydantic-ai: tool arguments and results in both formats; reasoning tokens; operation.cost at the published price', () => {
  assertToolsRead(runLabelled(pai, 'v5 tools'));
  assertToolsRead(runLabelled(pai, 'v2 tools'));
  // The older format names spans `agent run` / `running tool`: the names shown say which.
  const v2 = runLabelled(pai, 'v2 tools').fixture.spans;
  const agent = v2.find((s) => s.kind === 'agent')!;
  assert.equal(agent.name, `${String(agent.span.attributes['gen_ai.agent.name'])} run`);
  assert.deepEqual(toolSpans(runLabelled(pai, 'v2 tools').fixture).map((s) => s.name), chatCalls(runLabelled(pai, 'v2 tools')).flatMap((c) => c.toolCalls ?? []).map((c) => `running tool: ${c.name}`));
  for (const s of runLabelled(pai, 'v5 tools').fixture.spans) assert.equal(s.name, undefined, `${s.span.name} keeps its name`);
  for (const label of ['v5 chat', 'v2 chat']) {
    const r = runLabelled(pai, label);
    const [s] = modelCalls(r.fixture);
    assert.equal(s.usage?.reasoningTokens, chatCalls(r)[0].usage!.completion_tokens_details!.reasoning_tokens, label);
  }
  // gpt-4o-mini at $0.15 / M input, $0.075 / M cached input, $0.60 / M output (published price),
  // for the fake server's counts of the first call of the tools run: 30 in (15 cached), 12 out.
  const first = modelCalls(runLabelled(pai, 'v5 tools').fixture)[0];
  assert.ok(Math.abs(first.costUsd! - (15 * 0.15 + 15 * 0.075 + 12 * 0.6) / 1e6) < 1e-12, `cost ${first.costUsd}`);
});

test('openlit: the system prompt once, cost 0 read as unknown, a streamed call\'s record not shown on the root', () => {
  for (const r of openlit) {
    for (const s of modelCalls(r.fixture)) {
      assert.equal(s.costUsd, undefined, `${r.label}: cost unknown offline`);
      assert.ok((s.input?.messages.filter((m) => m.role === 'system').length ?? 0) <= 1, r.label);
    }
  }
  const stream = runLabelled(openlit, 'stream');
  const root = stream.fixture.spans.find((s) => s.span.parentSpanId === null)!;
  assert.equal(root.input, undefined, 'the root span is not the model call');
  assert.equal(root.output, undefined);
  assert.equal(modelCalls(stream.fixture)[0].output?.messages[0].parts[0].type, 'text');
});

test('logfire: a streamed call is one call (request span + response log span), names filled in', () => {
  const r = runLabelled(logfire, 'stream');
  const llm = r.fixture.spans.filter((s) => s.kind === 'llm');
  assert.equal(llm.length, 2);
  const duplicates = duplicateCalls(r.fixture.spans.map(callRecord));
  assert.equal(duplicates.size, 1);
  const [calls] = [modelCalls(r.fixture)];
  assert.equal(calls.length, 1);
  assert.equal(calls[0].name, `Chat Completion with '${chatCalls(r)[0].requestModel}'`);
  assert.equal(linksOf(r.fixture).size, 0);
});
