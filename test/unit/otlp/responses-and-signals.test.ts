import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { Reader } from 'protobufjs/minimal';
import { countMetricDataPoints, encodeExportResponse, encodeStatus, sniffProtobufSignal } from '../../../src/engine/otlp';
import { logsProtobuf, recordLlmSpans, recordLogs, recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Real metrics from the SDK: a counter (2 series), a histogram (1) and a gauge (1) → 4 data points. */
async function sampleMetrics() {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'm' }), readers: [reader] });
  const meter = provider.getMeter('meter');
  const counter = meter.createCounter('gen_ai.requests');
  counter.add(1, { model: 'a' });
  counter.add(2, { model: 'b' });
  meter.createHistogram('gen_ai.client.operation.duration').record(0.5);
  meter.createGauge('queue.depth').record(3);
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics;
}

test('protobuf export responses are read back by the SDK exporters\' own response decoder', () => {
  const full = ProtobufTraceSerializer.deserializeResponse(encodeExportResponse('traces', 'protobuf', 0));
  assert.equal(full.partialSuccess, undefined);
  const partial = ProtobufTraceSerializer.deserializeResponse(encodeExportResponse('traces', 'protobuf', 3, '3 spans rejected'));
  assert.equal(Number(partial.partialSuccess?.rejectedSpans), 3);
  assert.equal(partial.partialSuccess?.errorMessage, '3 spans rejected');
  const logs = ProtobufLogsSerializer.deserializeResponse(encodeExportResponse('logs', 'protobuf', 2, 'x'));
  assert.equal(Number(logs.partialSuccess?.rejectedLogRecords), 2);
  const metrics = ProtobufMetricsSerializer.deserializeResponse(encodeExportResponse('metrics', 'protobuf', 1, 'y'));
  assert.equal(Number(metrics.partialSuccess?.rejectedDataPoints), 1);
});

test('JSON export responses use the OTLP/JSON field names', () => {
  const partial = JsonTraceSerializer.deserializeResponse(encodeExportResponse('traces', 'json', 1, 'bad id'));
  assert.equal(Number(partial.partialSuccess?.rejectedSpans), 1);
  assert.equal(partial.partialSuccess?.errorMessage, 'bad id');
  assert.equal(Number(JsonLogsSerializer.deserializeResponse(encodeExportResponse('logs', 'json', 4)).partialSuccess?.rejectedLogRecords), 4);
  assert.deepEqual(JSON.parse(Buffer.from(encodeExportResponse('metrics', 'json', 0)).toString()), {});
});

test('google.rpc.Status bodies carry code and message', () => {
  assert.deepEqual(JSON.parse(Buffer.from(encodeStatus('json', 3, 'malformed JSON')).toString()), { code: 3, message: 'malformed JSON' });
  const reader = Reader.create(Buffer.from(encodeStatus('protobuf', 3, 'bad protobuf')));
  assert.equal(reader.uint32(), (1 << 3) | 0);
  assert.equal(reader.int32(), 3);
  assert.equal(reader.uint32(), (2 << 3) | 2);
  assert.equal(reader.string(), 'bad protobuf');
});

test('metric data points are counted in both encodings', async () => {
  const resourceMetrics = await sampleMetrics();
  assert.equal(countMetricDataPoints(ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!, 'protobuf'), 4);
  assert.equal(countMetricDataPoints(JsonMetricsSerializer.serializeRequest(resourceMetrics)!, 'json'), 4);
});

test('the signal of a protobuf body is recognised from its items', async () => {
  assert.equal(sniffProtobufSignal(tracesProtobuf(recordLlmSpans(3, 3))), 'traces');
  assert.equal(sniffProtobufSignal(tracesProtobuf(recordSpans((tracer) => tracer.startSpan('bare').end()))), 'traces');
  assert.equal(sniffProtobufSignal(logsProtobuf(recordLogs((logger) => logger.emit({ body: 'hello' })))), 'logs');
  assert.equal(sniffProtobufSignal(ProtobufMetricsSerializer.serializeRequest(await sampleMetrics())!), 'metrics');
  const gaugeOnly = new CollectingReader();
  const provider = new MeterProvider({ readers: [gaugeOnly] });
  provider.getMeter('g').createGauge('temperature').record(21);
  const { resourceMetrics } = await gaugeOnly.collect();
  assert.equal(sniffProtobufSignal(ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!), 'metrics');
  assert.equal(sniffProtobufSignal(Buffer.from('{"resourceSpans": []}')), 'unknown');
  assert.equal(sniffProtobufSignal(new Uint8Array(0)), 'unknown');
});
