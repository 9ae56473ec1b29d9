/**
 * The stored form of a span and of a log record: the small row columns, and the detail JSON with
 * large content replaced by references (detail-codec.ts). Decoding gives back the DecodedSpan exactly
 * as it arrived, so it can be re-normalized when its log records arrive later and re-exported as OTLP.
 *
 * Normalized fields are not stored in the detail: they are a pure function of the span and its logs,
 * and are derived again on read (tens of µs per span). Storing them would hold every message twice
 * (raw attribute and normalized copy) and cost a serialization and a hash per message at ingest.
 * The row keeps what lists and summaries need (kind, model, usage, cost, session).
 */
import type { AttrMap, AttrValue, DecodedEvent, DecodedLink, DecodedLogRecord, DecodedSpan, InstrumentationScope, OtelSpanKind } from '../model';
import { decodeAttributeNames } from './attribute-keys';
import { type ContentReader, type ContentWriter, decodeValue, encodeSharedObject, encodeValue } from './detail-codec';
import { attributesJson, sharedObjectJson, valueJson } from './detail-json';

/** OTel's own default when a resource carries no service.name. */
export const UNKNOWN_SERVICE = 'unknown_service';

export function serviceOf(resource: AttrMap): string {
  const name = resource['service.name'];
  return typeof name === 'string' && name !== '' ? name : UNKNOWN_SERVICE;
}

interface SpanDetailJson {
  k: OtelSpanKind;
  end: number;
  /** The attributes, their names coded (attribute-keys.ts). */
  an?: Record<string, unknown>;
  /** The attributes as written before names were coded. */
  a?: unknown;
  e?: Array<{ n: string; t: number; a: unknown }>;
  /** Links: trace id, span id, attributes, and trace state / dropped attribute count when sent. */
  l?: Array<{ t: string; s: string; a: unknown; ts?: string; d?: number }>;
  r: unknown;
  sc: unknown;
  ts?: string;
}

/**
 * The detail's JSON: the fields of SpanDetailJson in its order, written as text (detail-json.ts),
 * exactly as JSON.stringify writes that object (a field that is undefined is left out).
 */
export function encodeSpanDetail(span: DecodedSpan, content: ContentWriter): string {
  let json = '{';
  const add = (key: string, valueText: string | undefined): void => {
    if (valueText !== undefined) json += (json.length > 1 ? ',"' : '"') + key + '":' + valueText;
  };
  add('k', span.spanKind === undefined ? undefined : valueJson(span.spanKind));
  add('end', span.endTimeUnixMs === undefined ? undefined : valueJson(span.endTimeUnixMs));
  add('an', attributesJson(span.attributes, content));
  // The resource is identical for every span of a process: one shared row.
  add('r', sharedObjectJson(span.resource, content));
  add('sc', sharedObjectJson(span.scope, content));
  if (span.events.length > 0) {
    add('e', JSON.stringify(span.events.map((e) => ({ n: e.name, t: e.timeUnixMs, a: encodeValue(e.attributes, content) }))));
  }
  if (span.links.length > 0) {
    add('l', JSON.stringify(span.links.map((l) => {
      const link: NonNullable<SpanDetailJson['l']>[number] = { t: l.traceId, s: l.spanId, a: encodeValue(l.attributes, content) };
      if (l.traceState !== undefined) link.ts = l.traceState;
      if (l.droppedAttributesCount !== undefined) link.d = l.droppedAttributesCount;
      return link;
    })));
  }
  if (span.traceState !== undefined) add('ts', valueJson(span.traceState));
  return json + '}';
}

/** The row columns a decoded span needs besides its detail. */
export interface SpanIdentity {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startTimeUnixMs: number;
  statusCode: DecodedSpan['status']['code'];
  statusMessage: string | null;
}

/** A resource and scope already decoded, for a detail whose own were cut off (see DetailTail). */
export interface ResourceAndScope {
  resource: AttrMap;
  scope: InstrumentationScope;
}

/** `shared`: the resource and scope to give the span when `json` was cut before its own (DetailTail). */
export function decodeSpanDetail(row: SpanIdentity, json: string, read: ContentReader, shared?: ResourceAndScope): DecodedSpan {
  const detail = JSON.parse(json) as SpanDetailJson;
  const span: DecodedSpan = {
    traceId: row.traceId,
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    name: row.name,
    spanKind: detail.k,
    startTimeUnixMs: row.startTimeUnixMs,
    endTimeUnixMs: detail.end,
    status: row.statusMessage !== null ? { code: row.statusCode, message: row.statusMessage } : { code: row.statusCode },
    attributes: detail.an !== undefined ? decodeAttributeNames(detail.an, (value) => decodeValue(value, read)) : decodeValue(detail.a, read) as AttrMap,
    events: detail.e === undefined ? [] : detail.e.map((e): DecodedEvent => ({ name: e.n, timeUnixMs: e.t, attributes: decodeValue(e.a, read) as AttrMap })),
    links: detail.l === undefined ? [] : detail.l.map((l) => decodeLink(l, read)),
    resource: shared ? shared.resource : decodeValue(detail.r, read) as AttrMap,
    scope: shared ? shared.scope : decodeValue(detail.sc, read) as InstrumentationScope,
  };
  if (detail.ts !== undefined) span.traceState = detail.ts;
  return span;
}

function decodeLink(l: NonNullable<SpanDetailJson['l']>[number], read: ContentReader): DecodedLink {
  const link: DecodedLink = { traceId: l.t, spanId: l.s, attributes: decodeValue(l.a, read) as AttrMap };
  if (l.ts !== undefined) link.traceState = l.ts;
  if (l.d !== undefined) link.droppedAttributesCount = l.d;
  return link;
}

interface LogDetailJson {
  t: number;
  sn?: number;
  st?: string;
  en?: string;
  b: unknown;
  a: unknown;
  r: unknown;
  sc: unknown;
}

export function encodeLogDetail(log: DecodedLogRecord, content: ContentWriter): string {
  const detail: LogDetailJson = {
    t: log.timeUnixMs,
    sn: log.severityNumber,
    st: log.severityText,
    en: log.eventName,
    b: encodeValue(log.body, content),
    a: encodeValue(log.attributes, content),
    r: encodeSharedObject(log.resource, content),
    sc: encodeSharedObject(log.scope, content),
  };
  return JSON.stringify(detail);
}

export function decodeLogDetail(traceId: string | null, spanId: string | null, json: string, read: ContentReader): DecodedLogRecord {
  const d = JSON.parse(json) as LogDetailJson;
  const log: DecodedLogRecord = {
    traceId,
    spanId,
    timeUnixMs: d.t,
    body: decodeValue(d.b, read) as AttrValue,
    attributes: decodeValue(d.a, read) as AttrMap,
    resource: decodeValue(d.r, read) as AttrMap,
    scope: decodeValue(d.sc, read) as InstrumentationScope,
  };
  if (d.sn !== undefined) log.severityNumber = d.sn;
  if (d.st !== undefined) log.severityText = d.st;
  if (d.en !== undefined) log.eventName = d.en;
  return log;
}
