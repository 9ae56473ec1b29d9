import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { logsJson, logsProtobuf, recordLogs, recordSampleTrace as sampleTrace, recordSpans, TEST_SERVICE, tracesJson, tracesProtobuf } from '../../factories/otlp-payloads';

for (const [encoding, serialize] of [['protobuf', tracesProtobuf], ['json', tracesJson]] as const) {
  test(`${encoding}: spans from the real SDK serializer decode to the same ids, times, status and attributes`, () => {
    const sdkSpans = sampleTrace();
    const result = decodeTraces(serialize(sdkSpans), encoding);
    assert.equal(result.rejected, 0);
    assert.deepEqual(result.errors, []);
    assert.equal(result.items.length, 2);
    const byName = new Map(result.items.map((s) => [s.name, s]));
    const root = byName.get('invoke_agent weather')!;
    const child = byName.get('chat gpt-4o-mini')!;
    const sdkRoot = sdkSpans.find((s) => s.name === 'invoke_agent weather')!;
    const sdkChild = sdkSpans.find((s) => s.name === 'chat gpt-4o-mini')!;

    assert.equal(root.traceId, sdkRoot.spanContext().traceId);
    assert.equal(root.spanId, sdkRoot.spanContext().spanId);
    assert.equal(root.parentSpanId, null);
    assert.equal(child.traceId, root.traceId);
    assert.equal(child.spanId, sdkChild.spanContext().spanId);
    assert.equal(child.parentSpanId, root.spanId);
    assert.match(child.spanId, /^[0-9a-f]{16}$/);
    assert.match(child.traceId, /^[0-9a-f]{32}$/);

    assert.equal(root.spanKind, 'server');
    assert.equal(child.spanKind, 'client');
    // Times: [seconds, nanos] → fractional Unix milliseconds, to well under a microsecond.
    assert.ok(Math.abs(root.startTimeUnixMs - 1_764_190_000_123.456789) < 0.001, String(root.startTimeUnixMs));
    assert.ok(Math.abs(root.endTimeUnixMs - 1_764_190_002_000.5) < 0.001, String(root.endTimeUnixMs));
    // Whole milliseconds stay whole (ties in start time must compare equal across encodings).
    assert.equal(child.endTimeUnixMs, 1_764_190_001_000);
    assert.equal(child.startTimeUnixMs, 1_764_190_000_200);

    assert.deepEqual(root.status, { code: 'ok' });
    assert.deepEqual(child.status, { code: 'error', message: 'rate limited' });

    assert.deepEqual(child.attributes, {
      'gen_ai.request.model': 'gpt-4o-mini',
      stream: true,
      'gen_ai.usage.input_tokens': 1200,
      negative: -42,
      'gen_ai.request.temperature': 0.25,
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      flags: [true, false],
      scores: [0.5, 1.5],
      unicode: 'héllo — 世界 🌍',
    });
    assert.equal(child.events.length, 1);
    assert.equal(child.events[0].name, 'gen_ai.content.prompt');
    assert.ok(Math.abs(child.events[0].timeUnixMs - 1_764_190_000_250) < 0.001);
    assert.deepEqual(child.events[0].attributes, { 'gen_ai.prompt': 'What is the weather?' });
    assert.deepEqual(child.links, [{ traceId: root.traceId, spanId: root.spanId, attributes: { 'link.kind': 'follows' } }]);

    assert.equal(child.resource['service.name'], TEST_SERVICE);
    assert.deepEqual(Object.keys(child.resource), ['service.name']);
    assert.equal(child.scope.name, 'otlp-test-scope');
    assert.equal(child.scope.version, '1.2.3');
  });

  test(`${encoding}: log records keep body, severity, event name and span correlation`, () => {
    const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
    const records = recordLogs((logger) => {
      logger.emit({
        eventName: 'gen_ai.choice',
        body: { index: 0, message: { role: 'assistant', content: 'Sunny, 21°C' }, tags: ['a', 1] },
        severityNumber: 9,
        severityText: 'INFO',
        attributes: { 'gen_ai.system': 'openai' },
        timestamp: [1_764_190_003, 0],
        context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
      });
      logger.emit({ body: 'plain text line', attributes: { 'event.name': 'legacy.event' } });
    });
    const serialized = encoding === 'protobuf' ? logsProtobuf(records) : logsJson(records);
    const result = decodeLogs(serialized, encoding);
    assert.equal(result.items.length, 2);
    const [choice, plain] = result.items;
    assert.equal(choice.traceId, spanContext.traceId);
    assert.equal(choice.spanId, spanContext.spanId);
    assert.equal(choice.eventName, 'gen_ai.choice');
    assert.deepEqual(choice.body, { index: 0, message: { role: 'assistant', content: 'Sunny, 21°C' }, tags: ['a', 1] });
    assert.equal(choice.severityNumber, 9);
    assert.equal(choice.severityText, 'INFO');
    assert.ok(Math.abs(choice.timeUnixMs - 1_764_190_003_000) < 0.001);
    assert.equal(choice.resource['service.name'], TEST_SERVICE);
    assert.equal(choice.scope.name, 'otlp-test-logger');
    assert.equal(plain.traceId, null);
    assert.equal(plain.spanId, null);
    assert.equal(plain.body, 'plain text line');
    // Older exporters carry the event name as an attribute.
    assert.equal(plain.eventName, 'legacy.event');
    // No timestamp given: the observed time stands in, which the SDK sets to "now".
    assert.ok(Math.abs(plain.timeUnixMs - Date.now()) < 60_000);
  });
}

test('protobuf: a span with invalid ids among good ones is rejected alone, with a reason', async () => {
  const { withIds } = await import('../../factories/otlp-payloads');
  const spans = recordSpans((tracer) => {
    for (let i = 0; i < 4; i++) tracer.startSpan(`span ${i}`).end();
  });
  const bad = [withIds(spans[1], { spanId: '0000000000000000' }), withIds(spans[3], { traceId: '00000000000000000000000000000000' })];
  const result = decodeTraces(tracesProtobuf([spans[0], bad[0], spans[2], bad[1]]), 'protobuf');
  assert.deepEqual(result.items.map((s) => s.name), ['span 0', 'span 2']);
  assert.equal(result.rejected, 2);
  assert.equal(result.errors.length, 2);
  assert.match(result.errors[0], /span 1.*invalid span id/);
  assert.match(result.errors[1], /span 3.*invalid trace id/);
});

test('protobuf: int64 attributes beyond 2^53 become decimal strings; bytes become base64', async () => {
  const { Writer } = await import('protobufjs/minimal');
  // Hand-built: the JS SDK cannot produce an int64 beyond 2^53 or a bytes attribute.
  const anyInt = (v: string) => Writer.create().uint32(24).int64(v).finish();
  const anyBytes = Writer.create().uint32(58).bytes(Buffer.from([0xde, 0xad, 0xbe, 0xef])).finish();
  const kv = (key: string, value: Uint8Array) => Writer.create().uint32(10).string(key).uint32(18).bytes(value).finish();
  const span = Writer.create()
    .uint32(10).bytes(Buffer.alloc(16, 1))
    .uint32(18).bytes(Buffer.alloc(8, 2))
    .uint32(42).string('s')
    .uint32(74).bytes(kv('big', anyInt('9007199254740993')))
    .uint32(74).bytes(kv('min', anyInt('-9223372036854775808')))
    .uint32(74).bytes(kv('neg', anyInt('-5')))
    .uint32(74).bytes(kv('raw', anyBytes))
    .finish();
  const scopeSpans = Writer.create().uint32(18).bytes(span).finish();
  const resourceSpans = Writer.create().uint32(18).bytes(scopeSpans).finish();
  const body = Writer.create().uint32(10).bytes(resourceSpans).finish();
  const [decoded] = decodeTraces(body, 'protobuf').items;
  assert.deepEqual(decoded.attributes, { big: '9007199254740993', min: '-9223372036854775808', neg: -5, raw: '3q2+7w==' });
  assert.equal(decoded.traceId, '01'.repeat(16));
  assert.equal(decoded.parentSpanId, null);
});

test('protobuf: many distinct keys and values of equal length never get mixed up (decoded-string cache)', () => {
  // 3,000 keys of one length overflow the 1,024-slot cache many times over and collide in it.
  const attributes: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) attributes[`key.${String(i).padStart(5, '0')}`] = `val-${String(i * 7).padStart(6, '0')}`;
  const spans = recordSpans((tracer) => {
    tracer.startSpan('first').end();
    tracer.startSpan('second', { attributes: { 'key.00001': 'other', 'key.00002': 'val-000014' } }).end();
  });
  // Set after recording: the SDK's span limits would keep only 128 attributes.
  Object.assign(spans[0], { attributes });
  const [first, second] = decodeTraces(tracesProtobuf(spans), 'protobuf').items;
  assert.deepEqual(first.attributes, attributes);
  assert.deepEqual(second.attributes, { 'key.00001': 'other', 'key.00002': 'val-000014' });
});
