/**
 * The engine end to end with the OpenTelemetry SDK's own exporters: protobuf, JSON and gRPC traces,
 * protobuf logs, then reads through the worker API and the receiver's HTTP query API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { recordLogs, recordSpans, TEST_SERVICE } from '../../factories/otlp-payloads';
import { startEngine } from './start-engine';

interface Exporter<T> {
  export(items: T[], done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

async function exportWith<T>(exporter: Exporter<T>, items: T[]): Promise<void> {
  const result = await new Promise<ExportResult>((resolve) => exporter.export(items, resolve));
  await exporter.shutdown();
  assert.equal(result.code, ExportResultCode.SUCCESS, `export failed: ${result.error?.message}`);
}

function agentTrace(label: string): ReadableSpan[] {
  return recordSpans((tracer) => {
    const root = tracer.startSpan(`invoke_agent ${label}`);
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    const chat = tracer.startSpan('chat gpt-4o-mini', {
      attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30,
      },
    }, ctx);
    chat.end();
    root.end();
  });
}

test('traces from the SDK protobuf, JSON and gRPC exporters and logs from the logs exporter land in the engine', async () => {
  const { client } = startEngine();
  try {
    const state = await client.call('startReceiver', {});
    assert.ok(state.http && state.grpc, `both receivers run: ${JSON.stringify(state)}`);
    const http = `http://127.0.0.1:${state.http.port}`;
    const viaProto = agentTrace('proto');
    const viaJson = agentTrace('json');
    const viaGrpc = agentTrace('grpc');
    await exportWith(new ProtoTraceExporter({ url: `${http}/v1/traces` }), viaProto);
    await exportWith(new JsonTraceExporter({ url: `${http}/v1/traces` }), viaJson);
    await exportWith(new GrpcTraceExporter({ url: `http://127.0.0.1:${state.grpc.port}` }), viaGrpc);

    const chat = viaProto.find((s) => s.name.startsWith('chat'))!;
    const logs: ReadableLogRecord[] = recordLogs((logger) => {
      logger.emit({
        eventName: 'gen_ai.user.message',
        body: { content: 'What is the weather in Paris?' },
        attributes: { 'gen_ai.system': 'openai' },
        context: trace.setSpanContext(ROOT_CONTEXT, chat.spanContext()),
      });
    });
    await exportWith(new OTLPLogExporter({ url: `${http}/v1/logs` }), logs);

    const stats = await client.call('stats', {});
    assert.equal(stats.spanCount, 6);
    assert.equal(stats.logCount, 1);
    assert.equal(stats.requests.grpc, 1);
    assert.ok(stats.requests.http >= 3);

    for (const [label, spans] of [['proto', viaProto], ['json', viaJson], ['grpc', viaGrpc]] as const) {
      const traceId = spans[0].spanContext().traceId;
      const doc = await client.call('getTraceJson', { traceIds: [traceId] });
      const t = doc.traces[0];
      assert.equal(t.name, `invoke_agent ${label}`, label);
      assert.equal(t.service, TEST_SERVICE);
      assert.equal(t.spanCount, 2);
      assert.deepEqual(t.usage, { inputTokens: 120, outputTokens: 30, totalTokens: 150 }, label);
      assert.deepEqual(t.spans!.map((s) => s.name), [`invoke_agent ${label}`, 'chat gpt-4o-mini']);
      assert.equal(t.spans![1].kind, 'llm');
      assert.equal(t.spans![1].parentSpanId, t.spans![0].spanId);
    }
    // The log record was joined to its span: the normalizer saw it (GenAI events family).
    const withLog = await client.call('getSpan', { traceId: chat.spanContext().traceId, spanId: chat.spanContext().spanId });
    assert.ok(JSON.stringify(withLog?.input).includes('What is the weather in Paris?'), JSON.stringify(withLog));

    // The same data through the receiver's read-only HTTP query API.
    const listed = (await (await fetch(`${http}/api/traces?limit=10`)).json()) as { traces: Array<{ traceId: string; spanCount: number }> };
    assert.equal(listed.traces.length, 3);
    assert.ok(listed.traces.every((t) => t.spanCount === 2));
    const one = (await (await fetch(`${http}/api/traces/${viaGrpc[0].spanContext().traceId}`)).json()) as { traces?: Array<{ name: string }> ; name?: string };
    assert.ok(JSON.stringify(one).includes('invoke_agent grpc'));
  } finally {
    await client.dispose();
  }
});

test('a re-exported trace (exportOtlpJson) imports back to the same Trace JSON', async () => {
  const { client } = startEngine({ grpcPort: null });
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  try {
    const state = await client.call('startReceiver', {});
    const spans = recordSpans((tracer) => {
      const root = tracer.startSpan('root', { attributes: { 'int.attr': 7, 'float.attr': 0.25, flag: true, list: ['a', 'b'] } });
      root.addEvent('something happened', { detail: 'x'.repeat(500) });
      root.setStatus({ code: 2, message: 'it failed' });
      root.end();
    });
    await exportWith(new ProtoTraceExporter({ url: `http://127.0.0.1:${state.http!.port}/v1/traces` }), spans);
    const traceId = spans[0].spanContext().traceId;
    const before = await client.call('getTraceJson', { traceIds: [traceId] });
    const otlp = await client.call('exportOtlpJson', { traceId });
    assert.equal(await client.call('exportOtlpJson', { traceId: '12'.repeat(16) }), null);

    await client.call('clear', {});
    assert.equal((await client.call('stats', {})).spanCount, 0);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tracelight-reexport-')), 'trace.json');
    writeFileSync(file, JSON.stringify(otlp));
    const [result] = await client.call('importFiles', { paths: [file] });
    assert.equal(result.ok, true, result.error);
    const after = await client.call('getTraceJson', { traceIds: [traceId] });
    assert.deepEqual(after, before);
  } finally {
    await client.dispose();
  }
});
