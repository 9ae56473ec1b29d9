/**
 * OTLP decoding: wire bytes (protobuf or JSON) → DecodedSpan / DecodedLogRecord (see ../model.ts),
 * metric counting, and export-response encoding. This file is the module's public surface.
 */
import type { DecodedLogRecord, DecodedSpan, DecodeResult } from '../model';
import type { OtlpEncoding } from './decode-error';
import { parseJsonBody } from './json-common';
import { decodeLogsJson } from './json-logs';
import { countMetricDataPointsJson } from './json-metrics';
import { decodeTracesJson } from './json-traces';
import { decodeLogsProtobuf } from './protobuf-logs';
import { countMetricDataPointsProtobuf } from './protobuf-metrics';
import { decodeTracesProtobuf, SpansBeforeTheirResource } from './protobuf-traces';

export { OtlpDecodeError, type OtlpEncoding } from './decode-error';
export { encodeExportResponse, encodeStatus, type ExportSignal } from './export-response';
export { sniffProtobufSignal } from './protobuf-sniff';

/** Throws OtlpDecodeError when the body is not an OTLP traces request at all. */
export function decodeTraces(body: Uint8Array, encoding: OtlpEncoding): DecodeResult<DecodedSpan> {
  return encoding === 'json' ? decodeTracesJson(parseJsonBody(body)) : decodeTracesProtobuf(body);
}

/**
 * decodeTraces handing each accepted span to `each` as soon as it is read, in the same order, and
 * keeping none in `items`: a span's objects can then die young (prepare-traces.ts). Returns null,
 * having handed on some spans perhaps, for a body that only the list form decodes (a resource or
 * scope sent after its spans); errors are those of decodeTraces.
 */
export function decodeTracesEach(body: Uint8Array, encoding: OtlpEncoding, each: (span: DecodedSpan) => void): DecodeResult<DecodedSpan> | null {
  if (encoding === 'json') return decodeTracesJson(parseJsonBody(body), each);
  try {
    return decodeTracesProtobuf(body, each);
  } catch (error) {
    if (error instanceof SpansBeforeTheirResource) return null;
    throw error;
  }
}

export function decodeLogs(body: Uint8Array, encoding: OtlpEncoding): DecodeResult<DecodedLogRecord> {
  return encoding === 'json' ? decodeLogsJson(parseJsonBody(body)) : decodeLogsProtobuf(body);
}

/** For already-parsed JSON, e.g. one line of an OTLP JSON Lines file. */
export function decodeTracesJsonValue(value: unknown): DecodeResult<DecodedSpan> {
  return decodeTracesJson(value);
}

export function decodeLogsJsonValue(value: unknown): DecodeResult<DecodedLogRecord> {
  return decodeLogsJson(value);
}

/** Metrics are acknowledged and counted only. */
export function countMetricDataPoints(body: Uint8Array, encoding: OtlpEncoding): number {
  return encoding === 'json' ? countMetricDataPointsJson(parseJsonBody(body)) : countMetricDataPointsProtobuf(body);
}
