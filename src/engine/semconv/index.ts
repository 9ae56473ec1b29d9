/**
 * Normalization entry point: one span (plus the log records joined to it) → Tracelight's model.
 * Placeholder until the convention families land: derives only what needs no convention mapping.
 */
import type { DecodedLogRecord, DecodedSpan } from '../model';
import type { NormalizedFields } from '../../protocol/trace-json';

export function normalizeSpan(span: DecodedSpan, _logs: readonly DecodedLogRecord[]): NormalizedFields {
  const fields: NormalizedFields = { kind: 'other' };
  if (span.status.code === 'error') fields.error = { message: span.status.message };
  return fields;
}
