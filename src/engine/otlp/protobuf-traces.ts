/**
 * ExportTraceServiceRequest (opentelemetry.proto.collector.trace.v1) decoded straight into
 * DecodedSpan objects, with no intermediate message objects: this is the hot path of ingestion.
 */
import type { Reader } from 'protobufjs/minimal';
import type { AttrMap, DecodedEvent, DecodedLink, DecodeResult, DecodedSpan, InstrumentationScope, OtelSpanKind, StatusCode } from '../model';
import { newResult, normalizeParentId, reject, spanIdProblem } from './item-validation';
import { readKeyValueInto, readResource, readScope } from './protobuf-common';
import { asDecodeError, createReader, expectEnd, messageEnd, readCachedString, readHexId, readTimeMs, skipField } from './protobuf-wire';

const REQUEST_RESOURCE_SPANS = (1 << 3) | 2;
const RESOURCE_SPANS_RESOURCE = (1 << 3) | 2;
const RESOURCE_SPANS_SCOPE_SPANS = (2 << 3) | 2;
const SCOPE_SPANS_SCOPE = (1 << 3) | 2;
const SCOPE_SPANS_SPANS = (2 << 3) | 2;

const SPAN_TRACE_ID = (1 << 3) | 2;
const SPAN_SPAN_ID = (2 << 3) | 2;
const SPAN_TRACE_STATE = (3 << 3) | 2;
const SPAN_PARENT_SPAN_ID = (4 << 3) | 2;
const SPAN_NAME = (5 << 3) | 2;
const SPAN_KIND = (6 << 3) | 0;
const SPAN_START_TIME = (7 << 3) | 1;
const SPAN_END_TIME = (8 << 3) | 1;
const SPAN_ATTRIBUTES = (9 << 3) | 2;
const SPAN_EVENTS = (11 << 3) | 2;
const SPAN_LINKS = (13 << 3) | 2;
const SPAN_STATUS = (15 << 3) | 2;

const EVENT_TIME = (1 << 3) | 1;
const EVENT_NAME = (2 << 3) | 2;
const EVENT_ATTRIBUTES = (3 << 3) | 2;

const LINK_TRACE_ID = (1 << 3) | 2;
const LINK_SPAN_ID = (2 << 3) | 2;
const LINK_TRACE_STATE = (3 << 3) | 2;
const LINK_ATTRIBUTES = (4 << 3) | 2;
const LINK_DROPPED_ATTRIBUTES = (5 << 3) | 0;

const STATUS_MESSAGE = (2 << 3) | 2;
const STATUS_CODE = (3 << 3) | 0;

const SPAN_KINDS: OtelSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_CODES: StatusCode[] = ['unset', 'ok', 'error'];

/**
 * `each`: every accepted span is handed to it as soon as it is read, and not kept in `items`. A
 * resource or scope that comes after spans of its message (which the list form patches into them)
 * then throws SpansBeforeTheirResource: the caller decodes again without `each`.
 */
export function decodeTracesProtobuf(body: Uint8Array, each?: (span: DecodedSpan) => void): DecodeResult<DecodedSpan> {
  const result = newResult<DecodedSpan>();
  const r = createReader(body);
  const reading: Reading = { result, each, handed: 0 };
  try {
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag === REQUEST_RESOURCE_SPANS) readResourceSpans(r, reading);
      else skipField(r, tag);
    }
  } catch (error) {
    if (error instanceof SpansBeforeTheirResource) throw error;
    if (error instanceof ThrownByEach) throw error.thrown;
    throw asDecodeError(error);
  }
  return result;
}

/** A resource or scope came after spans already handed on (decodeTracesProtobuf's `each`). */
export class SpansBeforeTheirResource extends Error {}

/** What `each` threw, carried past the conversion of the reader's errors into decode errors. */
class ThrownByEach {
  constructor(readonly thrown: unknown) {}
}

interface Reading {
  result: DecodeResult<DecodedSpan>;
  each: ((span: DecodedSpan) => void) | undefined;
  /** Spans handed to `each` so far. */
  handed: number;
}

/** The spans read so far, kept or handed on. */
function spansRead(reading: Reading): number {
  return reading.each ? reading.handed : reading.result.items.length;
}

/** Sets `value` on the spans read from `first` on, which must all still be in the list. */
function patchSpans(reading: Reading, first: number, set: (span: DecodedSpan) => void): void {
  if (reading.each && reading.handed > first) throw new SpansBeforeTheirResource();
  for (let i = first; i < reading.result.items.length; i++) set(reading.result.items[i]);
}

function readResourceSpans(r: Reader, reading: Reading): void {
  const end = messageEnd(r);
  let resource: AttrMap = {};
  // The resource normally comes first, but field order is not guaranteed on the wire: spans read
  // before it are patched once it arrives.
  const firstSpan = spansRead(reading);
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === RESOURCE_SPANS_RESOURCE) {
      const read = (resource = readResource(r));
      patchSpans(reading, firstSpan, (span) => (span.resource = read));
    } else if (tag === RESOURCE_SPANS_SCOPE_SPANS) {
      readScopeSpans(r, resource, reading);
    } else {
      skipField(r, tag);
    }
  }
  expectEnd(r, end);
}

function readScopeSpans(r: Reader, resource: AttrMap, reading: Reading): void {
  const end = messageEnd(r);
  let scope: InstrumentationScope = { name: '' };
  const firstSpan = spansRead(reading);
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === SCOPE_SPANS_SCOPE) {
      const read = (scope = readScope(r));
      patchSpans(reading, firstSpan, (span) => (span.scope = read));
    } else if (tag === SCOPE_SPANS_SPANS) {
      const span = readSpan(r, resource, scope);
      const problem = spanIdProblem(span.traceId, span.spanId);
      if (problem) reject(reading.result, `span '${span.name}': ${problem}`);
      else if (reading.each) {
        reading.handed++;
        try {
          reading.each(span);
        } catch (error) {
          throw new ThrownByEach(error);
        }
      } else reading.result.items.push(span);
    } else {
      skipField(r, tag);
    }
  }
  expectEnd(r, end);
}

function readSpan(r: Reader, resource: AttrMap, scope: InstrumentationScope): DecodedSpan {
  const end = messageEnd(r);
  // All fields are assigned up front, in one order, so every span object shares one shape.
  const span: DecodedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: null,
    name: '',
    spanKind: 'unspecified',
    startTimeUnixMs: 0,
    endTimeUnixMs: 0,
    status: { code: 'unset' },
    attributes: {},
    events: [],
    links: [],
    resource,
    scope,
  };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case SPAN_TRACE_ID: span.traceId = readHexId(r); break;
      case SPAN_SPAN_ID: span.spanId = readHexId(r); break;
      case SPAN_TRACE_STATE: {
        const traceState = r.string();
        if (traceState) span.traceState = traceState;
        break;
      }
      case SPAN_PARENT_SPAN_ID: span.parentSpanId = normalizeParentId(readHexId(r)); break;
      case SPAN_NAME: span.name = readCachedString(r); break;
      // Unknown enum numbers (from a newer schema) fall back to 'unspecified' / 'unset'.
      case SPAN_KIND: span.spanKind = SPAN_KINDS[r.uint32()] ?? 'unspecified'; break;
      case SPAN_START_TIME: span.startTimeUnixMs = readTimeMs(r); break;
      case SPAN_END_TIME: span.endTimeUnixMs = readTimeMs(r); break;
      case SPAN_ATTRIBUTES: readKeyValueInto(r, span.attributes, 0); break;
      case SPAN_EVENTS: span.events.push(readEvent(r)); break;
      case SPAN_LINKS: span.links.push(readLink(r)); break;
      case SPAN_STATUS: span.status = readStatus(r); break;
      default: skipField(r, tag);
    }
  }
  expectEnd(r, end);
  return span;
}

function readEvent(r: Reader): DecodedEvent {
  const end = messageEnd(r);
  const event: DecodedEvent = { name: '', timeUnixMs: 0, attributes: {} };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case EVENT_TIME: event.timeUnixMs = readTimeMs(r); break;
      case EVENT_NAME: event.name = r.string(); break;
      case EVENT_ATTRIBUTES: readKeyValueInto(r, event.attributes, 0); break;
      default: skipField(r, tag);
    }
  }
  expectEnd(r, end);
  return event;
}

function readLink(r: Reader): DecodedLink {
  const end = messageEnd(r);
  const link: DecodedLink = { traceId: '', spanId: '', attributes: {} };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case LINK_TRACE_ID: link.traceId = readHexId(r); break;
      case LINK_SPAN_ID: link.spanId = readHexId(r); break;
      case LINK_TRACE_STATE: {
        const traceState = r.string();
        if (traceState) link.traceState = traceState;
        break;
      }
      case LINK_ATTRIBUTES: readKeyValueInto(r, link.attributes, 0); break;
      case LINK_DROPPED_ATTRIBUTES: {
        const dropped = r.uint32();
        if (dropped > 0) link.droppedAttributesCount = dropped;
        break;
      }
      default: skipField(r, tag);
    }
  }
  expectEnd(r, end);
  return link;
}

function readStatus(r: Reader): DecodedSpan['status'] {
  const end = messageEnd(r);
  const status: DecodedSpan['status'] = { code: 'unset' };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === STATUS_CODE) status.code = STATUS_CODES[r.uint32()] ?? 'unset';
    else if (tag === STATUS_MESSAGE) status.message = r.string();
    else skipField(r, tag);
  }
  expectEnd(r, end);
  if (status.message === '') delete status.message;
  return status;
}
