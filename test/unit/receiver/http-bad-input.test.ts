/** OTLP/HTTP answers to everything that is not a well-formed export: status codes, messages, logs. */
import assert from 'node:assert/strict';
import { gzipSync, deflateSync, deflateRawSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { Reader } from 'protobufjs/minimal';
import { recordSpans, tracesJson, tracesProtobuf, withIds } from '../../factories/otlp-payloads';
import { rawRequest, startHarness, type Harness } from './receiver-harness';

const LIMIT = 256 * 1024;
let harness: Harness;
before(async () => {
  harness = await startHarness({ maxBodyBytes: LIMIT, grpcPort: null });
});
after(async () => {
  await harness.close();
});

const post = (path: string, body: Uint8Array, headers: Record<string, string>) =>
  rawRequest(harness.httpPort, { method: 'POST', path, body, headers: { host: `127.0.0.1:${harness.httpPort}`, ...headers } });

function threeSpans() {
  return recordSpans((tracer) => ['good 1', 'bad', 'good 2'].forEach((name) => tracer.startSpan(name).end()));
}

/** google.rpc.Status {code=1, message=2} from a protobuf error body. */
function readStatus(body: Buffer): { code: number; message: string } {
  const reader = Reader.create(body);
  const status = { code: 0, message: '' };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 8) status.code = reader.int32();
    else if (tag === 18) status.message = reader.string();
    else reader.skipType(tag & 7);
  }
  return status;
}

test('one bad span among good ones: 200 with partialSuccess rejected=1 (protobuf), good spans stored', async () => {
  const spans = threeSpans();
  spans[1] = withIds(spans[1], { spanId: '0000000000000000' });
  const before = harness.sink.spans.length;
  const res = await post('/v1/traces', tracesProtobuf(spans), { 'content-type': 'application/x-protobuf' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/x-protobuf');
  const response = ProtobufTraceSerializer.deserializeResponse(res.body);
  assert.equal(Number(response.partialSuccess?.rejectedSpans), 1);
  assert.match(response.partialSuccess?.errorMessage ?? '', /invalid span id/);
  assert.deepEqual(harness.sink.spans.slice(before).map((s) => s.name), ['good 1', 'good 2']);
  const record = harness.sink.requests.at(-1)!;
  assert.equal(record.accepted, 2);
  assert.equal(record.rejected, 1);
});

test('one bad span among good ones: partialSuccess in JSON for a JSON request', async () => {
  const spans = threeSpans();
  spans[1] = withIds(spans[1], { traceId: '00000000000000000000000000000000' });
  const res = await post('/v1/traces', tracesJson(spans), { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const response = JsonTraceSerializer.deserializeResponse(res.body);
  assert.equal(Number(response.partialSuccess?.rejectedSpans), 1);
});

test('malformed JSON → 400 with a JSON Status naming the problem', async () => {
  const res = await post('/v1/traces', Buffer.from('{"resourceSpans": [ {'), { 'content-type': 'application/json' });
  assert.equal(res.status, 400);
  const status = JSON.parse(res.text);
  assert.equal(status.code, 3);
  assert.match(status.message, /malformed JSON/);
  assert.equal(harness.sink.requests.at(-1)!.ok, false);
  assert.ok(harness.logs.some((l) => l.level === 'warn' && /malformed JSON/.test(l.message) && /127\.0\.0\.1/.test(l.message)));
});

test('malformed protobuf → 400 with a protobuf Status', async () => {
  const truncated = tracesProtobuf(threeSpans()).subarray(0, 40);
  const res = await post('/v1/traces', truncated, { 'content-type': 'application/x-protobuf' });
  assert.equal(res.status, 400);
  const status = readStatus(res.body);
  assert.equal(status.code, 3);
  assert.match(status.message, /truncated|malformed/);
});

test('other content types → 415, and nothing is stored', async () => {
  const before = harness.sink.spans.length;
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    const res = await post('/v1/traces', tracesJson(threeSpans()), headers);
    assert.equal(res.status, 415, type);
    assert.match(JSON.parse(res.text).message, /unsupported content type/);
  }
  assert.equal(harness.sink.spans.length, before);
});

test('gzip, deflate (zlib and raw) bodies are accepted; a body that is not the declared encoding is 400', async () => {
  const body = tracesProtobuf(threeSpans());
  for (const [encoding, bytes] of [['gzip', gzipSync(body)], ['deflate', deflateSync(body)], ['deflate', deflateRawSync(body)], ['identity', body]] as const) {
    const res = await post('/v1/traces', bytes, { 'content-type': 'application/x-protobuf', 'content-encoding': encoding });
    assert.equal(res.status, 200, encoding);
  }
  const bad = await post('/v1/traces', body, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
  assert.equal(bad.status, 400);
  assert.match(readStatus(bad.body).message, /not valid gzip/);
  const unknown = await post('/v1/traces', body, { 'content-type': 'application/x-protobuf', 'content-encoding': 'br' });
  assert.equal(unknown.status, 415);
});

test('a body over the limit → 413 (declared length and chunked)', async () => {
  const big = Buffer.alloc(LIMIT + 1, 0x20);
  const declared = await post('/v1/traces', big, { 'content-type': 'application/json' });
  assert.equal(declared.status, 413);
  assert.match(JSON.parse(declared.text).message, /exceeds the limit/);
  const chunked = await post('/v1/traces', big, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  assert.equal(chunked.status, 413);
});

test('a gzip bomb → 413 without inflating it into memory', async () => {
  // 200 MiB of zeros in a ~200 KB gzip member: under the limit on the wire, 800x over it inflated.
  const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });
  assert.ok(bomb.length < LIMIT, `bomb is ${bomb.length} bytes`);
  global.gc?.();
  const baseline = process.memoryUsage().arrayBuffers;
  let peak = baseline;
  // Sampled while the request runs: inflating it all would show up as ~200 MiB of buffers.
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
  const res = await post('/v1/traces', bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
  clearInterval(sampler);
  assert.equal(res.status, 413);
  assert.match(readStatus(res.body).message, /decompressed request body exceeds/);
  assert.ok(peak - baseline < 32 * 1024 * 1024, `array buffers grew by ${peak - baseline} bytes`);
});

test('a Host that is not a loopback name → 403 (DNS rebinding), for OTLP and the query API', async () => {
  for (const host of ['evil.example', 'evil.example:4318', '192.168.1.10:4318', 'localhost.evil.example']) {
    const res = await post('/v1/traces', tracesJson(threeSpans()), { 'content-type': 'application/json', host });
    assert.equal(res.status, 403, host);
    assert.match(JSON.parse(res.text).message, /not a loopback name/);
    const api = await rawRequest(harness.httpPort, { path: '/api/traces', headers: { host } });
    assert.equal(api.status, 403, host);
  }
  for (const host of ['localhost', `localhost:${harness.httpPort}`, '127.0.0.1', '127.1.2.3:9', '[::1]', `[::1]:${harness.httpPort}`]) {
    const res = await rawRequest(harness.httpPort, { path: '/api/traces', headers: { host } });
    assert.equal(res.status, 200, host);
  }
  assert.ok(harness.logs.some((l) => /refused: 403.*evil\.example/.test(l.message)), 'refused export not logged');
  assert.ok(harness.logs.some((l) => /GET \/api\/traces.*refused \(403\).*evil\.example/.test(l.message)), 'refused query not logged');
  assert.match(harness.sink.requests.at(-1)?.error ?? '', /not a loopback name/);
});

test('CORS: loopback origins get a preflight answer and Access-Control-Allow-Origin; others are refused', async () => {
  const origin = 'http://localhost:5173';
  const preflight = await rawRequest(harness.httpPort, {
    method: 'OPTIONS',
    path: '/v1/traces',
    headers: { host: 'localhost', origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], origin);
  assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
  assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/i);
  for (const allowed of ['https://127.0.0.1', 'http://[::1]:3000']) {
    const res = await post('/v1/traces', tracesJson(threeSpans()), { 'content-type': 'application/json', origin: allowed });
    assert.equal(res.status, 200, allowed);
    assert.equal(res.headers['access-control-allow-origin'], allowed);
  }
  for (const denied of ['https://evil.example', 'http://localhost.evil.example', 'null', 'file://']) {
    const res = await rawRequest(harness.httpPort, {
      method: 'OPTIONS',
      path: '/v1/traces',
      headers: { host: 'localhost', origin: denied, 'access-control-request-method': 'POST' },
    });
    assert.equal(res.status, 403, denied);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  }
  // Without an Origin (not a browser), no CORS header is added.
  const plain = await post('/v1/traces', tracesJson(threeSpans()), { 'content-type': 'application/json' });
  assert.equal(plain.headers['access-control-allow-origin'], undefined);
});

test('other methods on OTLP paths → 405; unknown paths → 404', async () => {
  const get = await rawRequest(harness.httpPort, { path: '/v1/traces', headers: { host: 'localhost' } });
  assert.equal(get.status, 405);
  assert.match(String(get.headers.allow), /POST/);
  const put = await rawRequest(harness.httpPort, { method: 'PUT', path: '/v1/logs', headers: { host: 'localhost' } });
  assert.equal(put.status, 405);
  const missing = await rawRequest(harness.httpPort, { path: '/v2/traces', headers: { host: 'localhost' } });
  assert.equal(missing.status, 404);
  assert.match(JSON.parse(missing.text).message, /no such endpoint/);
});

test('an exception in the sink → 500 with a message, logged; the receiver keeps serving', async () => {
  harness.sink.failWith = new Error('database is locked');
  try {
    const res = await post('/v1/traces', tracesProtobuf(threeSpans()), { 'content-type': 'application/x-protobuf' });
    assert.equal(res.status, 500);
    assert.match(readStatus(res.body).message, /database is locked/);
    assert.ok(harness.logs.some((l) => l.level === 'error' && /database is locked/.test(l.message)));
    assert.equal(harness.sink.requests.at(-1)!.ok, false);
  } finally {
    harness.sink.failWith = null;
  }
  const res = await post('/v1/traces', tracesProtobuf(threeSpans()), { 'content-type': 'application/x-protobuf' });
  assert.equal(res.status, 200);
});

test('metrics are acknowledged and counted; logs and metrics of the wrong shape are 400', async () => {
  const metrics = { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', sum: { dataPoints: [{ asInt: '1' }, { asInt: '2' }] } }] }] }] };
  const res = await post('/v1/metrics', Buffer.from(JSON.stringify(metrics)), { 'content-type': 'application/json' });
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.text), {});
  const record = harness.sink.requests.at(-1)!;
  assert.equal(record.signal, 'metrics');
  assert.equal(record.accepted, 2);
  const wrong = await post('/v1/logs', Buffer.from(JSON.stringify({ resourceSpans: [] })), { 'content-type': 'application/json' });
  assert.equal(wrong.status, 400);
  assert.match(JSON.parse(wrong.text).message, /expected 'resourceLogs'/);
});
