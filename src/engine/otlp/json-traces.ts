/** OTLP/JSON ExportTraceServiceRequest → DecodedSpan. A span whose shape is wrong is rejected alone. */
import type { DecodedEvent, DecodedLink, DecodeResult, DecodedSpan, InstrumentationScope, AttrMap, OtelSpanKind, StatusCode } from '../model';
import { OtlpDecodeError } from './decode-error';
import { newResult, normalizeParentId, reject, spanIdProblem } from './item-validation';
import { field, isObject, jsonAttributes, jsonEnum, jsonId, jsonResource, jsonScope, jsonTimeMs, list, requestItems, str } from './json-common';

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const satisfies readonly OtelSpanKind[];
const STATUS_CODES = ['unset', 'ok', 'error'] as const satisfies readonly StatusCode[];

/**
 * `each`: every accepted span is handed to it as soon as it is read, and not kept in `items`; the
 * span's entry in `value` is then cleared so that its part of the tree can die young, so `value`
 * must be the caller's own (parsed from the body).
 */
export function decodeTracesJson(value: unknown, each?: (span: DecodedSpan) => void): DecodeResult<DecodedSpan> {
  const result = newResult<DecodedSpan>();
  for (const resourceSpans of requestItems(value, 'resourceSpans', 'resource_spans', 'traces')) {
    if (!isObject(resourceSpans)) throw new OtlpDecodeError('an entry of resourceSpans is not an object');
    const resource = jsonResource(resourceSpans.resource);
    // Quirk: exporters from before OTLP 1.0 wrote `instrumentationLibrarySpans` with
    // `instrumentationLibrary` in place of `scopeSpans` / `scope`.
    const scopeList = [
      ...list(resourceSpans, 'scopeSpans', 'scope_spans', 'resourceSpans'),
      ...list(resourceSpans, 'instrumentationLibrarySpans', 'instrumentation_library_spans', 'resourceSpans'),
    ];
    for (const scopeSpans of scopeList) {
      if (!isObject(scopeSpans)) throw new OtlpDecodeError('an entry of scopeSpans is not an object');
      const scope = jsonScope(scopeSpans.scope ?? field(scopeSpans, 'instrumentationLibrary', 'instrumentation_library'));
      const spans = list(scopeSpans, 'spans', 'spans', 'scopeSpans');
      for (let index = 0; index < spans.length; index++) {
        const decoded = readSpan(spans[index], index, resource, scope, result);
        if (each) spans[index] = undefined;
        if (!decoded) continue;
        if (each) each(decoded);
        else result.items.push(decoded);
      }
    }
  }
  return result;
}

/** The span, or undefined when it is rejected. */
function readSpan(value: unknown, index: number, resource: AttrMap, scope: InstrumentationScope, result: DecodeResult<DecodedSpan>): DecodedSpan | undefined {
  if (!isObject(value)) {
    reject(result, `span ${index}: not an object`);
    return undefined;
  }
  const name = str(value.name);
  const traceId = jsonId(field(value, 'traceId', 'trace_id'), 16);
  const spanId = jsonId(field(value, 'spanId', 'span_id'), 8);
  const problem = spanIdProblem(traceId, spanId);
  if (problem) {
    reject(result, `span ${index} '${name}': ${problem}`);
    return undefined;
  }
  const status = isObject(value.status) ? value.status : {};
  const statusMessage = str(status.message);
  const span: DecodedSpan = {
    traceId,
    spanId,
    parentSpanId: normalizeParentId(jsonId(field(value, 'parentSpanId', 'parent_span_id'), 8)),
    name,
    spanKind: jsonEnum(value.kind, SPAN_KINDS, 'SPAN_KIND_') ?? 'unspecified',
    startTimeUnixMs: jsonTimeMs(field(value, 'startTimeUnixNano', 'start_time_unix_nano')),
    endTimeUnixMs: jsonTimeMs(field(value, 'endTimeUnixNano', 'end_time_unix_nano')),
    status: statusMessage
      ? { code: jsonEnum(status.code, STATUS_CODES, 'STATUS_CODE_') ?? 'unset', message: statusMessage }
      : { code: jsonEnum(status.code, STATUS_CODES, 'STATUS_CODE_') ?? 'unset' },
    attributes: jsonAttributes(value.attributes),
    events: (Array.isArray(value.events) ? value.events : []).filter(isObject).map(readEvent),
    links: (Array.isArray(value.links) ? value.links : []).filter(isObject).map(readLink),
    resource,
    scope,
  };
  const traceState = str(field(value, 'traceState', 'trace_state'));
  if (traceState) span.traceState = traceState;
  return span;
}

function readEvent(event: Record<string, unknown>): DecodedEvent {
  return {
    name: str(event.name),
    timeUnixMs: jsonTimeMs(field(event, 'timeUnixNano', 'time_unix_nano')),
    attributes: jsonAttributes(event.attributes),
  };
}

function readLink(link: Record<string, unknown>): DecodedLink {
  const out: DecodedLink = {
    traceId: jsonId(field(link, 'traceId', 'trace_id'), 16),
    spanId: jsonId(field(link, 'spanId', 'span_id'), 8),
    attributes: jsonAttributes(link.attributes),
  };
  const traceState = str(field(link, 'traceState', 'trace_state'));
  if (traceState) out.traceState = traceState;
  const dropped = Number(field(link, 'droppedAttributesCount', 'dropped_attributes_count') ?? 0);
  if (Number.isSafeInteger(dropped) && dropped > 0) out.droppedAttributesCount = dropped;
  return out;
}
