/** Thrown when a body is not OTLP at all (bad protobuf, bad JSON, wrong top-level shape). */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

export type OtlpEncoding = 'protobuf' | 'json';

/**
 * AnyValue nesting allowed before a body is refused. Real telemetry nests a few levels; a hostile
 * body could nest millions and overflow the stack of a recursive decoder.
 */
export const MAX_ANY_VALUE_DEPTH = 64;

/** At most this many rejection reasons are kept per request; the count stays exact. */
export const MAX_ERRORS = 10;
