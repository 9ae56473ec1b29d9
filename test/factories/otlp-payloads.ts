/**
 * Real OTLP payloads for decoder and receiver tests and benchmarks: spans and log records made by
 * the OTel JS SDK and serialized by its own serializers (@opentelemetry/otlp-transformer), so the
 * bytes are exactly what an instrumented app sends.
 *
 *   const spans = recordSpans((tracer) => tracer.startSpan('chat').end());
 *   const body = tracesProtobuf(spans);
 */
import { context as otelContext, SpanKind, SpanStatusCode, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer, ProtobufTraceSerializer, JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export const TEST_SERVICE = 'otlp-test-service';

/**
 * Runs `build` with a real SDK tracer and returns the finished spans. Give times as epoch
 * milliseconds (or HrTime): the SDK reads a number no later than `performance.now()` as a
 * performance timestamp and moves it to the present, so small numbers such as 1_000 land in 1970 or
 * today depending on how long the process has run (a trace can straddle both).
 */
export function recordSpans(build: (tracer: Tracer) => void, service = TEST_SERVICE): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  build(provider.getTracer('otlp-test-scope', '1.2.3'));
  return exporter.getFinishedSpans();
}

/** Runs `build` with a real SDK logger and returns the emitted records. */
export function recordLogs(build: (logger: Logger) => void, service = TEST_SERVICE): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  build(provider.getLogger('otlp-test-logger', '4.5.6'));
  return exporter.getFinishedLogRecords();
}

export function tracesProtobuf(spans: ReadableSpan[]): Uint8Array {
  return ProtobufTraceSerializer.serializeRequest(spans)!;
}

export function tracesJson(spans: ReadableSpan[]): Uint8Array {
  return JsonTraceSerializer.serializeRequest(spans)!;
}

export function logsProtobuf(records: ReadableLogRecord[]): Uint8Array {
  return ProtobufLogsSerializer.serializeRequest(records)!;
}

export function logsJson(records: ReadableLogRecord[]): Uint8Array {
  return JsonLogsSerializer.serializeRequest(records)!;
}

/** A span as the SDK would export it, but with its ids replaced (the SDK never makes bad ids). */
export function withIds(span: ReadableSpan, ids: { traceId?: string; spanId?: string }): ReadableSpan {
  const context = { ...span.spanContext(), ...ids };
  return Object.assign(Object.create(Object.getPrototypeOf(span)) as ReadableSpan, span, { spanContext: () => context });
}

/** Text of a given size, varied so that it does not compress to nothing. */
export function sampleText(bytes: number, seed: number): string {
  const words = ['the', 'retrieval', 'model', 'answered', 'with', 'context', 'tokens', 'agent', 'called', 'tool', 'weather', 'in', 'Paris'];
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += words[(i * 7 + seed) % words.length] + ' ';
  return text.slice(0, bytes);
}

/**
 * One realistic LLM call span: ~20 attributes with a 2 KB prompt and a 2 KB completion in the GenAI
 * conventions, the shape the throughput target is stated for.
 */
export function llmSpanAttributes(seed: number): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.response.id': `chatcmpl-${seed}`,
    'gen_ai.request.temperature': 0.2,
    'gen_ai.request.max_tokens': 1024,
    'gen_ai.request.top_p': 1,
    'gen_ai.usage.input_tokens': 512 + (seed % 100),
    'gen_ai.usage.output_tokens': 480,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: sampleText(2048, seed) }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: sampleText(2048, seed + 3) }] }]),
    'server.address': 'api.openai.com',
    'server.port': 443,
    'http.response.status_code': 200,
    'session.id': `session-${seed % 10}`,
    'user.id': 'user-1',
    'code.function.name': 'answer_question',
    'code.file.path': 'app/agent.py',
  };
}

/** `count` LLM spans in traces of `spansPerTrace` (a root and its children), made by the real SDK. */
export function recordLlmSpans(count: number, spansPerTrace = 10): ReadableSpan[] {
  return recordSpans((tracer) => {
    for (let made = 0; made < count; ) {
      const root = tracer.startSpan('invoke_agent', { attributes: llmSpanAttributes(made) });
      made++;
      const context = trace.setSpan(otelContext.active(), root);
      for (let i = 1; i < spansPerTrace && made < count; i++, made++) {
        tracer.startSpan('chat gpt-4o-mini', { attributes: llmSpanAttributes(made) }, context).end();
      }
      root.end();
    }
  });
}

/**
 * A small trace covering every attribute type the JS SDK can send, events, links, both span kinds
 * that matter, status with a message, and a parent link. Tests assert on exactly these values.
 */
export function recordSampleTrace(): ReadableSpan[] {
  return recordSpans((tracer) => {
    const root = tracer.startSpan('invoke_agent weather', { kind: SpanKind.SERVER, startTime: [1_764_190_000, 123_456_789] });
    const child = tracer.startSpan(
      'chat gpt-4o-mini',
      {
        kind: SpanKind.CLIENT,
        startTime: [1_764_190_000, 200_000_000],
        attributes: {
          'gen_ai.request.model': 'gpt-4o-mini',
          'stream': true,
          'gen_ai.usage.input_tokens': 1200,
          'negative': -42,
          'gen_ai.request.temperature': 0.25,
          'gen_ai.response.finish_reasons': ['stop', 'length'],
          'flags': [true, false],
          'scores': [0.5, 1.5],
          'unicode': 'héllo — 世界 🌍',
        },
        links: [{ context: root.spanContext(), attributes: { 'link.kind': 'follows' } }],
      },
      trace.setSpan(otelContext.active(), root),
    );
    child.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': 'What is the weather?' }, [1_764_190_000, 250_000_000]);
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    child.end([1_764_190_001, 0]);
    root.setStatus({ code: SpanStatusCode.OK });
    root.end([1_764_190_002, 500_000]);
  });
}
