/**
 * Small builders of Trace JSON, for tests of analyses over traces (the comparison of runs):
 *
 *   const run = traceJson([jsonSpan({ name: 'invoke_agent', kind: 'agent' }), ...])
 *
 * Ids are fresh and distinct; start times follow the order of creation unless given.
 */
import type { Message, TraceJsonSpan, TraceJsonTrace } from '../../src/protocol/trace-json';

let counter = 0;

export function jsonSpan(fields: Partial<TraceJsonSpan> & { name: string }): TraceJsonSpan {
  counter += 1;
  return {
    spanId: counter.toString(16).padStart(16, '0'),
    parentSpanId: null,
    kind: 'other',
    status: 'unset',
    startTimeUnixMs: 1_764_190_000_000 + counter,
    durationMs: 10,
    ...fields,
  };
}

/** A model call with a system and user message and a text answer (or given messages). */
export function chatSpan(parent: TraceJsonSpan, fields: Partial<TraceJsonSpan> & { system?: string; user?: string; answer?: string } = {}): TraceJsonSpan {
  const { system = 'You are helpful.', user = 'Hello?', answer = 'Hi.', ...rest } = fields;
  return jsonSpan({
    name: 'chat gpt-4o-mini', kind: 'llm', parentSpanId: parent.spanId, requestModel: 'gpt-4o-mini', model: 'gpt-4o-mini',
    input: { messages: [text('system', system), text('user', user)] },
    output: { messages: [text('assistant', answer)] },
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    ...rest,
  });
}

export function toolSpan(parent: TraceJsonSpan, name: string, args: string, result: string, fields: Partial<TraceJsonSpan> = {}): TraceJsonSpan {
  return jsonSpan({ name: `execute_tool ${name}`, kind: 'tool', parentSpanId: parent.spanId, tool: { name, arguments: args, result, callId: `call_${counter}` }, ...fields });
}

export function text(role: string, content: string): Message {
  return { role, parts: [{ type: 'text', text: content }] };
}

export function traceJson(spans: TraceJsonSpan[], fields: Partial<TraceJsonTrace> = {}): TraceJsonTrace {
  const start = spans.length ? Math.min(...spans.map((s) => s.startTimeUnixMs)) : 0;
  const end = spans.length ? Math.max(...spans.map((s) => s.startTimeUnixMs + s.durationMs)) : 0;
  counter += 1;
  return {
    traceId: counter.toString(16).padStart(32, '0'),
    name: spans[0]?.name ?? '',
    service: 'test-service',
    startTimeUnixMs: start,
    durationMs: end - start,
    status: spans.some((s) => s.status === 'error') ? 'error' : 'ok',
    spanCount: spans.length,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    costUsd: null,
    spans,
    ...fields,
  };
}
