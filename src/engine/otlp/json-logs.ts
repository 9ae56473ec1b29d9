/** OTLP/JSON ExportLogsServiceRequest → DecodedLogRecord. Records are never rejected for their ids. */
import type { AttrMap, DecodedLogRecord, DecodeResult, InstrumentationScope } from '../model';
import { OtlpDecodeError } from './decode-error';
import { newResult, reject } from './item-validation';
import { field, isObject, jsonAnyValue, jsonAttributes, jsonId, jsonInt64, jsonResource, jsonScope, jsonTimeMs, list, requestItems, str } from './json-common';
import { finishLogRecord } from './protobuf-logs';

export function decodeLogsJson(value: unknown): DecodeResult<DecodedLogRecord> {
  const result = newResult<DecodedLogRecord>();
  for (const resourceLogs of requestItems(value, 'resourceLogs', 'resource_logs', 'logs')) {
    if (!isObject(resourceLogs)) throw new OtlpDecodeError('an entry of resourceLogs is not an object');
    const resource = jsonResource(resourceLogs.resource);
    // Quirk: pre-1.0 exporters wrote `instrumentationLibraryLogs` / `instrumentationLibrary`.
    const scopeList = [
      ...list(resourceLogs, 'scopeLogs', 'scope_logs', 'resourceLogs'),
      ...list(resourceLogs, 'instrumentationLibraryLogs', 'instrumentation_library_logs', 'resourceLogs'),
    ];
    for (const scopeLogs of scopeList) {
      if (!isObject(scopeLogs)) throw new OtlpDecodeError('an entry of scopeLogs is not an object');
      const scope = jsonScope(scopeLogs.scope ?? field(scopeLogs, 'instrumentationLibrary', 'instrumentation_library'));
      list(scopeLogs, 'logRecords', 'log_records', 'scopeLogs').forEach((record, index) => {
        if (isObject(record)) result.items.push(readLogRecord(record, resource, scope));
        else reject(result, `log record ${index}: not an object`);
      });
    }
  }
  return result;
}

function readLogRecord(value: Record<string, unknown>, resource: AttrMap, scope: InstrumentationScope): DecodedLogRecord {
  const record: DecodedLogRecord = {
    traceId: null,
    spanId: null,
    timeUnixMs: 0,
    body: value.body === undefined ? null : jsonAnyValue(value.body, 0),
    attributes: jsonAttributes(value.attributes),
    resource,
    scope,
  };
  const severity = field(value, 'severityNumber', 'severity_number');
  // Quirk: the JSON mapping may write the severity enum by name ("SEVERITY_NUMBER_INFO").
  const severityNumber = typeof severity === 'string' && !/^\d+$/.test(severity) ? SEVERITY_BY_NAME[severity.toUpperCase()] : jsonInt64(severity);
  if (typeof severityNumber === 'number') record.severityNumber = severityNumber;
  const severityText = str(field(value, 'severityText', 'severity_text'));
  if (severityText) record.severityText = severityText;
  const eventName = str(field(value, 'eventName', 'event_name'));
  if (eventName) record.eventName = eventName;
  finishLogRecord(
    record,
    jsonId(field(value, 'traceId', 'trace_id'), 16),
    jsonId(field(value, 'spanId', 'span_id'), 8),
    jsonTimeMs(field(value, 'timeUnixNano', 'time_unix_nano')),
    jsonTimeMs(field(value, 'observedTimeUnixNano', 'observed_time_unix_nano')),
  );
  return record;
}

/** SEVERITY_NUMBER_TRACE = 1 … SEVERITY_NUMBER_FATAL4 = 24, four steps per level. */
const SEVERITY_BY_NAME: Record<string, number> = Object.fromEntries(
  ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level, i) => [
    [`SEVERITY_NUMBER_${level}`, i * 4 + 1],
    [`SEVERITY_NUMBER_${level}2`, i * 4 + 2],
    [`SEVERITY_NUMBER_${level}3`, i * 4 + 3],
    [`SEVERITY_NUMBER_${level}4`, i * 4 + 4],
  ]),
);
