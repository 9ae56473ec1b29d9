/**
 * The engine's wire-independent model of what arrived: OTLP spans and log records decoded to plain
 * objects (ids as lowercase hex, times as Unix milliseconds, attribute values as plain JS).
 * Decoders (otlp/) produce these; the normalizer (semconv/) and the store (store/) consume them.
 */

/**
 * An OTLP AnyValue as plain JS. int64 values become numbers when they are safe integers, otherwise
 * decimal strings; bytes become base64 strings; kvlists become objects; arrays stay arrays.
 */
export type AttrValue = string | number | boolean | null | AttrValue[] | AttrMap;
export interface AttrMap {
  [key: string]: AttrValue;
}

export type OtelSpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusCode = 'unset' | 'ok' | 'error';

export interface InstrumentationScope {
  name: string;
  version?: string;
  attributes?: AttrMap;
}

export interface DecodedEvent {
  name: string;
  timeUnixMs: number;
  attributes: AttrMap;
}

/** A link from a span to another span (often in another trace): batch, fan-in, async hand-off. */
export interface DecodedLink {
  /** As sent, lowercase hex; an id of the wrong length is kept as it came (never looked up). */
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: AttrMap;
  /** Attributes the SDK dropped (limits); absent when 0. */
  droppedAttributesCount?: number;
}

export interface DecodedSpan {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  spanId: string;
  /** null for a root span (absent or all-zero parent id on the wire). */
  parentSpanId: string | null;
  name: string;
  spanKind: OtelSpanKind;
  /** Unix epoch milliseconds, fractional (sub-microsecond precision is not kept). */
  startTimeUnixMs: number;
  endTimeUnixMs: number;
  status: { code: StatusCode; message?: string };
  attributes: AttrMap;
  events: DecodedEvent[];
  links: DecodedLink[];
  resource: AttrMap;
  scope: InstrumentationScope;
  traceState?: string;
}

export interface DecodedLogRecord {
  /** null when the record is not correlated with a span. */
  traceId: string | null;
  spanId: string | null;
  /** time_unix_nano, or observed_time_unix_nano when time is 0. */
  timeUnixMs: number;
  severityNumber?: number;
  severityText?: string;
  /** LogRecord.event_name, or the `event.name` attribute for older exporters. */
  eventName?: string;
  body: AttrValue;
  attributes: AttrMap;
  resource: AttrMap;
  scope: InstrumentationScope;
}

/** What a decoder returns: the good items, plus a count and reasons for the rejected ones. */
export interface DecodeResult<T> {
  items: T[];
  rejected: number;
  /** Human-readable reasons, capped to a few, e.g. "span 3: invalid span id 'zz'". */
  errors: string[];
}
