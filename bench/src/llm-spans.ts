/**
 * Realistic LLM telemetry for the benchmarks, made by the real OpenTelemetry JS SDK and serialized by
 * the SDK exporters' own serializers, so the engine is measured on exactly what applications send.
 *
 * Shape of a trace (OTel GenAI conventions, v1.37+ content attributes as JSON strings):
 * one `invoke_agent` root span and `chat` children, every span with about 20 attributes, a ~2 KB
 * `gen_ai.input.messages` (a system prompt shared by every trace, a user question unique to the trace,
 * a tool result drawn from a corpus of 1,000 documents, as a RAG agent re-reads documents) and a
 * ~2 KB `gen_ai.output.messages` unique to the span. Content is neither all-identical (which would
 * flatter the content store) nor all-unique (which real agents are not).
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type IdGenerator, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { TextMaker } from './text-maker';

export type WireEncoding = 'protobuf' | 'json';

export interface LlmTraceShape {
  /** Spans per trace (root included). */
  spansPerTrace: number;
  /** Sizes of the first traces, when they differ (big traces to query), in order. */
  leadingTraces?: number[];
  /** Seeds ids and text; two shapes with different seeds never share ids. */
  seed: number;
  /** Start time of the first trace (Unix ms); traces follow each other by 50 ms. */
  startTimeMs: number;
}

const SHARED_SYSTEM_CHARS = 700;
const QUESTION_CHARS = 300;
const DOCUMENT_CHARS = 1000;
const COMPLETION_CHARS = 2000;
const CORPUS_SIZE = 1000;

/** Deterministic ids (hex) from a seed, so runs are repeatable and payload sets do not collide. */
class SeededIds implements IdGenerator {
  private counter = 0;
  constructor(private readonly seed: number) {}
  private next(hexDigits: number): string {
    this.counter++;
    const head = (this.seed >>> 0).toString(16).padStart(8, '0');
    const tail = this.counter.toString(16).padStart(hexDigits - 9, '0');
    return head + 'a' + tail; // the 'a' keeps an id from ever being all zeros
  }
  generateTraceId(): string {
    return this.next(32);
  }
  generateSpanId(): string {
    return this.next(16);
  }
}

/**
 * Yields batches of ended SDK spans, `batchSize` at a time, forever (the caller stops). Spans are
 * emitted in the order the SDK would export them: children end before their root, and traces are
 * cut across batches the way a BatchSpanProcessor cuts them.
 */
export function* llmSpanBatches(shape: LlmTraceShape, batchSize: number): Generator<ReadableSpan[]> {
  const ended: ReadableSpan[] = [];
  const collector: SpanProcessor = {
    onStart: () => {},
    onEnd: (span) => void ended.push(span),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agent', 'service.version': '1.4.2', 'deployment.environment.name': 'dev' }),
    idGenerator: new SeededIds(shape.seed),
    spanProcessors: [collector],
    spanLimits: { attributeCountLimit: 128 },
  });
  const tracer = provider.getTracer('bench.llm-app', '0.3.0');
  const text = new TextMaker(shape.seed);
  const system = new TextMaker(7).text(SHARED_SYSTEM_CHARS);
  const corpus = new TextMaker(11);
  const documents = Array.from({ length: CORPUS_SIZE }, () => corpus.text(DOCUMENT_CHARS));

  for (let traceIndex = 0; ; traceIndex++) {
    const size = shape.leadingTraces?.[traceIndex] ?? shape.spansPerTrace;
    const traceStart = shape.startTimeMs + traceIndex * 50;
    const question = text.text(QUESTION_CHARS);
    const root = tracer.startSpan('invoke_agent research-assistant', { kind: SpanKind.INTERNAL, startTime: traceStart });
    setLlmAttributes(root, traceIndex, 0, system, question, documents[text.int(CORPUS_SIZE)], text.text(COMPLETION_CHARS));
    root.setAttribute('gen_ai.operation.name', 'invoke_agent');
    root.setAttribute('gen_ai.agent.name', 'research-assistant');
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    let lastEnd = traceStart + 1;
    for (let step = 1; step < size; step++) {
      const start = traceStart + step * 3;
      const child = tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, startTime: start }, parent);
      setLlmAttributes(child, traceIndex, step, system, question, documents[text.int(CORPUS_SIZE)], text.text(COMPLETION_CHARS));
      if (step % 97 === 0) child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited (429)' });
      const end = start + 2 + text.int(800);
      child.end(end);
      lastEnd = Math.max(lastEnd, end);
    }
    root.end(lastEnd + 1);
    while (ended.length >= batchSize) yield ended.splice(0, batchSize);
  }
}

function setLlmAttributes(span: Span, traceIndex: number, step: number, system: string, question: string, document: string, completion: string): void {
  const input = [
    { role: 'system', parts: [{ type: 'text', content: system }] },
    { role: 'user', parts: [{ type: 'text', content: question }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: `call_${traceIndex}_${step}`, response: document }] },
  ];
  const output = [{ role: 'assistant', parts: [{ type: 'text', content: completion }], finish_reason: 'stop' }];
  span.setAttributes({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.response.id': `chatcmpl-${traceIndex}-${step}`,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.request.temperature': 0.2,
    'gen_ai.request.max_tokens': 1024,
    'gen_ai.request.top_p': 0.95,
    'gen_ai.usage.input_tokens': 520 + step,
    'gen_ai.usage.output_tokens': 480 + step,
    'gen_ai.usage.cache_read.input_tokens': 180,
    'gen_ai.conversation.id': `conv-${traceIndex}`,
    'gen_ai.output.type': 'text',
    'server.address': 'api.openai.example',
    'server.port': 443,
    'code.function.name': 'answer_question',
    'code.file.path': 'app/agent.py',
    'code.line.number': 42,
    'gen_ai.input.messages': JSON.stringify(input),
    'gen_ai.output.messages': JSON.stringify(output),
  });
}

/** One export request (what an OTLP exporter would POST) from a batch of spans. */
export function serializeSpans(spans: ReadableSpan[], encoding: WireEncoding): Uint8Array {
  const body = encoding === 'protobuf' ? ProtobufTraceSerializer.serializeRequest(spans) : JsonTraceSerializer.serializeRequest(spans);
  if (!body) throw new Error(`the ${encoding} serializer returned nothing`);
  return body;
}

/** `count` export requests of `spansPerRequest` spans each. */
export function buildRequests(shape: LlmTraceShape, encoding: WireEncoding, count: number, spansPerRequest: number): Uint8Array[] {
  const requests: Uint8Array[] = [];
  const batches = llmSpanBatches(shape, spansPerRequest);
  for (let i = 0; i < count; i++) requests.push(serializeSpans(batches.next().value as ReadableSpan[], encoding));
  return requests;
}
