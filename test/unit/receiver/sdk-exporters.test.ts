/**
 * The real OTel JS exporters (HTTP protobuf, HTTP JSON, gRPC, gRPC with gzip) sending to a real
 * receiver on 127.0.0.1: what reaches the sink must be exactly what the app recorded.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connect, createServer, type AddressInfo } from 'node:net';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { recordLogs, recordSampleTrace, TEST_SERVICE } from '../../factories/otlp-payloads';
import { startHarness, type Harness } from './receiver-harness';

/** The exporters' ExportResult (from @opentelemetry/core, which is not a direct dependency). */
interface ExportResult {
  code: number;
  error?: Error;
}
/** ExportResultCode.SUCCESS */
const SUCCESS = 0;

interface Exporter<T> {
  export(items: T[], done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

function exportAll<T>(exporter: Exporter<T>, items: T[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(items, resolve));
}

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const traceExporters: [string, () => Exporter<ReadableSpan>][] = [
  ['HTTP protobuf', () => new ProtoTraceExporter({ url: `${harness.httpUrl}/v1/traces` })],
  ['HTTP protobuf + gzip', () => new ProtoTraceExporter({ url: `${harness.httpUrl}/v1/traces`, compression: 'gzip' as never })],
  ['HTTP JSON', () => new JsonTraceExporter({ url: `${harness.httpUrl}/v1/traces` })],
  ['gRPC', () => new GrpcTraceExporter({ url: `http://127.0.0.1:${harness.grpcPort}` })],
  ['gRPC + gzip', () => new GrpcTraceExporter({ url: `http://127.0.0.1:${harness.grpcPort}`, compression: 'gzip' as never })],
];

for (const [name, makeExporter] of traceExporters) {
  test(`traces over ${name} arrive with ids, parent links, times, status, attributes, events, resource and scope`, async () => {
    const before = harness.sink.spans.length;
    const sdkSpans = recordSampleTrace();
    const exporter = makeExporter();
    const result = await exportAll(exporter, sdkSpans);
    await exporter.shutdown();
    assert.equal(result.code, SUCCESS, String(result.error));
    const received = harness.sink.spans.slice(before);
    assert.equal(received.length, 2);
    const sdkRoot = sdkSpans.find((s) => s.name === 'invoke_agent weather')!;
    const root = received.find((s) => s.name === 'invoke_agent weather')!;
    const child = received.find((s) => s.name === 'chat gpt-4o-mini')!;
    assert.equal(root.traceId, sdkRoot.spanContext().traceId);
    assert.equal(root.spanId, sdkRoot.spanContext().spanId);
    assert.equal(root.parentSpanId, null);
    assert.equal(child.parentSpanId, root.spanId);
    assert.equal(child.traceId, root.traceId);
    assert.ok(Math.abs(root.startTimeUnixMs - 1_764_190_000_123.456789) < 0.001);
    assert.ok(Math.abs(root.endTimeUnixMs - 1_764_190_002_000.5) < 0.001);
    assert.equal(root.spanKind, 'server');
    assert.equal(child.spanKind, 'client');
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
    assert.equal(child.events[0].name, 'gen_ai.content.prompt');
    assert.deepEqual(child.events[0].attributes, { 'gen_ai.prompt': 'What is the weather?' });
    assert.deepEqual(child.links.map((l) => l.spanId), [root.spanId]);
    assert.equal(child.resource['service.name'], TEST_SERVICE);
    assert.deepEqual(child.scope, { name: 'otlp-test-scope', version: '1.2.3' });
    const record = harness.sink.requests.at(-1)!;
    assert.equal(record.transport, name.startsWith('gRPC') ? 'grpc' : 'http');
    assert.equal(record.signal, 'traces');
    assert.equal(record.ok, true);
    assert.equal(record.accepted, 2);
    assert.equal(record.rejected, 0);
  });
}

const logExporters: [string, () => Exporter<ReadableLogRecord>][] = [
  ['HTTP protobuf', () => new ProtoLogExporter({ url: `${harness.httpUrl}/v1/logs` })],
  ['HTTP JSON', () => new JsonLogExporter({ url: `${harness.httpUrl}/v1/logs`, compression: 'gzip' as never })],
  ['gRPC', () => new GrpcLogExporter({ url: `http://127.0.0.1:${harness.grpcPort}` })],
  ['gRPC + gzip', () => new GrpcLogExporter({ url: `http://127.0.0.1:${harness.grpcPort}`, compression: 'gzip' as never })],
];

for (const [name, makeExporter] of logExporters) {
  test(`logs over ${name} arrive with body, event name, severity, attributes and trace/span ids`, async () => {
    const before = harness.sink.logs.length;
    const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
    const records = recordLogs((logger) => {
      logger.emit({
        eventName: 'gen_ai.user.message',
        body: { content: 'What is the weather in Paris?', parts: [{ type: 'text' }] },
        severityNumber: 9,
        attributes: { 'gen_ai.system': 'openai', nested: { depth: 1, list: [1, 'two'] } },
        timestamp: [1_764_190_005, 5_000_000],
        context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
      });
    });
    const exporter = makeExporter();
    const result = await exportAll(exporter, records);
    await exporter.shutdown();
    assert.equal(result.code, SUCCESS, String(result.error));
    const [log] = harness.sink.logs.slice(before);
    assert.equal(log.traceId, spanContext.traceId);
    assert.equal(log.spanId, spanContext.spanId);
    assert.equal(log.eventName, 'gen_ai.user.message');
    assert.deepEqual(log.body, { content: 'What is the weather in Paris?', parts: [{ type: 'text' }] });
    assert.equal(log.severityNumber, 9);
    // kvlist and array attribute values:
    assert.deepEqual(log.attributes, { 'gen_ai.system': 'openai', nested: { depth: 1, list: [1, 'two'] } });
    assert.ok(Math.abs(log.timeUnixMs - 1_764_190_005_005) < 0.001);
    assert.equal(log.resource['service.name'], TEST_SERVICE);
    assert.equal(log.scope.name, 'otlp-test-logger');
    assert.equal(harness.sink.requests.at(-1)!.signal, 'logs');
  });
}

test('gzip over HTTP: the request record counts the compressed bytes on the wire', async () => {
  const exporter = new ProtoTraceExporter({ url: `${harness.httpUrl}/v1/traces`, compression: 'gzip' as never });
  const spans = recordSampleTrace();
  spans[0].attributes['padding'] = 'repetitive '.repeat(5000);
  const result = await exportAll(exporter, spans);
  await exporter.shutdown();
  assert.equal(result.code, SUCCESS);
  const record = harness.sink.requests.at(-1)!;
  assert.ok(record.bytes > 0 && record.bytes < 55_000 / 4, `wire bytes ${record.bytes}`);
  const padded = harness.sink.spans.slice(-2).find((span) => span.name === spans[0].name)!;
  assert.equal(padded.attributes['padding'], 'repetitive '.repeat(5000));
});

test('the gRPC exporter with compression: gzip really sends gzip-compressed messages', async () => {
  // A TCP relay in front of the gRPC port keeps what the client sent: a gzip member (1f 8b 08)
  // must be on the wire and the span's text must not be.
  const sent: Buffer[] = [];
  const relay = createServer((client) => {
    const upstream = connect(harness.grpcPort, '127.0.0.1');
    client.on('data', (chunk: Buffer) => sent.push(chunk));
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  try {
    const port = (relay.address() as AddressInfo).port;
    const exporter = new GrpcTraceExporter({ url: `http://127.0.0.1:${port}`, compression: 'gzip' as never });
    const before = harness.sink.spans.length;
    assert.equal((await exportAll(exporter, recordSampleTrace())).code, SUCCESS);
    await exporter.shutdown();
    assert.equal(harness.sink.spans.length - before, 2);
    const wire = Buffer.concat(sent);
    assert.ok(wire.includes(Buffer.from([0x1f, 0x8b, 0x08])), 'no gzip member in the client stream');
    assert.ok(!wire.includes(Buffer.from('What is the weather?')), 'span text travelled uncompressed');
  } finally {
    relay.close();
  }
});
