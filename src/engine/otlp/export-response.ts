/**
 * Export*ServiceResponse and google.rpc.Status encoding, in protobuf (protobufjs Writer) or JSON.
 * partial_success is only present when something was rejected or there is a message, as the
 * specification asks ("the server MUST leave it unset when the request was fully accepted").
 */
import { Writer } from 'protobufjs/minimal';
import type { OtlpEncoding } from './decode-error';

export type ExportSignal = 'traces' | 'logs' | 'metrics';

const REJECTED_FIELD_JSON: Record<ExportSignal, string> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

export function encodeExportResponse(signal: ExportSignal, encoding: OtlpEncoding, rejected: number, errorMessage?: string): Uint8Array {
  const partial = rejected > 0 || !!errorMessage;
  if (encoding === 'json') {
    const body = partial
      ? // int64 is a decimal string in OTLP/JSON.
        { partialSuccess: { [REJECTED_FIELD_JSON[signal]]: String(rejected), ...(errorMessage ? { errorMessage } : {}) } }
      : {};
    return Buffer.from(JSON.stringify(body));
  }
  if (!partial) return new Uint8Array(0);
  // ExportXPartialSuccess: rejected_* = 1 (int64), error_message = 2; the response holds it in field 1.
  const inner = Writer.create();
  if (rejected > 0) inner.uint32((1 << 3) | 0).int64(rejected);
  if (errorMessage) inner.uint32((2 << 3) | 2).string(errorMessage);
  const innerBytes = inner.finish();
  return Writer.create().uint32((1 << 3) | 2).bytes(innerBytes).finish();
}

/** google.rpc.Status {code = 1, message = 2}: the body of an OTLP/HTTP error response. */
export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Uint8Array {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const writer = Writer.create();
  if (code !== 0) writer.uint32((1 << 3) | 0).int32(code);
  if (message) writer.uint32((2 << 3) | 2).string(message);
  return writer.finish();
}
