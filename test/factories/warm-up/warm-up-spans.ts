/**
 * Synthetic agent runs as the common instrumentations export them (OTel GenAI, OpenInference,
 * OpenLLMetry and the Vercel AI SDK), each a root with model calls, tool calls and retrieval steps,
 * as OTLP/JSON request values made without an SDK: many small exports of distinct ids and texts
 * (every text carries the export's nonce) in a few milliseconds. bench/src/warm-up-run.ts runs the
 * engine's code over them to measure what warming V8 up ahead of the real load would change.
 */
import { RETRIEVAL_STEP_EVERY, WARMUP_CONVENTIONS, type WarmUpConvention, type Attributes, type WarmUpSpan, llmAttributes, retrievalAttributes, rootAttributes, toolAttributes } from './warm-up-conventions';

export interface OtlpJsonValue {
  stringValue?: string;
  intValue?: string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values: OtlpJsonValue[] };
}

/** An OTLP/JSON ExportTraceServiceRequest with one resource and one scope. */
export interface OtlpJsonRequest {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: OtlpJsonValue }> };
    scopeSpans: Array<{ scope: { name: string; version: string }; spans: OtlpJsonSpan[] }>;
  }>;
}

export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: OtlpJsonValue }>;
  events: Array<{ timeUnixNano: string; name: string; attributes: Array<{ key: string; value: OtlpJsonValue }> }>;
  status: { code: number; message?: string };
}

function jsonValue(value: Attributes[string]): OtlpJsonValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

const keyValues = (attributes: Attributes): Array<{ key: string; value: OtlpJsonValue }> =>
  Object.entries(attributes).map(([key, value]) => ({ key, value: jsonValue(value) }));

/** Lower-case hex of `bytes` bytes from a counter and a salt (ids need only be distinct). */
function hexId(bytes: number, salt: number, n: number): string {
  return ((salt >>> 0).toString(16).padStart(8, '0') + n.toString(16).padStart(24, '0')).slice(-bytes * 2);
}

const nanos = (ms: number): string => `${ms}000000`;

function otlpSpan(span: WarmUpSpan, traceId: string, ids: (n: number) => string, startMs: number): OtlpJsonSpan {
  return {
    traceId,
    spanId: ids(span.index),
    ...(span.parent === null ? {} : { parentSpanId: ids(span.parent) }),
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: nanos(startMs + span.startMs),
    endTimeUnixNano: nanos(startMs + span.endMs),
    attributes: keyValues(span.attributes),
    events: span.events.map((e) => ({ timeUnixNano: nanos(startMs + e.atMs), name: e.name, attributes: keyValues(e.attributes) })),
    status: span.error ? { code: 2, message: span.error } : { code: 0 },
  };
}

/** The spans of one agent run of `steps` steps (model call, tool call, every few steps a retrieval), parents first. */
export function agentRunSpans(convention: WarmUpConvention, steps: number, text: (n: number) => string): WarmUpSpan[] {
  const spans: WarmUpSpan[] = [{ index: 0, parent: null, startMs: 0, endMs: steps * 40 + 5, kind: 1, events: [], ...rootAttributes(convention, text(0)) }];
  for (let step = 0; step < steps; step++) {
    const at = step * 40 + 1;
    const add = (part: Omit<WarmUpSpan, 'index' | 'parent' | 'events'> & { events?: WarmUpSpan['events'] }): void => {
      spans.push({ events: [], ...part, index: spans.length, parent: 0 });
    };
    if (step % RETRIEVAL_STEP_EVERY === 0) add({ startMs: at, endMs: at + 4, kind: 1, ...retrievalAttributes(convention, step, text) });
    add({ startMs: at + 5, endMs: at + 25, kind: 3, ...llmAttributes(convention, step, text) });
    add({ startMs: at + 26, endMs: at + 38, kind: 1, ...toolAttributes(convention, step, text) });
  }
  return spans;
}

/**
 * One export: `traces` agent runs of `steps` steps in `convention`. `salt` makes its ids and texts
 * its own (a warm-up never shares a trace id or a text with another export or with the user).
 */
export function warmUpRequest(convention: WarmUpConvention, traces: number, steps: number, salt: number, startMs: number): OtlpJsonRequest {
  const nonce = `w${salt.toString(36)}`;
  const text = (n: number): string => `${nonce}-${n}`;
  const spans: OtlpJsonSpan[] = [];
  for (let t = 0; t < traces; t++) {
    const traceSalt = salt * 64 + t;
    const traceId = hexId(16, traceSalt, 0x7a11 + t);
    const ids = (n: number): string => hexId(8, traceSalt, n + 1);
    for (const span of agentRunSpans(convention, steps, (n) => text(t * 10_000 + n))) spans.push(otlpSpan(span, traceId, ids, startMs + t * 10_000));
  }
  const { service, scope } = WARMUP_CONVENTIONS[convention];
  return {
    resourceSpans: [{
      resource: { attributes: keyValues({ 'service.name': service, 'telemetry.sdk.language': 'python', 'telemetry.sdk.name': 'opentelemetry' }) },
      scopeSpans: [{ scope, spans }],
    }],
  };
}
