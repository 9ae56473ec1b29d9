/**
 * Ids and arrival order against the real engine over OTLP/HTTP: duplicate spans (in one request and
 * across requests), children arriving before their parents, spans with invalid ids among good ones,
 * a 10,000-span trace in many requests, and concurrent requests.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { context as otelContext, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { checkTraceJson } from '../../support/trace-json-check';
import { recordSpans, tracesJson, tracesProtobuf, withIds } from '../../factories/otlp-payloads';
import { assertResponsive, JSON_TYPE, post, PROTOBUF, pseudoRandomBytes, startEngineUnderTest, storedSpans, type EngineUnderTest } from './engine-under-test';
import { hexBytes, traceRequest } from '../../factories/otlp-bytes';

let engine: EngineUnderTest;
before(async () => {
  engine = await startEngineUnderTest({ grpcPort: null });
});
after(async () => {
  await engine.close();
});

const postTraces = (body: Uint8Array, headers = PROTOBUF) => post(engine.httpPort, '/v1/traces', body, headers);
const ids = (s: ReadableSpan) => s.spanContext();

/** Spans made by the real SDK with their parent links noted as they are created (span id → parent id). */
function recordTree(build: (tracer: Tracer, child: (name: string, parent: Span | null, attributes?: Record<string, number | string>) => Span) => void): { spans: ReadableSpan[]; parents: Map<string, string | null> } {
  const parents = new Map<string, string | null>();
  const spans = recordSpans((tracer) => {
    const child = (name: string, parent: Span | null, attributes?: Record<string, number | string>): Span => {
      const ctx = parent ? trace.setSpan(otelContext.active(), parent) : otelContext.active();
      const span = tracer.startSpan(name, { attributes }, ctx);
      parents.set(span.spanContext().spanId, parent ? parent.spanContext().spanId : null);
      return span;
    };
    build(tracer, child);
  });
  return { spans, parents };
}

test('the same span id twice in one request is stored once', async () => {
  const spans = recordSpans((tracer) => ['first copy', 'second copy', 'other'].forEach((name) => tracer.startSpan(name).end()));
  const traceId = ids(spans[0]).traceId;
  // All three in one trace; the second repeats the first's span id.
  const same = [spans[0], withIds(spans[1], { traceId, spanId: ids(spans[0]).spanId }), withIds(spans[2], { traceId })];
  const before = await assertResponsive(engine);
  assert.equal((await postTraces(tracesProtobuf(same))).status, 200);
  const stored = await storedSpans(engine, traceId);
  assert.equal(stored.size, 2);
  assert.equal((await engine.client.call('getTraceSummary', { traceId }))?.spanCount, 2);
  assert.equal((await assertResponsive(engine)).spanCount - before.spanCount, 2);
});

test('a request sent again (retry), in protobuf then JSON, changes nothing: spans, counts and usage once', async () => {
  const { spans } = recordTree((_tracer, child) => {
    const root = child('invoke_agent', null);
    child('chat gpt-4o-mini', root, { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20 }).end();
    root.end();
  });
  const traceId = ids(spans[0]).traceId;
  assert.equal((await postTraces(tracesProtobuf(spans))).status, 200);
  const first = await engine.client.call('getTraceSummary', { traceId });
  const statsFirst = await assertResponsive(engine);
  assert.equal((await postTraces(tracesProtobuf(spans))).status, 200);
  assert.equal((await postTraces(tracesJson(spans), JSON_TYPE)).status, 200);
  const again = await engine.client.call('getTraceSummary', { traceId });
  assert.equal(again?.spanCount, 2);
  assert.deepEqual(again?.usage, first?.usage);
  assert.deepEqual(again?.usage, { inputTokens: 100, outputTokens: 20, totalTokens: 120 });
  assert.equal((await assertResponsive(engine)).spanCount, statsFirst.spanCount);
});

test('children before parents, one request each: links right, root and name set once the root arrives', async () => {
  const { spans, parents } = recordTree((_tracer, child) => {
    const root = child('root request', null);
    const mid = child('agent step', root);
    child('chat call', mid).end();
    child('tool call', mid).end();
    mid.end();
    root.end();
  });
  const traceId = ids(spans[0]).traceId;
  // The SDK finishes leaves first; send them one by one in that order, the root last.
  for (const span of spans) {
    assert.equal((await postTraces(tracesProtobuf([span]))).status, 200);
    const summary = await engine.client.call('getTraceSummary', { traceId });
    assert.equal(summary?.hasRoot, span.name === 'root request', `hasRoot after ${span.name}`);
  }
  const stored = await storedSpans(engine, traceId);
  assert.deepEqual(new Map([...stored].sort()), new Map([...parents].sort()));
  const summary = await engine.client.call('getTraceSummary', { traceId });
  assert.equal(summary?.name, 'root request');
  assert.equal(summary?.spanCount, 4);
  assert.deepEqual(checkTraceJson(await engine.client.call('getTraceJson', { traceIds: [traceId] })), []);
});

test('spans with invalid ids among good ones: the bad ones rejected and counted, the good ones stored', async () => {
  const traceId = '1dea5000000000000000000000000001';
  const good = ['00000000000000f1', '00000000000000f2', '00000000000000f3'];
  const body = traceRequest([
    { traceId: hexBytes(traceId), spanId: hexBytes(good[0]), name: 'good root' },
    { traceId: hexBytes(traceId), spanId: hexBytes('0000000000000000'), name: 'all-zero span id' },
    { traceId: hexBytes(traceId.slice(0, 30)), spanId: hexBytes('00000000000000e1'), name: '15-byte trace id' },
    { traceId: hexBytes(traceId), spanId: hexBytes('00000000000000'), name: '7-byte span id' },
    { traceId: new Uint8Array(0), spanId: hexBytes('00000000000000e2'), name: 'no trace id' },
    { traceId: hexBytes(traceId), spanId: hexBytes(good[1]), parentSpanId: hexBytes(good[0]), name: 'good child' },
    { traceId: hexBytes('0'.repeat(32)), spanId: hexBytes('00000000000000e3'), name: 'all-zero trace id' },
    { traceId: hexBytes(traceId), spanId: hexBytes(good[2]), parentSpanId: hexBytes(good[1]), name: 'good grandchild' },
  ]);
  const before = await assertResponsive(engine);
  const answer = await postTraces(body);
  assert.equal(answer.status, 200);
  assert.ok(answer.body.length > 0, 'a partialSuccess is in the answer');
  const after = await assertResponsive(engine);
  assert.equal(after.rejectedSpans - before.rejectedSpans, 5);
  assert.deepEqual(await storedSpans(engine, traceId), new Map([[good[0], null], [good[1], good[0]], [good[2], good[1]]]));
  assert.equal(after.spanCount - before.spanCount, 3);
});

test('a 10,000-span trace in 100 requests, in shuffled order: every span stored once with its parent', async () => {
  const { spans, parents } = recordTree((_tracer, child) => {
    const root = child('batch job', null);
    for (let i = 0; i < 99; i++) {
      const step = child(`step ${i}`, root);
      for (let j = 0; j < 100; j++) child(`item ${j}`, step).end();
      step.end();
    }
    root.end();
  });
  assert.equal(spans.length, 10_000);
  const traceId = ids(spans[0]).traceId;
  // A fixed shuffle, so a failure replays: some children arrive long before their parents.
  const order = pseudoRandomBytes(spans.length * 4, 99);
  const shuffled = spans.map((s, i) => ({ s, k: order.readUInt32LE(i * 4) })).sort((a, b) => a.k - b.k).map((x) => x.s);
  for (let i = 0; i < shuffled.length; i += 100) {
    assert.equal((await postTraces(tracesProtobuf(shuffled.slice(i, i + 100)))).status, 200, `request ${i / 100}`);
  }
  const stored = await storedSpans(engine, traceId);
  assert.equal(stored.size, 10_000);
  let wrong = 0;
  for (const [spanId, parent] of parents) if (stored.get(spanId) !== parent) wrong++;
  assert.equal(wrong, 0, 'spans whose stored parent differs from the sent one');
  const summary = await engine.client.call('getTraceSummary', { traceId });
  assert.equal(summary?.spanCount, 10_000);
  assert.equal(summary?.hasRoot, true);
  assert.equal(summary?.name, 'batch job');
  const doc = await engine.client.call('getTraceJson', { traceIds: [traceId] });
  assert.deepEqual(checkTraceJson(doc).slice(0, 5), []);
  await assertResponsive(engine);
});

test('40 concurrent requests (protobuf, JSON and garbage): every good span stored, every answer right', async () => {
  const batches = Array.from({ length: 30 }, (_, i) => recordSpans((tracer) => tracer.startSpan(`concurrent ${i}`).end()));
  const before = await assertResponsive(engine);
  const answers = await Promise.all([
    ...batches.map((spans, i) => (i % 3 === 0 ? postTraces(tracesJson(spans), JSON_TYPE) : postTraces(tracesProtobuf(spans)))),
    ...Array.from({ length: 10 }, (_, i) => postTraces(pseudoRandomBytes(300 + i, 1000 + i), JSON_TYPE)),
  ]);
  answers.slice(0, 30).forEach((a, i) => assert.equal(a.status, 200, `good request ${i}`));
  answers.slice(30).forEach((a, i) => assert.equal(a.status, 400, `garbage request ${i}`));
  for (const spans of batches) assert.ok((await storedSpans(engine, ids(spans[0]).traceId)).has(ids(spans[0]).spanId), spans[0].name);
  assert.equal((await assertResponsive(engine)).spanCount - before.spanCount, 30);
});
