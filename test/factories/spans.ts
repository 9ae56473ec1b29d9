/**
 * Small builders for decoded telemetry, for tests that do not need a real exporter.
 *
 *   makeSpan({ name: 'chat gpt-4o', attributes: { 'gen_ai.request.model': 'gpt-4o' } })
 *   makeLog({ traceId, spanId, eventName: 'gen_ai.user.message', body: { content: 'hi' } })
 *
 * Ids default to fresh, valid, distinct values; times default to a fixed epoch plus a counter so
 * that the order of creation is the order of start times (tests can rely on it).
 */
import type { AttrMap, AttrValue, DecodedLogRecord, DecodedSpan } from '../../src/engine/model';

const BASE_TIME_MS = 1_764_190_000_000;
let counter = 0;

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0').slice(-digits);
}

/** A fresh trace id: 32 lowercase hex digits, never all zero. */
export function newTraceId(): string {
  counter += 1;
  return 'a1' + hex(Date.now() % 0xffffffff, 14) + hex(counter, 16);
}

/** A fresh span id: 16 lowercase hex digits, never all zero. */
export function newSpanId(): string {
  counter += 1;
  return 'b' + hex(counter, 15);
}

export interface SpanOverrides extends Partial<Omit<DecodedSpan, 'status'>> {
  status?: DecodedSpan['status'] | DecodedSpan['status']['code'];
  /** Shorthand for endTimeUnixMs = startTimeUnixMs + durationMs. */
  durationMs?: number;
  /** Shorthand for resource['service.name']. */
  service?: string;
}

export function makeSpan(overrides: SpanOverrides = {}): DecodedSpan {
  const { status, durationMs, service, ...rest } = overrides;
  counter += 1;
  const start = rest.startTimeUnixMs ?? BASE_TIME_MS + counter;
  const resource: AttrMap = { 'service.name': service ?? 'test-service', ...(rest.resource ?? {}) };
  return {
    traceId: rest.traceId ?? newTraceId(),
    spanId: rest.spanId ?? newSpanId(),
    parentSpanId: rest.parentSpanId ?? null,
    name: rest.name ?? 'span',
    spanKind: rest.spanKind ?? 'internal',
    startTimeUnixMs: start,
    endTimeUnixMs: rest.endTimeUnixMs ?? start + (durationMs ?? 10),
    status: typeof status === 'string' ? { code: status } : status ?? { code: 'unset' },
    attributes: rest.attributes ?? {},
    events: rest.events ?? [],
    links: rest.links ?? [],
    resource,
    scope: rest.scope ?? { name: 'test-scope', version: '1.0.0' },
    ...(rest.traceState !== undefined ? { traceState: rest.traceState } : {}),
  };
}

/** A trace as a root plus children, all sharing one trace id; children are parented to the root. */
export function makeTrace(childCount: number, overrides: SpanOverrides = {}): DecodedSpan[] {
  const root = makeSpan({ name: 'root', ...overrides });
  const spans = [root];
  for (let i = 0; i < childCount; i++) {
    spans.push(makeSpan({ ...overrides, traceId: root.traceId, parentSpanId: root.spanId, name: `child ${i}` }));
  }
  return spans;
}

export interface LogOverrides extends Partial<DecodedLogRecord> {
  service?: string;
}

export function makeLog(overrides: LogOverrides = {}): DecodedLogRecord {
  const { service, ...rest } = overrides;
  counter += 1;
  const body: AttrValue = rest.body ?? null;
  return {
    traceId: rest.traceId ?? null,
    spanId: rest.spanId ?? null,
    timeUnixMs: rest.timeUnixMs ?? BASE_TIME_MS + counter,
    ...(rest.severityNumber !== undefined ? { severityNumber: rest.severityNumber } : {}),
    ...(rest.severityText !== undefined ? { severityText: rest.severityText } : {}),
    ...(rest.eventName !== undefined ? { eventName: rest.eventName } : {}),
    body,
    attributes: rest.attributes ?? {},
    resource: { 'service.name': service ?? 'test-service', ...(rest.resource ?? {}) },
    scope: rest.scope ?? { name: 'test-scope' },
  };
}
