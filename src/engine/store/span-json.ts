/**
 * One span in Trace JSON: its row fields, its normalized fields in the documented order, its events
 * (with its log records after them) and its raw OTel data; and the placing of a tool span's link.
 */
import type { NormalizedFields, SpanLinkJson, TraceJsonSpan } from '../../protocol/trace-json';
import type { DecodedLink, DecodedLogRecord, DecodedSpan } from '../model';
import type { ToolLink } from '../../analysis/tool-links';
import { eventsWithLogs } from './log-events';

/** The order of the normalized fields in a span's JSON, as DESIGN.md lists them; others follow. */
const FIELD_ORDER = [
  'provider', 'requestModel', 'model', 'usage', 'costUsd', 'input', 'output', 'toolDefinitions', 'tool', 'retrieval',
  'prompt', 'code', 'sessionId', 'userId', 'agentName', 'error', 'finishReasons', 'requestParameters',
  'contentCaptured', 'conventions',
];

function ordered(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (fields[key] !== undefined) out[key] = fields[key];
  for (const key of Object.keys(fields)) if (!(key in out) && fields[key] !== undefined) out[key] = fields[key];
  return out;
}

/**
 * A span's links in Trace JSON. Whether a linked span is stored changes with other traces, not
 * with this one: `inStore` is settled on every read (linksResolved), after the per-version cache.
 */
export function linksJson(links: readonly DecodedLink[]): SpanLinkJson[] {
  return links.map((l) => ({
    traceId: l.traceId,
    spanId: l.spanId,
    ...(l.traceState !== undefined ? { traceState: l.traceState } : {}),
    attributes: l.attributes,
    ...(l.droppedAttributesCount !== undefined ? { droppedAttributesCount: l.droppedAttributesCount } : {}),
    inStore: false,
  }));
}

/** A span in Trace JSON; its log records are shown as events after its own (see log-events.ts). */
export function spanJson(span: DecodedSpan, service: string, fields: NormalizedFields, logs: readonly DecodedLogRecord[]): TraceJsonSpan {
  const { kind, ...rest } = fields;
  const json: TraceJsonSpan = {
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: kind ?? 'other',
    status: span.status.code,
    ...(span.status.message ? { statusMessage: span.status.message } : {}),
    startTimeUnixMs: span.startTimeUnixMs,
    durationMs: Math.max(0, span.endTimeUnixMs - span.startTimeUnixMs),
    service,
    ...ordered(rest),
  };
  const events = eventsWithLogs(span.events, logs);
  if (events.length > 0) json.events = events.map((e) => ({ name: e.name, timeUnixMs: e.timeUnixMs, attributes: e.attributes }));
  // Whether a linked span is stored changes with other traces, not with this one: `inStore` is
  // settled on every read (linksResolved), after the per-version cache.
  if (span.links.length > 0) json.links = linksJson(span.links);
  json.attributes = span.attributes;
  json.resource = span.resource;
  json.scope = span.scope.version !== undefined ? { name: span.scope.name, version: span.scope.version } : { name: span.scope.name };
  json.spanKind = span.spanKind;
  return json;
}

/** The spans with each link's `inStore` as the store is now; spans without links are kept as they are. */
export function linksResolved(spans: readonly TraceJsonSpan[], has: (traceId: string, spanId: string) => boolean): TraceJsonSpan[] {
  return spans.map((span) => (span.links ? { ...span, links: span.links.map((l) => ({ ...l, inStore: has(l.traceId, l.spanId) })) } : span));
}

/** The span with its tool link placed right after its `tool` field (or its kind's fields). */
export function withToolLink(span: TraceJsonSpan, link: ToolLink): TraceJsonSpan {
  const out: Record<string, unknown> = {};
  let placed = false;
  for (const [key, value] of Object.entries(span)) {
    if (!placed && (key === 'events' || key === 'attributes')) {
      out.toolLink = link;
      placed = true;
    }
    out[key] = value;
    if (key === 'tool') {
      out.toolLink = link;
      placed = true;
    }
  }
  if (!placed) out.toolLink = link;
  return out as unknown as TraceJsonSpan;
}
