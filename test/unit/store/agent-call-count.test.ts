/**
 * An agent loop of 600 model calls, each starting the instant the previous one ended, stored whole:
 * the cost report and the trace summary count 600 calls, whatever the span ids. Calls in a loop with
 * content capture off and the same token counts look alike to the duplicate-call rule except for
 * their times; touching is not overlapping, so none may be taken for another's second record.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type IdGenerator } from '@opentelemetry/sdk-trace-base';
import { decodeTraces } from '../../../src/engine/otlp';
import { tracesProtobuf } from '../../factories/otlp-payloads';
import { openStore } from './open-store';

const CALLS = 600;
const CALL_MS = 20;
/** Epoch milliseconds: the SDK would read a number below performance.now() as a performance timestamp. */
const T0_MS = 1_764_190_000_000;

/** xorshift32 ids from a seed: each seed gives another, repeatable, set of span ids. */
class SeededIds implements IdGenerator {
  private state: number;
  constructor(seed: number) {
    this.state = Math.imul(seed, 0x9e3779b1) >>> 0 || 1;
  }
  private hex(digits: number): string {
    let out = '';
    while (out.length < digits) {
      this.state ^= this.state << 13;
      this.state ^= this.state >>> 17;
      this.state ^= this.state << 5;
      out += (this.state >>> 0).toString(16).padStart(8, '0');
    }
    return out.slice(0, digits);
  }
  generateTraceId(): string {
    return this.hex(32);
  }
  generateSpanId(): string {
    return this.hex(16);
  }
}

/** The OTLP request of one agent run: a root without usage, and CALLS back-to-back chat calls of 100 + 10 tokens. */
function agentLoop(seed: number): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    idGenerator: new SeededIds(seed),
    resource: resourceFromAttributes({ 'service.name': 'agent-loop' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('agent-loop');
  const root = tracer.startSpan('invoke_agent looper', { startTime: T0_MS, attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  const inRoot = trace.setSpan(context.active(), root);
  for (let i = 0; i < CALLS; i++) {
    tracer.startSpan('chat gpt-4o-mini', { startTime: T0_MS + i * CALL_MS, attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 10,
    } }, inRoot).end(T0_MS + (i + 1) * CALL_MS);
  }
  root.end(T0_MS + CALLS * CALL_MS);
  return tracesProtobuf(exporter.getFinishedSpans());
}

test('600 back-to-back calls of an agent loop, stored whole, count 600 in the cost report and the trace, for every seed of ids', async () => {
  const nowUnixMs = T0_MS + CALLS * CALL_MS + 60_000;
  for (let seed = 1; seed <= 12; seed++) {
    const spans = decodeTraces(agentLoop(seed), 'protobuf').items;
    assert.equal(spans.length, CALLS + 1);
    const { store } = await openStore();
    store.ingestSpans(spans);
    const report = store.costReport({ window: 'all', nowUnixMs });
    assert.equal(report.totals.calls, CALLS, `seed ${seed}: calls`);
    assert.equal(report.totals.inputTokens, CALLS * 100, `seed ${seed}: input tokens`);
    assert.equal(report.totals.outputTokens, CALLS * 10, `seed ${seed}: output tokens`);
    const summary = store.traceSummary(spans[0].traceId)!;
    assert.equal(summary.usage?.inputTokens, CALLS * 100, `seed ${seed}: the trace's input tokens`);
    store.close();
  }
});
