/**
 * Rebuilds one stored trace as an OTLP/JSON ExportTraceServiceRequest (OTLP JSON encoding: hex ids,
 * lowerCamelCase keys, enums as integers, 64-bit integers as decimal strings), so a trace can be
 * re-exported to other tools or imported again.
 *
 * Log records joined to a span are exported as its events (the request type has no logs).
 * What cannot come back exactly: decoding keeps attribute values as plain JS, so an integer-valued
 * double is written as intValue, bytes (kept as base64 text) as stringValue, and times carry the
 * sub-microsecond precision the decoder kept.
 */
import type { AttrMap, AttrValue, DecodedLogRecord, DecodedSpan, InstrumentationScope, OtelSpanKind, StatusCode } from '../model';
import { eventsWithLogs } from './log-events';
import { storedInStartOrder } from './trace-queries';
import type { TraceStore } from './trace-store';

type AnyValue =
  | { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } } | { kvlistValue: { values: KeyValue[] } } | Record<string, never>;
interface KeyValue { key: string; value: AnyValue }

const SPAN_KIND: Record<OtelSpanKind, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS: Record<StatusCode, number> = { unset: 0, ok: 1, error: 2 };

export function anyValue(value: AttrValue): AnyValue {
  if (value === null) return {};
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value) } };
}

export function keyValues(map: AttrMap): KeyValue[] {
  return Object.keys(map).map((key) => ({ key, value: anyValue(map[key]) }));
}

/** Unix milliseconds (fractional) → decimal nanoseconds, exact in integer arithmetic. */
export function unixNanos(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0';
  let whole = Math.floor(ms);
  let nanos = Math.round((ms - whole) * 1e6);
  if (nanos >= 1e6) {
    whole += 1;
    nanos -= 1e6;
  }
  return (BigInt(whole) * 1_000_000n + BigInt(nanos)).toString();
}

function scopeJson(scope: InstrumentationScope): Record<string, unknown> {
  const out: Record<string, unknown> = { name: scope.name };
  if (scope.version !== undefined) out.version = scope.version;
  if (scope.attributes) out.attributes = keyValues(scope.attributes);
  return out;
}

function spanJson(span: DecodedSpan, logs: readonly DecodedLogRecord[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    traceId: span.traceId,
    spanId: span.spanId,
  };
  if (span.traceState !== undefined) out.traceState = span.traceState;
  if (span.parentSpanId) out.parentSpanId = span.parentSpanId;
  Object.assign(out, {
    name: span.name,
    kind: SPAN_KIND[span.spanKind] ?? 0,
    startTimeUnixNano: unixNanos(span.startTimeUnixMs),
    endTimeUnixNano: unixNanos(span.endTimeUnixMs),
    attributes: keyValues(span.attributes),
    // An ExportTraceServiceRequest has no logs: joined log records travel as span events.
    events: eventsWithLogs(span.events, logs).map((e) => ({ timeUnixNano: unixNanos(e.timeUnixMs), name: e.name, attributes: keyValues(e.attributes) })),
    links: span.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      ...(l.traceState !== undefined ? { traceState: l.traceState } : {}),
      attributes: keyValues(l.attributes),
      ...(l.droppedAttributesCount !== undefined ? { droppedAttributesCount: l.droppedAttributesCount } : {}),
    })),
    status: span.status.message ? { code: STATUS[span.status.code], message: span.status.message } : { code: STATUS[span.status.code] },
  });
  return out;
}

export function exportTraceOtlpJson(store: TraceStore, traceId: string): unknown {
  const stored = store.spansOfTraceAsArrived(traceId);
  if (stored.length === 0) return null;
  const logs = store.logsOfTraceBySpan(traceId);
  // Group by resource, then by scope, as the SDK would have sent them.
  const byResource = new Map<string, { resource: AttrMap; scopes: Map<string, { scope: InstrumentationScope; spans: DecodedSpan[] }> }>();
  for (const span of storedInStartOrder(stored)) {
    const resourceKey = JSON.stringify(span.resource);
    let group = byResource.get(resourceKey);
    if (!group) byResource.set(resourceKey, (group = { resource: span.resource, scopes: new Map() }));
    const scopeKey = JSON.stringify(span.scope);
    let scoped = group.scopes.get(scopeKey);
    if (!scoped) group.scopes.set(scopeKey, (scoped = { scope: span.scope, spans: [] }));
    scoped.spans.push(span);
  }
  return {
    resourceSpans: [...byResource.values()].map((group) => ({
      resource: { attributes: keyValues(group.resource) },
      scopeSpans: [...group.scopes.values()].map((s) => ({ scope: scopeJson(s.scope), spans: s.spans.map((span) => spanJson(span, logs.get(span.spanId) ?? [])) })),
    })),
  };
}
