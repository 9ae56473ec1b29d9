/**
 * Building blocks for validating what a webview sends. A webview renders telemetry from arbitrary
 * applications, so its messages are treated like input from the network: exact shapes, bounded
 * sizes, unknown fields rejected. No `vscode`, no DOM.
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export type Fields = Record<string, unknown>;

const SPAN_ID = /^[0-9a-f]{16}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;

export function isPlainObject(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isBoundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

export function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

export function isSpanId(value: unknown): value is string {
  return typeof value === 'string' && SPAN_ID.test(value);
}

export function isTraceId(value: unknown): value is string {
  return typeof value === 'string' && TRACE_ID.test(value);
}

/** Only these keys may appear besides `type`; anything else means a sender we do not know. */
export function onlyKeys(msg: Fields, allowed: readonly string[]): boolean {
  return Object.keys(msg).every((k) => k === 'type' || allowed.includes(k));
}
