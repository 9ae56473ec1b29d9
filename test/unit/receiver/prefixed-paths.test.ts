/**
 * OTLP paths under a prefix: SDKs given a base URL with a path (Langfuse's span processor posts to
 * `<baseUrl>/api/public/otel/v1/traces`) are received like `/v1/traces`, with the same rules; the
 * read-only query API keeps its own paths.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { recordLogs, recordSampleTrace, tracesJson } from '../../factories/otlp-payloads';
import { rawRequest, startHarness, type Harness } from './receiver-harness';

let harness: Harness;
before(async () => {
  harness = await startHarness({ grpcPort: null });
});
after(async () => {
  await harness.close();
});

const host = () => ({ host: `127.0.0.1:${harness.httpPort}` });

test('the real OTel exporters with a prefixed URL: spans and logs arrive', async () => {
  const spansBefore = harness.sink.spans.length;
  const sdkSpans = recordSampleTrace();
  const traceExporter = new ProtoTraceExporter({ url: `${harness.httpUrl}/api/public/otel/v1/traces` });
  const traced = await new Promise<{ code: number; error?: Error }>((resolve) => traceExporter.export(sdkSpans, resolve));
  await traceExporter.shutdown();
  assert.equal(traced.code, 0, String(traced.error));
  assert.deepEqual(harness.sink.spans.slice(spansBefore).map((s) => s.spanId).sort(), sdkSpans.map((s) => s.spanContext().spanId).sort());

  const logsBefore = harness.sink.logs.length;
  const sdkLogs = recordLogs((logger) => ['first', 'second'].forEach((body) => logger.emit({ body })));
  const logExporter = new JsonLogExporter({ url: `${harness.httpUrl}/collector/v1/logs` });
  const logged = await new Promise<{ code: number; error?: Error }>((resolve) => logExporter.export(sdkLogs, resolve));
  await logExporter.shutdown();
  assert.equal(logged.code, 0, String(logged.error));
  assert.equal(harness.sink.logs.length - logsBefore, sdkLogs.length);
});

test('prefixed paths follow the same rules: trailing slash, metrics, 405 for GET, 415 for a bad type', async () => {
  const json = { ...host(), 'content-type': 'application/json' };
  const spans = recordSampleTrace();
  const before = harness.sink.spans.length;
  const slash = await rawRequest(harness.httpPort, { method: 'POST', path: '/a/b/c/v1/traces/', headers: json, body: tracesJson(spans) });
  assert.equal(slash.status, 200, slash.text);
  assert.equal(harness.sink.spans.length - before, spans.length);

  const metrics = await rawRequest(harness.httpPort, { method: 'POST', path: '/otel/v1/metrics', headers: json, body: Buffer.from('{"resourceMetrics":[]}') });
  assert.equal(metrics.status, 200);
  assert.equal(harness.sink.requests.at(-1)?.signal, 'metrics');

  const get = await rawRequest(harness.httpPort, { path: '/api/public/otel/v1/traces', headers: host() });
  assert.equal(get.status, 405);
  assert.match(String(get.headers.allow), /POST/);
  assert.equal(harness.sink.requests.at(-1)?.ok, false, 'a refused export is recorded');

  const text = await rawRequest(harness.httpPort, { method: 'POST', path: '/x/v1/logs', headers: { ...host(), 'content-type': 'text/plain' }, body: Buffer.from('hi') });
  assert.equal(text.status, 415);
});

test('paths that only look similar are not OTLP: 404; the query API is unchanged', async () => {
  const json = { ...host(), 'content-type': 'application/json' };
  for (const path of ['/x/v1/traces/more', '/xv1/traces', '/v1/tracesx', '/v2/traces', '/api/public/otel/v1']) {
    const res = await rawRequest(harness.httpPort, { method: 'POST', path, headers: json, body: Buffer.from('{}') });
    assert.equal(res.status, 404, path);
  }
  assert.equal((await rawRequest(harness.httpPort, { path: '/api/traces', headers: host() })).status, 200);
  const postToQuery = await rawRequest(harness.httpPort, { method: 'POST', path: '/api/traces', headers: json, body: Buffer.from('{}') });
  assert.equal(postToQuery.status, 405);
});

test('a prefixed export from a foreign Host is refused and recorded as a failed export', async () => {
  const before = harness.sink.requests.length;
  const res = await rawRequest(harness.httpPort, { method: 'POST', path: '/api/public/otel/v1/traces', headers: { host: 'evil.example', 'content-type': 'application/json' }, body: Buffer.from('{}') });
  assert.equal(res.status, 403);
  const record = harness.sink.requests.at(-1);
  assert.equal(harness.sink.requests.length, before + 1);
  assert.equal(record?.signal, 'traces');
  assert.match(record?.error ?? '', /not a loopback name/);
});
