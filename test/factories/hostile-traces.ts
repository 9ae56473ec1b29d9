/**
 * Hostile and oversized traces, made by the real OTel JS SDK and serialized by its own OTLP
 * serializer, so they reach the engine as an app would send them. One builder per class the
 * viewer must survive: huge traces, deep chains, wide spans, huge values, spoofing text,
 * degenerate names and times, hostile stack frames. Used by unit, webview and bench code alike.
 */
import { context as otelContext, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { sampleText, tracesProtobuf } from './otlp-payloads';

/** The SDK's default limits (128 attributes, events and links) would cut the wide-span cases. */
const WIDE_LIMITS = { attributeCountLimit: 20_000, eventCountLimit: 20_000, linkCountLimit: 2_000, attributeValueLengthLimit: Infinity };
const T0_MS = 1_764_190_000_000;
const at = (ms: number): number => T0_MS + ms;

function record(service: string, build: (tracer: Tracer) => void): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    spanLimits: WIDE_LIMITS,
  });
  build(provider.getTracer('hostile-traces', '1.0.0'));
  return tracesProtobuf(exporter.getFinishedSpans() as ReadableSpan[]);
}

const under = (parent: Span): Context => trace.setSpan(otelContext.active(), parent);

function llmCall(tracer: Tracer, parent: Span, i: number, start: number): void {
  tracer.startSpan(`chat gpt-4o-mini`, { startTime: at(start), attributes: {
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': 100 + (i % 50), 'gen_ai.usage.output_tokens': 20,
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'tool_call', id: `call_${i}`, name: 'lookup', arguments: { q: i } }] }]),
  } }, under(parent)).end(at(start + 3));
}

/** An agent of `spans` spans: steps of (model call → tool call), every tenth step failing. */
export function wideAgentTrace(spans = 50_000): Uint8Array {
  return record('hostile-wide-agent', (tracer) => {
    const root = tracer.startSpan('invoke_agent big-agent', { startTime: at(0), attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'big-agent' } });
    for (let i = 0, made = 1; made < spans; i++) {
      llmCall(tracer, root, i, i * 4);
      made++;
      if (made >= spans) break;
      const tool = tracer.startSpan('execute_tool lookup', { startTime: at(i * 4 + 3), attributes: {
        'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup', 'gen_ai.tool.call.id': `call_${i}`,
        'gen_ai.tool.call.arguments': JSON.stringify({ q: i }), 'gen_ai.tool.call.result': `result ${i}`,
      } }, under(root));
      if (i % 10 === 9) tool.setStatus({ code: SpanStatusCode.ERROR, message: `lookup ${i} failed` });
      tool.end(at(i * 4 + 4));
      made++;
    }
    root.end(at(spans * 2 + 10));
  });
}

/** The three documents step `i` of the RAG agent retrieves: two reach its model call, the first is quoted. */
export function ragDocuments(i: number): Array<{ id: string; score: number; content: string }> {
  return [
    { id: `kb-${i}-a`, score: 0.9, content: `Refund policy ${i}: orders of batch ${i} can be returned within ${30 + (i % 7)} days with a receipt.` },
    { id: `kb-${i}-b`, score: 0.7, content: `Shipping note ${i}: parcels of batch ${i} leave the warehouse on weekdays before noon.` },
    { id: `kb-${i}-c`, score: 0.2, content: `Unrelated memo ${i}: the cafeteria on floor ${i % 9} closes early on Fridays.` },
  ];
}

/**
 * The agent trace with retrieval: every `every`-th step retrieves three documents first (every
 * fourth of those also reranks them, keeping the first two), and that step's model call is given
 * the first two and answers from the first, then asks for its tool as the other steps do.
 */
export function ragAgentTrace(spans = 50_000, every = 25): Uint8Array {
  return record('hostile-rag-agent', (tracer) => {
    const root = tracer.startSpan('invoke_agent rag-agent', { startTime: at(0), attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'rag-agent' } });
    let made = 1;
    const child = (name: string, start: number, end: number, attributes: Record<string, string | number>): void => {
      if (made >= spans) return;
      tracer.startSpan(name, { startTime: at(start), attributes }, under(root)).end(at(end));
      made++;
    };
    for (let i = 0; made < spans; i++) {
      const t = i * 10;
      const docs = ragDocuments(i);
      const rag = i % every === 0;
      if (rag) {
        child('retrieval kb', t, t + 2, { 'gen_ai.operation.name': 'retrieval', 'gen_ai.retrieval.query.text': `refund for batch ${i}`, 'gen_ai.retrieval.documents': JSON.stringify(docs) });
        if (i % (every * 4) === 0) child('rerank kb', t + 2, t + 3, { 'gen_ai.operation.name': 'rerank', 'gen_ai.retrieval.documents': JSON.stringify(docs.slice(0, 2).map(({ id, content }) => ({ id, content }))) });
      }
      const asked = { type: 'tool_call', id: `call_${i}`, name: 'lookup', arguments: { q: i } };
      child('chat gpt-4o-mini', t + 3, t + 6, {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 100 + (i % 50), 'gen_ai.usage.output_tokens': 20,
        ...(rag ? {
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Context:\n[${docs[0].id}] ${docs[0].content}\n[${docs[1].id}] ${docs[1].content}\n\nQuestion: can I return an order of batch ${i}?` }] }]),
          'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Yes: orders of batch ${i} can be returned within ${30 + (i % 7)} days with a receipt.` }, asked] }]),
        } : { 'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [asked] }]) }),
      });
      child('execute_tool lookup', t + 6, t + 8, {
        'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup', 'gen_ai.tool.call.id': `call_${i}`,
        'gen_ai.tool.call.arguments': JSON.stringify({ q: i }), 'gen_ai.tool.call.result': `result ${i}`,
      });
    }
    root.end(at(spans * 5 + 10));
  });
}

/** A chain where each span is the parent of the next, `depth` levels deep. */
export function deepChainTrace(depth = 10_000): Uint8Array {
  return record('hostile-deep-chain', (tracer) => {
    const chain: Span[] = [];
    let parent: Span | undefined;
    for (let i = 0; i < depth; i++) {
      const span: Span = tracer.startSpan(`step ${i}`, { startTime: at(i), attributes: { depth: i } }, parent ? under(parent) : undefined);
      chain.push(span);
      parent = span;
    }
    for (let i = chain.length - 1; i >= 0; i--) chain[i]!.end(at(2 * depth - i));
  });
}

/** One span with 10,000 attributes, 10,000 events and 1,000 links, under a small root. */
export function wideSpanTrace(attributes = 10_000, events = 10_000, links = 1_000): Uint8Array {
  return record('hostile-wide-span', (tracer) => {
    const root = tracer.startSpan('wide root', { startTime: at(0) });
    const linked = Array.from({ length: links }, (_, i) => ({
      context: { traceId: (i + 1).toString(16).padStart(32, 'a'), spanId: (i + 1).toString(16).padStart(16, 'b'), traceFlags: 1 },
      attributes: { 'link.index': i },
    }));
    const attrs: Record<string, string | number> = {};
    for (let i = 0; i < attributes; i++) attrs[`attr.${String(i).padStart(5, '0')}`] = i % 2 ? `value ${i}` : i;
    const wide = tracer.startSpan('wide span', { startTime: at(1), attributes: attrs, links: linked }, under(root));
    for (let i = 0; i < events; i++) wide.addEvent(`event ${i}`, { 'event.index': i }, at(1 + i / 1000));
    wide.end(at(20));
    root.end(at(21));
  });
}

/** A 10 MB attribute, a tool span with a 10 MB result and a 1 MB exception message. */
export function hugeValuesTrace(megabytes = 10): Uint8Array {
  const big = sampleText(megabytes * 1_000_000, 7);
  return record('hostile-huge-values', (tracer) => {
    const root = tracer.startSpan('huge values', { startTime: at(0), attributes: { 'app.huge_blob': big } });
    tracer.startSpan('execute_tool dump', { startTime: at(1), attributes: {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'dump', 'gen_ai.tool.call.result': big,
    } }, under(root)).end(at(5));
    const failing = tracer.startSpan('chat failing', { startTime: at(6), attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini' } }, under(root));
    const message = `upstream said: ${sampleText(1_000_000, 3)}`;
    failing.recordException({ name: 'UpstreamError', message, stack: `UpstreamError: ${message.slice(0, 200)}\n    at call (src/app.ts:10:5)` });
    failing.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 500) });
    failing.end(at(9));
    root.end(at(10));
  });
}

/** Text that spoofs what it says: bidi overrides and isolates, zero-width characters, look-alikes. */
export const SPOOFS = {
  fileName: 'invoice_\u202Efdp.exe',
  approval: 'approved \u2066\u202Eevil\u2069 payment',
  zeroWidthHost: 'pay\u200Bpal.com',
  lookAlikeHost: '\u0430pple.com',
  spill: 'invoice_\u202Es\u00B5 832+ exe.pdf',
  tagSmuggle: 'ok\u{E0069}\u{E0067}\u{E006E}',
} as const;

export function spoofingTrace(): Uint8Array {
  return record('hostile-spoofing', (tracer) => {
    const root = tracer.startSpan(SPOOFS.fileName, { startTime: at(0), attributes: { 'download.url': `https://${SPOOFS.lookAlikeHost}/login`, [SPOOFS.approval]: SPOOFS.zeroWidthHost } });
    const llm = tracer.startSpan(`chat ${SPOOFS.lookAlikeHost}`, { startTime: at(1), attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Pay ${SPOOFS.zeroWidthHost} — ${SPOOFS.approval}. See [the bill](https://${SPOOFS.lookAlikeHost}/bill).` }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Done: ${SPOOFS.tagSmuggle} ${SPOOFS.fileName}` }] }]),
    } }, under(root));
    llm.addEvent(SPOOFS.spill, { note: SPOOFS.fileName }, at(2));
    llm.end(at(5));
    root.end(at(6));
  });
}

/** An empty root name, an empty attribute value, a 100,000-character name, and one span 330 years late. */
export function degenerateTrace(): Uint8Array {
  return record('hostile-degenerate', (tracer) => {
    // The SDK drops an empty attribute key, so only the empty value travels from here.
    const root = tracer.startSpan('', { startTime: at(0), attributes: { 'empty.value': '' } });
    for (let i = 0; i < 4; i++) tracer.startSpan(`normal ${i}`, { startTime: at(1 + i * 10) }, under(root)).end(at(8 + i * 10));
    tracer.startSpan('n'.repeat(100_000), { startTime: at(50) }, under(root)).end(at(60));
    const centuries = 330 * 365.25 * 24 * 3600 * 1000;
    tracer.startSpan('clock from the future', { startTime: at(centuries) }, under(root)).end(at(centuries + 5));
    root.end(at(100));
  });
}

/** Stack traces whose "frames" are commands, ANSI escapes and thousands of lines. */
export function hostileFramesTrace(): Uint8Array {
  const lines = ['Error: boom', '    at command:workbench.action.terminal.new:1:1', '    at \u001b[31mred\u001b[0m.js:3:4',
    '    at (vscode://file/etc/passwd:1:1)', '    at run (src/app.ts:12:3)'];
  for (let i = 0; i < 4_000; i++) lines.push(`    at f${i} (src/gen/file${i}.ts:${i + 1}:1)`);
  return record('hostile-frames', (tracer) => {
    const span = tracer.startSpan('frames', { startTime: at(0) });
    span.recordException({ name: 'Error', message: 'boom', stack: lines.join('\n') });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    span.end(at(1));
  });
}
