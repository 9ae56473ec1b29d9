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

/** A protobuf traces request with one span whose attributes are `deep` = `value` and `ok` = "fine". */
function protobufSpanWithValue(value: Uint8Array): Uint8Array {
  const deep = Writer.create().uint32(10).string('deep').uint32(18).bytes(value).finish();
  const ok = Writer.create().uint32(10).string('ok').uint32(18).bytes(Writer.create().uint32(10).string('fine').finish()).finish();
  const span = Writer.create().uint32(10).bytes(Buffer.alloc(16, 1)).uint32(18).bytes(Buffer.alloc(8, 1)).uint32(74).bytes(deep).uint32(74).bytes(ok).finish();
  return Writer.create().uint32(10).bytes(Writer.create().uint32(18).bytes(Writer.create().uint32(18).bytes(span).finish()).finish()).finish();
}

/** AnyValue protobuf: `levels` array_values (field 5) or kvlist_values (field 6, key "k") around a string. */
function nestedProtobuf(levels: number, kind: 'array' | 'kvlist' = 'array'): Uint8Array {
  let value: Uint8Array = Writer.create().uint32(10).string('leaf').finish();
  for (let i = 0; i < levels; i++) {
    const entry = kind === 'array' ? value : Writer.create().uint32(10).string('k').uint32(18).bytes(value).finish();
    const list = Writer.create().uint32(10).bytes(entry).finish();
    value = Writer.create().uint32(kind === 'array' ? 42 : 50).bytes(list).finish();
  }
  return value;
}

/** The same in OTLP/JSON, as an object. */
function nestedJson(levels: number, kind: 'array' | 'kvlist' = 'array'): unknown {
  let value: unknown = { stringValue: 'leaf' };
  for (let i = 0; i < levels; i++) value = kind === 'array' ? { arrayValue: { values: [value] } } : { kvlistValue: { values: [{ key: 'k', value }] } };
  return value;
}

const jsonRequest = (value: unknown) => ({
  resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '1'.repeat(32), spanId: '2'.repeat(16), name: 'n', attributes: [{ key: 'deep', value }, { key: 'ok', value: { stringValue: 'fine' } }] }] }] }],
});

/** Walks a decoded nested value down to its innermost non-list part: [lists passed, what is there]. */
function unnest(value: unknown): [number, unknown] {
  let levels = 0;
  // Bounded: a decoded value never nests deeper than the decoder's limit (checked by the callers).
  while (levels <= 1000 && typeof value === 'object' && value !== null) {
    value = Array.isArray(value) ? value[0] : (value as Record<string, unknown>).k;
    levels++;
  }
  return [levels, value];
}

const MARKER = '[nested deeper than 64 levels]';

test('an AnyValue nested deeper than 64 levels (protobuf): the span is kept, the too-deep part becomes a marker', () => {
  for (const kind of ['array', 'kvlist'] as const) {
    for (const levels of [65, 100, 10_000]) {
      const result = decodeTraces(protobufSpanWithValue(nestedProtobuf(levels, kind)), 'protobuf');
      assert.equal(result.items.length, 1, `${kind} ${levels}`);
      assert.equal(result.rejected, 0);
      const { attributes } = result.items[0];
      assert.equal(attributes.ok, 'fine', 'the other attributes survive');
      assert.deepEqual(unnest(attributes.deep), [64, MARKER], `${kind} ${levels}: 64 lists kept, then the marker`);
    }
    const [kept] = decodeTraces(protobufSpanWithValue(nestedProtobuf(64, kind)), 'protobuf').items;
    assert.deepEqual(unnest(kept.attributes.deep), [64, 'leaf'], `${kind}: 64 levels are kept whole`);
  }
  // The skipped part is not read, but its length is still checked: here the 65th list claims a
  // million bytes that the body does not have.
  let lying: Uint8Array = Writer.create().uint32(42).uint32(1_000_000).finish();
  for (let i = 0; i < 64; i++) lying = Writer.create().uint32(42).bytes(Writer.create().uint32(10).bytes(lying).finish()).finish();
  assert.throws(() => decodeTraces(protobufSpanWithValue(lying), 'protobuf'), (error) => error instanceof OtlpDecodeError && /runs past the end/.test(error.message));
});

test('an AnyValue nested deeper than 64 levels (JSON): the span is kept with the marker, even 100,000 levels deep', () => {
  for (const kind of ['array', 'kvlist'] as const) {
    for (const levels of [65, 100, 50_000]) {
      const result = decodeTracesJsonValue(jsonRequest(nestedJson(levels, kind)));
      assert.equal(result.items.length, 1, `${kind} ${levels}`);
      assert.equal(result.items[0].attributes.ok, 'fine');
      assert.deepEqual(unnest(result.items[0].attributes.deep), [64, MARKER], `${kind} ${levels}`);
    }
    const [kept] = decodeTracesJsonValue(jsonRequest(nestedJson(64, kind))).items;
    assert.deepEqual(unnest(kept.attributes.deep), [64, 'leaf'], `${kind}: 64 levels are kept whole`);
  }
  // Built as text: JSON.stringify itself would overflow on this object.
  const levels = 100_000;
  const deepText = '{"arrayValue":{"values":['.repeat(levels) + '{"stringValue":"leaf"}' + ']}}'.repeat(levels);
  const body = Buffer.from(JSON.stringify(jsonRequest('DEEP')).replace('"DEEP"', deepText));
  const result = decodeTraces(body, 'json');
  assert.equal(result.items.length, 1, 'JSON nested 100k deep');
  assert.deepEqual(unnest(result.items[0].attributes.deep), [64, MARKER]);
  // A log body is an AnyValue too.
  const logs = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: nestedJson(100, 'kvlist') }] }] }] };
  const [record] = decodeLogs(Buffer.from(JSON.stringify(logs)), 'json').items;
  assert.deepEqual(unnest(record.body), [64, MARKER]);
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
