/**
 * Hostile and broken bodies: every one must either decode or throw OtlpDecodeError, never crash,
 * hang or throw anything else. Random inputs use a fixed-seed generator so failures reproduce.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writer } from 'protobufjs/minimal';
import { countMetricDataPoints, decodeLogs, decodeTraces, decodeTracesJsonValue, OtlpDecodeError, sniffProtobufSignal } from '../../../src/engine/otlp';
import { recordLlmSpans, recordLogs, logsProtobuf, tracesProtobuf } from '../../factories/otlp-payloads';

/** Mulberry32: small deterministic PRNG. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `decode`; passes if it returns or throws OtlpDecodeError, fails on any other throw. */
function decodesOrRefuses(decode: () => unknown, what: string): 'decoded' | 'refused' {
  try {
    decode();
    return 'decoded';
  } catch (error) {
    assert.ok(error instanceof OtlpDecodeError, `${what}: threw ${String(error)}`);
    assert.ok((error as Error).message.length > 0);
    return 'refused';
  }
}

test('every truncation of a real protobuf traces body decodes or is refused', () => {
  const body = tracesProtobuf(recordLlmSpans(3, 3));
  let refused = 0;
  for (let cut = 0; cut < body.length; cut += 7) {
    if (decodesOrRefuses(() => decodeTraces(body.subarray(0, cut), 'protobuf'), `cut at ${cut}`) === 'refused') refused++;
  }
  // Most cuts land inside a length-delimited field and must be noticed.
  assert.ok(refused > body.length / 7 / 2, `only ${refused} truncations refused`);
  assert.throws(() => decodeTraces(body.subarray(0, body.length - 1), 'protobuf'), /truncated|index out of range|malformed/);
});

test('every truncation of a real protobuf logs body decodes or is refused', () => {
  const body = logsProtobuf(recordLogs((logger) => logger.emit({ body: { a: [1, 2, { b: 'c' }] }, attributes: { k: 'v' } })));
  for (let cut = 0; cut < body.length; cut++) decodesOrRefuses(() => decodeLogs(body.subarray(0, cut), 'protobuf'), `cut at ${cut}`);
});

test('random bytes and randomly corrupted bodies never escape as anything but OtlpDecodeError', () => {
  const next = random(42);
  const good = tracesProtobuf(recordLlmSpans(2, 2));
  for (let i = 0; i < 300; i++) {
    const noise = Buffer.from(Array.from({ length: Math.floor(next() * 400) }, () => Math.floor(next() * 256)));
    decodesOrRefuses(() => decodeTraces(noise, 'protobuf'), `noise ${i}`);
    decodesOrRefuses(() => decodeLogs(noise, 'protobuf'), `noise ${i}`);
    decodesOrRefuses(() => countMetricDataPoints(noise, 'protobuf'), `noise ${i}`);
    assert.ok(['traces', 'logs', 'metrics', 'unknown'].includes(sniffProtobufSignal(noise)));
    const corrupted = Buffer.from(good);
    for (let flips = 0; flips < 3; flips++) corrupted[Math.floor(next() * corrupted.length)] = Math.floor(next() * 256);
    decodesOrRefuses(() => decodeTraces(corrupted, 'protobuf'), `corrupted ${i}`);
  }
});

test('deeply nested AnyValue is refused (protobuf), not a stack overflow', () => {
  // array_value → values → array_value → ... 10,000 levels deep.
  let value: Uint8Array = Writer.create().uint32(10).string('leaf').finish();
  for (let i = 0; i < 10_000; i++) {
    const array = Writer.create().uint32(10).bytes(value).finish();
    value = Writer.create().uint32(42).bytes(array).finish();
  }
  const kv = Writer.create().uint32(10).string('deep').uint32(18).bytes(value).finish();
  const span = Writer.create().uint32(10).bytes(Buffer.alloc(16, 1)).uint32(18).bytes(Buffer.alloc(8, 1)).uint32(74).bytes(kv).finish();
  const body = Writer.create().uint32(10).bytes(Writer.create().uint32(18).bytes(Writer.create().uint32(18).bytes(span).finish()).finish()).finish();
  assert.throws(() => decodeTraces(body, 'protobuf'), (error) => error instanceof OtlpDecodeError && /nested deeper than/.test(error.message));
});

test('deeply nested AnyValue is refused (JSON), and modest nesting is kept', () => {
  const nest = (levels: number) => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < levels; i++) value = { arrayValue: { values: [value] } };
    return value;
  };
  const request = (value: unknown) => ({
    resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '1'.repeat(32), spanId: '2'.repeat(16), name: 'n', attributes: [{ key: 'deep', value }] }] }] }],
  });
  assert.throws(() => decodeTracesJsonValue(request(nest(50_000))), /nested deeper than/);
  // Built as text: JSON.stringify itself would overflow on this object.
  const levels = 100_000;
  const deepText = '{"arrayValue":{"values":['.repeat(levels) + '{"stringValue":"leaf"}' + ']}}'.repeat(levels);
  const body = Buffer.from(JSON.stringify(request('DEEP')).replace('"DEEP"', deepText));
  decodesOrRefuses(() => decodeTraces(body, 'json'), 'JSON nested 100k deep');
  const [span] = decodeTracesJsonValue(request(nest(10))).items;
  let inner: unknown = span.attributes.deep;
  for (let i = 0; i < 10; i++) inner = (inner as unknown[])[0];
  assert.equal(inner, 'leaf');
});

test('huge strings decode intact', () => {
  const huge = 'x'.repeat(8 * 1024 * 1024);
  const [span] = decodeTraces(tracesProtobuf(recordLlmSpans(1, 1).map((s) => Object.assign(s, { attributes: { huge } }))), 'protobuf').items;
  assert.equal((span.attributes.huge as string).length, huge.length);
});

test('a length prefix claiming more bytes than the body has is refused', () => {
  // resource_spans with a declared length of 2^31 and nothing behind it.
  const body = Buffer.from([0x0a, 0x80, 0x80, 0x80, 0x80, 0x08]);
  assert.throws(() => decodeTraces(body, 'protobuf'), OtlpDecodeError);
});

test('unknown fields of every wire type are skipped', () => {
  const good = tracesProtobuf(recordLlmSpans(1, 1));
  const unknown = Writer.create()
    .uint32((99 << 3) | 0).uint64(123456789)
    .uint32((98 << 3) | 1).fixed64(1)
    .uint32((97 << 3) | 2).string('future field')
    .uint32((96 << 3) | 5).fixed32(7)
    .uint32((95 << 3) | 3).uint32((1 << 3) | 0).uint32(5).uint32((95 << 3) | 4) // a group
    .finish();
  const result = decodeTraces(Buffer.concat([unknown, good, unknown]), 'protobuf');
  assert.equal(result.items.length, 1);
});

test('JSON that is not an OTLP request is refused with a message saying what was wrong', () => {
  const cases: [string, RegExp][] = [
    ['{"resourceSpans": [', /malformed JSON/],
    ['[1, 2, 3]', /got an array/],
    ['"text"', /got string/],
    ['null', /got null/],
    ['{"resourceSpans": {"not": "an array"}}', /not an array/],
    ['{"resourceLogs": []}', /expected 'resourceSpans'.*found 'resourceLogs'/],
    ['{"resourceSpans": [{"scopeSpans": 5}]}', /not an array/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => decodeTraces(Buffer.from(text), 'json'), (error) => error instanceof OtlpDecodeError && message.test(error.message), text);
  }
  // An empty request is valid OTLP.
  assert.deepEqual(decodeTraces(Buffer.from('{}'), 'json'), { items: [], rejected: 0, errors: [] });
  assert.deepEqual(decodeTraces(new Uint8Array(0), 'protobuf'), { items: [], rejected: 0, errors: [] });
});

test('a resource or scope sent after its spans still applies to them (field order is free on the wire)', () => {
  const kv = Writer.create().uint32(10).string('service.name').uint32(18).bytes(Writer.create().uint32(10).string('late-service').finish()).finish();
  const resource = Writer.create().uint32(10).bytes(kv).finish();
  const scope = Writer.create().uint32(10).string('late-scope').finish();
  const span = Writer.create().uint32(10).bytes(Buffer.alloc(16, 3)).uint32(18).bytes(Buffer.alloc(8, 4)).uint32(42).string('early').finish();
  const scopeSpans = Writer.create().uint32(18).bytes(span).uint32(10).bytes(scope).finish();
  const resourceSpans = Writer.create().uint32(18).bytes(scopeSpans).uint32(10).bytes(resource).finish();
  const [decoded] = decodeTraces(Writer.create().uint32(10).bytes(resourceSpans).finish(), 'protobuf').items;
  assert.equal(decoded.name, 'early');
  assert.deepEqual(decoded.resource, { 'service.name': 'late-service' });
  assert.equal(decoded.scope.name, 'late-scope');
});
