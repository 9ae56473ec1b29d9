/**
 * Per-item validation shared by the protobuf and JSON decoders: ids must have the right length and
 * must not be all zero (the OTel "invalid" ids). A bad span is rejected on its own; the others in
 * the same request are kept.
 */
import type { DecodeResult } from '../model';
import { MAX_ERRORS } from './decode-error';

const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

export function isValidTraceId(hex: string): boolean {
  return hex.length === 32 && hex !== ZERO_TRACE_ID;
}

export function isValidSpanId(hex: string): boolean {
  return hex.length === 16 && hex !== ZERO_SPAN_ID;
}

/** Why a span's ids are unacceptable, or null when they are fine. */
export function spanIdProblem(traceId: string, spanId: string): string | null {
  if (!isValidTraceId(traceId)) return `invalid trace id '${shorten(traceId)}'`;
  if (!isValidSpanId(spanId)) return `invalid span id '${shorten(spanId)}'`;
  return null;
}

/** Parent ids: absent, empty or all-zero all mean "root span" on the wire. */
export function normalizeParentId(hex: string): string | null {
  return isValidSpanId(hex) ? hex : null;
}

/** Log records keep their place even with bad ids; the ids just become unknown. */
export function optionalTraceId(hex: string): string | null {
  return isValidTraceId(hex) ? hex : null;
}

export function optionalSpanId(hex: string): string | null {
  return isValidSpanId(hex) ? hex : null;
}

export function newResult<T>(): DecodeResult<T> {
  return { items: [], rejected: 0, errors: [] };
}

export function reject<T>(result: DecodeResult<T>, reason: string): void {
  result.rejected++;
  if (result.errors.length < MAX_ERRORS) result.errors.push(reason);
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Attribute maps are plain objects filled from untrusted keys. Assigning `obj['__proto__']` would
 * replace the prototype instead of adding a key, so that one key is defined explicitly.
 */
export function setAttr(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
