/**
 * Hostile OTLP/HTTP bodies against the real engine worker: random bytes, truncated protobuf, JSON of
 * the wrong shape, deep nesting, huge attributes and bodies, a gzip bomb, unknown content types.
 * After each: the right status, nothing invented in the store, the engine still answering.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createGzip } from 'node:zlib';
import { recordSpans, tracesJson, tracesProtobuf } from '../../factories/otlp-payloads';
import { assertResponsive, JSON_TYPE, post, PROTOBUF, pseudoRandomBytes, startEngineUnderTest, storedSpans, type EngineUnderTest } from './engine-under-test';
import { hexBytes, keyValue, nestedArrayValue, nestedArrayValueJson, stringValue, traceRequest } from '../../factories/otlp-bytes';

const LIMIT = 8 * 1024 * 1024;
let engine: EngineUnderTest;
before(async () => {
  engine = await startEngineUnderTest({ maxBodyBytes: LIMIT, grpcPort: null });
});
after(async () => {
  await engine.close();
});

const postTraces = (body: Uint8Array, headers: Record<string, string>) => post(engine.httpPort, '/v1/traces', body, headers);

/** A JSON error answer names the problem (google.rpc.Status {code, message}). */
function errorMessage(body: Buffer): string {
  const parsed = JSON.parse(body.toString('utf8')) as { message?: unknown };
  assert.equal(typeof parsed.message, 'string', `error body: ${body.toString('utf8').slice(0, 200)}`);
  return parsed.message as string;
}

test('random bytes: JSON is refused with 400; protobuf with 400 or (when the bytes happen to parse) 200; nothing is stored', async () => {
  const before = await assertResponsive(engine);
  for (let seed = 1; seed <= 40; seed++) {
    const bytes = pseudoRandomBytes(16 + seed * 97, seed);
    const asJson = await postTraces(bytes, JSON_TYPE);
    assert.equal(asJson.status, 400, `JSON seed ${seed}`);
    assert.ok(errorMessage(asJson.body).length > 0);
    const asProto = await postTraces(bytes, PROTOBUF);
    assert.ok(asProto.status === 400 || asProto.status === 200, `protobuf seed ${seed}: ${asProto.status}`);
  }
  const after = await assertResponsive(engine);
  assert.equal(after.spanCount, before.spanCount, 'random bytes produced no spans');
});

test('protobuf cut at every length: 400 or a valid prefix; only real spans of the request are stored', async () => {
  const spans = recordSpans((tracer) => ['one', 'two', 'three'].forEach((name) => tracer.startSpan(name, { attributes: { 'gen_ai.request.model': 'gpt-4o-mini', note: 'x'.repeat(50) } }).end()));
  const body = tracesProtobuf(spans);
  const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
  const real = new Set(spans.map((s) => s.spanContext().spanId));
  const statuses = new Set<number>();
  for (let cut = 1; cut < body.length; cut += Math.max(1, Math.floor(body.length / 60))) {
    const answer = await postTraces(body.subarray(0, cut), PROTOBUF);
    statuses.add(answer.status);
    assert.ok(answer.status === 400 || answer.status === 200, `cut at ${cut}/${body.length}: ${answer.status}`);
  }
  assert.ok(statuses.has(400), 'most cuts land inside a message');
  for (const traceId of traceIds) {
    for (const spanId of (await storedSpans(engine, traceId)).keys()) assert.ok(real.has(spanId), `stored span ${spanId} is one of the request's`);
  }
  await assertResponsive(engine);
});

const ID = '5b8efff798038103d269b633813fc60c';
/** [label, body, expected]: a request-level shape error is a 400; a bad span among others is rejected alone. */
const WRONG_SHAPES: [string, string, { status: 400 } | { status: 200; rejected: number; stored: string[] }][] = [
  ['an array', '[]', { status: 400 }],
  ['null', 'null', { status: 400 }],
  ['a string', '"resourceSpans"', { status: 400 }],
  ['resourceSpans as an object', '{"resourceSpans":{}}', { status: 400 }],
  ['resourceSpans with null', '{"resourceSpans":[null]}', { status: 400 }],
  ['scopeSpans as a string', '{"resourceSpans":[{"scopeSpans":"nope"}]}', { status: 400 }],
  ['spans that are not objects', '{"resourceSpans":[{"scopeSpans":[{"spans":[null,5,"x",[]]}]}]}', { status: 200, rejected: 4, stored: [] }],
  ['ids as numbers', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":123,"spanId":456,"name":"n"}]}]}]}', { status: 200, rejected: 1, stored: [] }],
  // Lenient where nothing essential is missing: the span is kept, the unreadable parts dropped.
  ['attributes as an object', `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${ID}","spanId":"eee19b7ec3c1b174","name":"n","attributes":{"a":1}}]}]}]}`,
    { status: 200, rejected: 0, stored: ['eee19b7ec3c1b174'] }],
  ['values of the wrong type', `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${ID}","spanId":"eee19b7ec3c1b175","name":{"x":1},"startTimeUnixNano":{},"endTimeUnixNano":[],"kind":"SPAN_KIND_NONSENSE","status":7,"attributes":[{"key":"a","value":{"intValue":"twelve"}},{"key":5},null]}]}]}]}`,
    { status: 200, rejected: 0, stored: ['eee19b7ec3c1b175'] }],
  ['ten thousand duplicate keys', `{"resourceSpans":[],${'"x":1,'.repeat(10_000)}"y":2}`, { status: 200, rejected: 0, stored: [] }],
];

for (const [label, json, expected] of WRONG_SHAPES) {
  test(`JSON of the wrong shape (${label}): ${expected.status === 400 ? '400 with a message' : `200, ${expected.rejected} rejected`}`, async () => {
    const before = await assertResponsive(engine);
    const answer = await postTraces(Buffer.from(json), JSON_TYPE);
    assert.equal(answer.status, expected.status, answer.body.toString().slice(0, 300));
    const after = await assertResponsive(engine);
    if (expected.status === 400) {
      assert.ok(errorMessage(answer.body).length > 0, 'a message says what is wrong');
      assert.equal(after.spanCount, before.spanCount);
      return;
    }
    const rejected = (JSON.parse(answer.body.toString()) as { partialSuccess?: { rejectedSpans?: string } }).partialSuccess?.rejectedSpans;
    assert.equal(Number(rejected ?? 0), expected.rejected, 'partialSuccess.rejectedSpans');
    const stored = [...(await storedSpans(engine, ID)).keys()];
    for (const spanId of expected.stored) assert.ok(stored.includes(spanId), `span ${spanId} kept`);
    assert.equal(after.spanCount - before.spanCount, expected.stored.length);
  });
}

const DEEP_TRACE = '7a11deadbeef00000000000000000001';
const timesJson = '"startTimeUnixNano":"1764190000000000000","endTimeUnixNano":"1764190000005000000"';

/** A request with a plain span and a child whose attribute `deep` nests `depth` arrays. */
function deepRequest(encoding: 'protobuf' | 'json', depth: number, sibling: string, deep: string): Uint8Array {
  if (encoding === 'protobuf') {
    return traceRequest([
      { traceId: hexBytes(DEEP_TRACE), spanId: hexBytes(sibling), name: 'sibling' },
      { traceId: hexBytes(DEEP_TRACE), spanId: hexBytes(deep), parentSpanId: hexBytes(sibling), name: 'deep', attributes: [keyValue('deep', nestedArrayValue(depth)), keyValue('ok', stringValue('fine'))] },
    ]);
  }
  const span = (spanId: string, name: string, attrs: string) => `{"traceId":"${DEEP_TRACE}","spanId":"${spanId}","name":"${name}",${timesJson},"attributes":[${attrs}]}`;
  const deepAttr = `{"key":"deep","value":${nestedArrayValueJson(depth)}},{"key":"ok","value":{"stringValue":"fine"}}`;
  return Buffer.from(`{"resourceSpans":[{"scopeSpans":[{"spans":[${span(sibling, 'sibling', '')},${span(deep, 'deep', deepAttr)}]}]}]}`);
}

test('an AnyValue nested 20,000 levels deep (protobuf and JSON): answered (200 or 400 with a message), the engine unharmed', async () => {
  for (const [encoding, sibling, deep] of [['protobuf', '00000000000000a1', '00000000000000a2'], ['json', '00000000000000b1', '00000000000000b2']] as const) {
    const answer = await postTraces(deepRequest(encoding, 20_000, sibling, deep), encoding === 'json' ? JSON_TYPE : PROTOBUF);
    assert.ok(answer.status === 200 || answer.status === 400, `${encoding}: status ${answer.status}`);
    if (answer.status === 400) assert.match(answer.body.toString('utf8'), /nested|deep/i, `${encoding}: the message says why`);
    await assertResponsive(engine);
  }
});

test('an AnyValue nested 100 levels deep costs only its own value, not the other spans of the request', async () => {
  for (const [encoding, sibling, deep] of [['protobuf', '00000000000000c1', '00000000000000c2'], ['json', '00000000000000d1', '00000000000000d2']] as const) {
    const answer = await postTraces(deepRequest(encoding, 100, sibling, deep), encoding === 'json' ? JSON_TYPE : PROTOBUF);
    assert.equal(answer.status, 200, `${encoding}: ${answer.body.toString('utf8').slice(0, 200)}`);
    const stored = await storedSpans(engine, DEEP_TRACE);
    assert.ok(stored.has(sibling), `${encoding}: the sibling span is stored`);
    assert.ok(stored.has(deep), `${encoding}: the span itself is stored (the deep value cut or dropped)`);
    const detail = await engine.client.call('getSpan', { traceId: DEEP_TRACE, spanId: deep });
    assert.equal(detail?.attributes?.ok, 'fine', `${encoding}: its other attributes survive`);
    assert.match(JSON.stringify(detail?.attributes?.deep), /"\[nested deeper than 64 levels\]"/, `${encoding}: the cut is marked`);
  }
});

test('a 5 MB attribute under the limit is stored whole and can be read back', async () => {
  const big = 'abcdefghij'.repeat(512 * 1024);
  const spans = recordSpans((tracer) => tracer.startSpan('chat big', { attributes: { 'gen_ai.request.model': 'gpt-4o-mini', 'app.big': big } }).end());
  const answer = await postTraces(tracesProtobuf(spans), PROTOBUF);
  assert.equal(answer.status, 200);
  const { traceId, spanId } = spans[0].spanContext();
  const detail = await engine.client.call('getSpan', { traceId, spanId });
  assert.equal((detail?.attributes?.['app.big'] as string | undefined)?.length, big.length);
  await assertResponsive(engine);
});

test('a 20 MB body over an 8 MB limit, sent without Content-Length: 413; the engine keeps working', async () => {
  const huge = pseudoRandomBytes(20 * 1024 * 1024, 7);
  for (let i = 0; i < 3; i++) {
    const chunked = await post(engine.httpPort, '/v1/traces', huge, { ...PROTOBUF, 'transfer-encoding': 'chunked' });
    assert.equal(chunked.status, 413);
  }
  const spans = recordSpans((tracer) => tracer.startSpan('after the flood').end());
  assert.equal((await postTraces(tracesProtobuf(spans), PROTOBUF)).status, 200);
  assert.ok((await storedSpans(engine, spans[0].spanContext().traceId)).has(spans[0].spanContext().spanId));
  await assertResponsive(engine);
});

test('a 20 MB body over an 8 MB limit with its Content-Length declared: the client gets the 413, not a broken pipe', async () => {
  const huge = pseudoRandomBytes(20 * 1024 * 1024, 8);
  const outcomes: string[] = [];
  for (let i = 0; i < 10; i++) {
    outcomes.push(await postTraces(huge, PROTOBUF).then((a) => String(a.status), (error: NodeJS.ErrnoException) => error.code ?? error.message));
  }
  assert.deepEqual(outcomes, Array(10).fill('413'));
  await assertResponsive(engine);
});

/** 256 MB of zeros, gzip-compressed (~250 KB), made chunk by chunk so the test never holds 256 MB. */
function gzipBomb(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip({ level: 9 });
    const out: Buffer[] = [];
    gzip.on('data', (c: Buffer) => out.push(c));
    gzip.on('end', () => resolve(Buffer.concat(out)));
    gzip.on('error', reject);
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 256; i++) gzip.write(zeros);
    gzip.end();
  });
}

test('a gzip bomb (256 MB of zeros in ~250 KB) is refused with 413 without inflating it', async () => {
  const bomb = await gzipBomb();
  assert.ok(bomb.length < LIMIT, 'the compressed body itself is under the limit');
  for (const type of [PROTOBUF, JSON_TYPE]) {
    const answer = await postTraces(bomb, { ...type, 'content-encoding': 'gzip' });
    assert.equal(answer.status, 413);
  }
  await assertResponsive(engine);
});

test('unknown content types and encodings: 415; a charset parameter is fine', async () => {
  const spans = recordSpans((tracer) => tracer.startSpan('typed').end());
  const json = tracesJson(spans);
  for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', '']) {
    const answer = await postTraces(json, type ? { 'content-type': type } : {});
    assert.equal(answer.status, 415, `content-type '${type}'`);
  }
  assert.equal((await postTraces(json, { ...JSON_TYPE, 'content-encoding': 'br' })).status, 415);
  assert.equal((await postTraces(json, { 'content-type': 'Application/JSON; charset=utf-8' })).status, 200);
  assert.ok((await storedSpans(engine, spans[0].spanContext().traceId)).has(spans[0].spanContext().spanId));
  await assertResponsive(engine);
});
