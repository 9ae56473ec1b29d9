/** ExportLogsServiceRequest (opentelemetry.proto.collector.logs.v1) straight into DecodedLogRecord objects. */
import type { Reader } from 'protobufjs/minimal';
import type { AttrMap, DecodedLogRecord, DecodeResult, InstrumentationScope } from '../model';
import { newResult, optionalSpanId, optionalTraceId } from './item-validation';
import { readAnyValue, readKeyValueInto, readResource, readScope } from './protobuf-common';
import { asDecodeError, createReader, expectEnd, messageEnd, readHexId, readTimeMs, skipField } from './protobuf-wire';

const REQUEST_RESOURCE_LOGS = (1 << 3) | 2;
const RESOURCE_LOGS_RESOURCE = (1 << 3) | 2;
const RESOURCE_LOGS_SCOPE_LOGS = (2 << 3) | 2;
const SCOPE_LOGS_SCOPE = (1 << 3) | 2;
const SCOPE_LOGS_LOG_RECORDS = (2 << 3) | 2;

const LOG_TIME = (1 << 3) | 1;
const LOG_SEVERITY_NUMBER = (2 << 3) | 0;
const LOG_SEVERITY_TEXT = (3 << 3) | 2;
const LOG_BODY = (5 << 3) | 2;
const LOG_ATTRIBUTES = (6 << 3) | 2;
const LOG_TRACE_ID = (9 << 3) | 2;
const LOG_SPAN_ID = (10 << 3) | 2;
const LOG_OBSERVED_TIME = (11 << 3) | 1;
const LOG_EVENT_NAME = (12 << 3) | 2;

export function decodeLogsProtobuf(body: Uint8Array): DecodeResult<DecodedLogRecord> {
  const result = newResult<DecodedLogRecord>();
  const r = createReader(body);
  try {
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag === REQUEST_RESOURCE_LOGS) readResourceLogs(r, result.items);
      else skipField(r, tag);
    }
  } catch (error) {
    throw asDecodeError(error);
  }
  return result;
}

function readResourceLogs(r: Reader, items: DecodedLogRecord[]): void {
  const end = messageEnd(r);
  let resource: AttrMap = {};
  const first = items.length;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === RESOURCE_LOGS_RESOURCE) {
      resource = readResource(r);
      // Field order is not guaranteed: records read before the resource get it now.
      for (let i = first; i < items.length; i++) items[i].resource = resource;
    } else if (tag === RESOURCE_LOGS_SCOPE_LOGS) {
      readScopeLogs(r, resource, items);
    } else {
      skipField(r, tag);
    }
  }
  expectEnd(r, end);
}

function readScopeLogs(r: Reader, resource: AttrMap, items: DecodedLogRecord[]): void {
  const end = messageEnd(r);
  let scope: InstrumentationScope = { name: '' };
  const first = items.length;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === SCOPE_LOGS_SCOPE) {
      scope = readScope(r);
      for (let i = first; i < items.length; i++) items[i].scope = scope;
    } else if (tag === SCOPE_LOGS_LOG_RECORDS) {
      items.push(readLogRecord(r, resource, scope));
    } else {
      skipField(r, tag);
    }
  }
  expectEnd(r, end);
}

function readLogRecord(r: Reader, resource: AttrMap, scope: InstrumentationScope): DecodedLogRecord {
  const end = messageEnd(r);
  let traceId = '';
  let spanId = '';
  let time = 0;
  let observedTime = 0;
  const record: DecodedLogRecord = { traceId: null, spanId: null, timeUnixMs: 0, body: null, attributes: {}, resource, scope };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case LOG_TIME: time = readTimeMs(r); break;
      case LOG_OBSERVED_TIME: observedTime = readTimeMs(r); break;
      case LOG_SEVERITY_NUMBER: record.severityNumber = r.uint32(); break;
      case LOG_SEVERITY_TEXT: record.severityText = r.string(); break;
      case LOG_BODY: record.body = readAnyValue(r, 0); break;
      case LOG_ATTRIBUTES: readKeyValueInto(r, record.attributes, 0); break;
      case LOG_TRACE_ID: traceId = readHexId(r); break;
      case LOG_SPAN_ID: spanId = readHexId(r); break;
      case LOG_EVENT_NAME: record.eventName = r.string(); break;
      default: skipField(r, tag);
    }
  }
  expectEnd(r, end);
  finishLogRecord(record, traceId, spanId, time, observedTime);
  return record;
}

/**
 * Shared by the protobuf and JSON log decoders. Bad or missing ids make the record uncorrelated
 * rather than rejected; a zero `time` means "unknown" per the spec, so the observed time stands in.
 */
export function finishLogRecord(record: DecodedLogRecord, traceId: string, spanId: string, time: number, observedTime: number): void {
  record.traceId = optionalTraceId(traceId);
  record.spanId = record.traceId ? optionalSpanId(spanId) : null;
  record.timeUnixMs = time || observedTime;
  if (!record.eventName) {
    delete record.eventName;
    // Exporters older than LogRecord.event_name put the event name in an attribute.
    const legacy = record.attributes['event.name'];
    if (typeof legacy === 'string' && legacy) record.eventName = legacy;
  }
  if (record.severityNumber === 0) delete record.severityNumber;
  if (record.severityText === '') delete record.severityText;
}
