/**
 * OTLP/gRPC against the real engine worker: garbage, truncated and oversized messages, gzip
 * expanding past the limit, deep nesting, invalid ids among good spans, duplicates across both
 * transports, logs before their spans, concurrent calls. After each: the right gRPC status, the
 * good spans stored once, the engine still answering.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { FIXTURES, manifest, payloadSpans } from '../../factories/fixture-payloads';
import { assertResponsive, grpcExport, post, PROTOBUF, pseudoRandomBytes, startEngineUnderTest, storedSpans, type EngineUnderTest } from './engine-under-test';
import { hexBytes, keyValue, nestedArrayValue, stringValue, traceRequest } from '../../factories/otlp-bytes';

const LIMIT = 1024 * 1024;
let engine: EngineUnderTest;
before(async () => {
  engine = await startEngineUnderTest({ maxBodyBytes: LIMIT });
  assert.ok(engine.grpcPort > 0, 'gRPC is listening');
});
after(async () => {
  await engine.close();
});

const call = (body: Uint8Array, options: Parameters<typeof grpcExport>[2] = {}) => grpcExport(engine.grpcPort, body, options);

test('a real SDK request, plain and gzip-compressed: OK and stored', async () => {
  for (const gzip of [false, true]) {
    const spans = recordSpans((tracer) => tracer.startSpan(`grpc ${gzip ? 'gzip' : 'plain'}`).end());
    const answer = await call(tracesProtobuf(spans), { gzip });
    assert.equal(answer.code, grpc.status.OK, answer.details);
    const { traceId, spanId } = spans[0].spanContext();
    assert.ok((await storedSpans(engine, traceId)).has(spanId));
  }
});

test('random bytes and truncated messages: INVALID_ARGUMENT (or OK for bytes that happen to parse); nothing invented', async () => {
  const before = await assertResponsive(engine);
  for (let seed = 1; seed <= 20; seed++) {
    const answer = await call(pseudoRandomBytes(50 + seed * 61, seed));
    assert.ok(answer.code === grpc.status.INVALID_ARGUMENT || answer.code === grpc.status.OK, `seed ${seed}: ${answer.code} ${answer.details}`);
  }
  const body = tracesProtobuf(recordSpans((tracer) => tracer.startSpan('cut me', { attributes: { pad: 'p'.repeat(200) } }).end()));
  const codes = new Set<grpc.status>();
  for (let cut = 3; cut < body.length; cut += 17) codes.add((await call(body.subarray(0, cut))).code);
  assert.ok(codes.has(grpc.status.INVALID_ARGUMENT), 'cuts inside a message are refused');
  assert.ok([...codes].every((c) => c === grpc.status.INVALID_ARGUMENT || c === grpc.status.OK), `codes ${[...codes].join(',')}`);
  const after = await assertResponsive(engine);
  assert.equal(after.spanCount, before.spanCount, 'no span came out of garbage or of a cut request');
});

test('a message over the limit, and a gzip message that inflates past it: RESOURCE_EXHAUSTED; the engine keeps working', async () => {
  const big = recordSpans((tracer) => tracer.startSpan('too big', { attributes: { blob: pseudoRandomBytes(3 * LIMIT, 3).toString('base64') } }).end());
  assert.equal((await call(tracesProtobuf(big))).code, grpc.status.RESOURCE_EXHAUSTED);
  // Zeros compress ~1000:1, so the compressed message is small; the limit is on the inflated size.
  const zeros = recordSpans((tracer) => tracer.startSpan('zeros', { attributes: { blob: '\0'.repeat(16 * LIMIT) } }).end());
  assert.equal((await call(tracesProtobuf(zeros), { gzip: true })).code, grpc.status.RESOURCE_EXHAUSTED);
  const ok = recordSpans((tracer) => tracer.startSpan('after the big ones').end());
  assert.equal((await call(tracesProtobuf(ok))).code, grpc.status.OK);
  await assertResponsive(engine);
});

test('an AnyValue nested 20,000 levels deep: answered with a status, the engine unharmed', async () => {
  const traceId = '9a11deadbeef00000000000000000001';
  const body = traceRequest([{ traceId: hexBytes(traceId), spanId: hexBytes('00000000000000a1'), name: 'deep', attributes: [keyValue('deep', nestedArrayValue(20_000)), keyValue('ok', stringValue('fine'))] }]);
  const answer = await call(body);
  assert.ok(answer.code === grpc.status.OK || answer.code === grpc.status.INVALID_ARGUMENT, `${answer.code} ${answer.details}`);
  await assertResponsive(engine);
});

test('invalid ids among good spans: OK with a partial success, good spans stored, bad ones counted', async () => {
  const traceId = '9dea5000000000000000000000000001';
  const body = traceRequest([
    { traceId: hexBytes(traceId), spanId: hexBytes('00000000000000f1'), name: 'good' },
    { traceId: hexBytes(traceId), spanId: hexBytes('0000000000000000'), name: 'zero span id' },
    { traceId: hexBytes('00ff'), spanId: hexBytes('00000000000000e1'), name: 'short trace id' },
    { traceId: hexBytes(traceId), spanId: hexBytes('00000000000000f2'), parentSpanId: hexBytes('00000000000000f1'), name: 'good child' },
  ]);
  const before = await assertResponsive(engine);
  const answer = await call(body);
  assert.equal(answer.code, grpc.status.OK, answer.details);
  assert.ok(answer.response && answer.response.length > 0, 'partial_success is set');
  assert.deepEqual(await storedSpans(engine, traceId), new Map([['00000000000000f1', null], ['00000000000000f2', '00000000000000f1']]));
  assert.equal((await assertResponsive(engine)).rejectedSpans - before.rejectedSpans, 2);
});

test('the same spans over HTTP and then over gRPC are stored once', async () => {
  const spans = recordSpans((tracer) => ['a', 'b'].forEach((name) => tracer.startSpan(`both transports ${name}`).end()));
  const body = tracesProtobuf(spans);
  assert.equal((await post(engine.httpPort, '/v1/traces', body, PROTOBUF)).status, 200);
  const before = await assertResponsive(engine);
  assert.equal((await call(body)).code, grpc.status.OK);
  assert.equal((await assertResponsive(engine)).spanCount, before.spanCount);
  for (const s of spans) assert.equal((await storedSpans(engine, s.spanContext().traceId)).size, 1);
});

test('log records arriving before their span (gRPC) are joined once the span arrives', async () => {
  const dir = join(FIXTURES, 'otel-instrumentation-openai');
  assert.equal((await call(readFileSync(join(dir, '002-logs.pb')), { signal: 'logs' })).code, grpc.status.OK);
  assert.equal((await call(readFileSync(join(dir, '001-traces.pb')))).code, grpc.status.OK);
  const traces = manifest().find((e) => e.path === 'otel-instrumentation-openai/001-traces.pb');
  assert.ok(traces, 'the fixture');
  const [sent] = await payloadSpans(traces);
  const span = await engine.client.call('getSpan', { traceId: sent.traceId, spanId: sent.spanId });
  assert.ok(span?.input?.messages.some((m) => m.role === 'user'), 'the chat span carries the messages of its log records');
  assert.ok(span?.output?.messages.some((m) => m.role === 'assistant'), 'and the answer');
});

test('30 concurrent gRPC calls on one channel with 10 HTTP posts: every span stored', async () => {
  const client = new grpc.Client(`127.0.0.1:${engine.grpcPort}`, grpc.credentials.createInsecure());
  try {
    const viaGrpc = Array.from({ length: 30 }, (_, i) => recordSpans((tracer) => tracer.startSpan(`grpc concurrent ${i}`).end()));
    const viaHttp = Array.from({ length: 10 }, (_, i) => recordSpans((tracer) => tracer.startSpan(`http concurrent ${i}`).end()));
    const before = await assertResponsive(engine);
    const [grpcAnswers, httpAnswers] = await Promise.all([
      Promise.all(viaGrpc.map((spans) => call(tracesProtobuf(spans), { client }))),
      Promise.all(viaHttp.map((spans) => post(engine.httpPort, '/v1/traces', tracesProtobuf(spans), PROTOBUF))),
    ]);
    grpcAnswers.forEach((a, i) => assert.equal(a.code, grpc.status.OK, `gRPC ${i}: ${a.details}`));
    httpAnswers.forEach((a, i) => assert.equal(a.status, 200, `HTTP ${i}`));
    for (const spans of [...viaGrpc, ...viaHttp]) {
      const { traceId, spanId } = spans[0].spanContext();
      assert.ok((await storedSpans(engine, traceId)).has(spanId), spans[0].name);
    }
    assert.equal((await assertResponsive(engine)).spanCount - before.spanCount, 40);
  } finally {
    client.close();
  }
});

test('an unknown gRPC method: UNIMPLEMENTED, the engine unharmed', async () => {
  const client = new grpc.Client(`127.0.0.1:${engine.grpcPort}`, grpc.credentials.createInsecure());
  const identity = (b: Buffer) => b;
  const code = await new Promise<grpc.status>((resolve) => {
    client.makeUnaryRequest('/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export', identity, identity, Buffer.alloc(0), (error) => resolve(error?.code ?? grpc.status.OK));
  });
  client.close();
  assert.equal(code, grpc.status.UNIMPLEMENTED);
  await assertResponsive(engine);
});
