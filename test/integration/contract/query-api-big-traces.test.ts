/**
 * The query API answers big traces in full: a 10,000-deep parent chain and a 10,000-span agent
 * trace (hostile-traces.ts, made by the real OTel SDK) posted over OTLP/HTTP to the engine worker
 * come back from `GET /api/traces/{id}` as one valid Trace JSON document holding every span once,
 * byte for byte the engine API's document, with the tool links the generator declares, and the
 * engine still answers other queries after.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TraceJsonDocument } from '../../../src/protocol/trace-json';
import { checkTraceJson } from '../../support/trace-json-check';
import { deepChainTrace, wideAgentTrace } from '../../factories/hostile-traces';
import { assertResponsive, post, PROTOBUF, startEngineUnderTest, type EngineUnderTest } from '../robustness/engine-under-test';

let engine: EngineUnderTest;
before(async () => {
  engine = await startEngineUnderTest({ grpcPort: null });
});
after(async () => {
  await engine.close();
});

async function readTrace(name: string, spans: number): Promise<TraceJsonDocument> {
  const { traces } = await engine.client.call('listTraces', { limit: 10 });
  const listed = traces.find((t) => t.name === name);
  assert.ok(listed, `trace '${name}' is listed`);
  assert.equal(listed.spanCount, spans);
  const res = await fetch(`http://127.0.0.1:${engine.httpPort}/api/traces/${listed.traceId}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const text = await res.text();
  // Sent a slice at a time, it is still exactly the document the engine API gives.
  assert.equal(text, JSON.stringify(await engine.client.call('getTraceJson', { traceIds: [listed.traceId] })));
  // The text the engine API gives is the same bytes, served from the same kept text.
  assert.equal(Buffer.from(await engine.client.call('getTraceJsonBytes', { traceIds: [listed.traceId] })).toString('utf8'), text);
  const doc = JSON.parse(text) as TraceJsonDocument;
  assert.deepEqual(checkTraceJson(doc), []);
  assert.equal(doc.traces.length, 1);
  const got = doc.traces[0].spans ?? [];
  assert.equal(got.length, spans);
  assert.equal(new Set(got.map((s) => s.spanId)).size, spans, 'every span once');
  return doc;
}

test('a 10,000-deep chain: the whole chain, parent before child', async () => {
  const answer = await post(engine.httpPort, '/v1/traces', deepChainTrace(10_000), PROTOBUF);
  assert.equal(answer.status, 200);
  const spans = (await readTrace('step 0', 10_000)).traces[0].spans!;
  // The generator starts step i at i ms under step i-1: start order is the chain's order.
  spans.forEach((s, i) => {
    assert.equal(s.name, `step ${i}`);
    assert.equal(s.parentSpanId, i === 0 ? null : spans[i - 1].spanId);
  });
  await assertResponsive(engine);
});

test('a 10,000-span agent trace: every span, every tool linked to the model call that asked for it', async () => {
  const answer = await post(engine.httpPort, '/v1/traces', wideAgentTrace(10_000), PROTOBUF);
  assert.equal(answer.status, 200);
  const spans = (await readTrace('invoke_agent big-agent', 10_000)).traces[0].spans!;
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const tools = spans.filter((s) => s.kind === 'tool');
  // A root, then a model call and a tool span in turn.
  assert.equal(tools.length, 4_999);
  for (const tool of tools) {
    const requester = byId.get(tool.toolLink?.requestedBySpanId ?? '');
    const part = requester?.output?.messages[0]?.parts[0];
    assert.ok(part?.type === 'tool_call' && part.id === tool.tool?.callId, `${tool.spanId} is linked to the call asking for ${tool.tool?.callId}`);
  }
  await assertResponsive(engine);
});
