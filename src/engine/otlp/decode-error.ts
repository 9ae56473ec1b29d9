/** Thrown when a body is not OTLP at all (bad protobuf, bad JSON, wrong top-level shape). */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

export type OtlpEncoding = 'protobuf' | 'json';

/**
 * AnyValue nesting (arrays and key-value lists inside each other) that is decoded. Real telemetry
 * nests a few levels; a hostile body could nest millions and overflow the stack of a recursive
 * decoder. A deeper part is not decoded but replaced by TOO_DEEP_VALUE: the span (and the rest of
 * the value) is kept, since one odd attribute must not cost the whole batch.
 */
export const MAX_ANY_VALUE_DEPTH = 64;

/** What stands in for the part of an attribute value nested deeper than MAX_ANY_VALUE_DEPTH. */
export const TOO_DEEP_VALUE = `[nested deeper than ${MAX_ANY_VALUE_DEPTH} levels]`;

/** At most this many rejection reasons are kept per request; the count stays exact. */
export const MAX_ERRORS = 10;
