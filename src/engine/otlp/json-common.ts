/**
 * OTLP/JSON common parts, tolerant of what real exporters send besides the specified encoding
 * (lowerCamelCase keys, hex ids, int64 as decimal strings). Each tolerated quirk is commented
 * where it is handled.
 */
import { isAscii } from 'node:buffer';
import type { AttrMap, AttrValue, InstrumentationScope } from '../model';
import { MAX_ANY_VALUE_DEPTH, OtlpDecodeError, TOO_DEEP_VALUE } from './decode-error';
import { setAttr } from './item-validation';
import { nanosToMs } from './protobuf-wire';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a field by its lowerCamelCase name, falling back to snake_case: the protobuf JSON mapping
 * accepts both, and Python's `MessageToJson(preserving_proto_field_name=True)` and several
 * collectors' debug outputs write `resource_spans`, `trace_id`, `start_time_unix_nano`, ...
 */
export function field(obj: JsonObject, camel: string, snake: string): unknown {
  const value = obj[camel];
  return value !== undefined ? value : obj[snake];
}

/** A repeated field: absent → []; anything else that is not an array is a shape error. */
export function list(obj: JsonObject, camel: string, snake: string, what: string): unknown[] {
  const value = field(obj, camel, snake);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`'${camel}' of ${what} is not an array`);
  return value;
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

const HEX_RE = /^[0-9a-fA-F]*$/;
const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * An id (trace: 16 bytes, span: 8 bytes) as lowercase hex, or '' when absent. The spec says hex;
 * but exporters built on the protobuf JSON mapping (older OTel JS with `useHex: false`, Go's
 * protojson, Python's MessageToJson) write bytes as base64: 24 characters for 16 bytes, 12 for 8.
 * A string of the hex length that is valid hex is read as hex; anything else is tried as base64.
 * A byte array (`[1,2,...]` or Node's `{type:'Buffer',data:[...]}`) is also accepted.
 * Returns the raw text when it is neither, so the rejection message can show it.
 */
export function jsonId(value: unknown, bytes: 16 | 8): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') {
    if (value.length === bytes * 2 && HEX_RE.test(value)) return value.toLowerCase();
    if (value.length > 0 && value.length <= 64 && BASE64_RE.test(value)) {
      const decoded = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
      if (decoded.length === bytes) return decoded.toString('hex');
    }
    return value.slice(0, 64);
  }
  const byteArray = Array.isArray(value) ? value : isObject(value) && value.type === 'Buffer' ? value.data : undefined;
  if (Array.isArray(byteArray) && byteArray.length <= 64 && byteArray.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
    return Buffer.from(byteArray as number[]).toString('hex');
  }
  return String(value).slice(0, 64);
}

/**
 * An int64: the spec's decimal string, or a JSON number (OTel JS and many hand-written payloads),
 * or a Long.js `{low, high, unsigned}` object (OTel JS exporters before 0.50 with `useLongBits`).
 * Returns a number when safe, else the decimal string; undefined when it is not an integer at all.
 */
export function jsonInt64(value: unknown): number | string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    const n = Math.trunc(value);
    // A JSON number beyond 2^53 has already lost precision; it is still written as a decimal
    // string so that every unsafe int64 has the same type whatever the encoding.
    return Number.isSafeInteger(n) ? n : BigInt(n).toString();
  }
  if (typeof value === 'string') {
    if (!/^[+-]?\d+$/.test(value.trim())) return undefined;
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value.trim()).toString();
  }
  if (isObject(value) && typeof value.low === 'number' && typeof value.high === 'number') {
    const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
    const big = value.unsigned === true ? bits : BigInt.asIntN(64, bits);
    const n = Number(big);
    return Number.isSafeInteger(n) ? n : big.toString();
  }
  return undefined;
}

/**
 * Nanoseconds since the epoch → fractional milliseconds. A decimal string is split so that no
 * precision is lost to a 19-digit Number. Also accepts numbers, `{low, high}` and the SDK's
 * `[seconds, nanos]` HrTime pairs (seen in payloads built by hand from JS span objects).
 */
export function jsonTimeMs(value: unknown): number {
  if (typeof value === 'string') {
    const text = value.trim();
    if (!/^\d+$/.test(text)) return 0;
    if (text.length <= 6) return Number(text) / 1e6;
    return Number(text.slice(0, -6)) + Number(text.slice(-6)) / 1e6;
  }
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value / 1e6 : 0;
  if (isObject(value) && typeof value.low === 'number' && typeof value.high === 'number') {
    return nanosToMs(value.high >>> 0, value.low >>> 0);
  }
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
    return value[0] * 1000 + value[1] / 1e6;
  }
  return 0;
}

/**
 * An enum sent as its number (spec) or its name (the protobuf JSON mapping writes names:
 * "SPAN_KIND_CLIENT", "STATUS_CODE_ERROR"; some tools drop the prefix or lowercase it).
 */
export function jsonEnum<T extends string>(value: unknown, names: readonly T[], prefix: string): T | undefined {
  if (typeof value === 'number') return names[value];
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  if (/^\d+$/.test(upper)) return names[Number(upper)];
  const bare = (upper.startsWith(prefix) ? upper.slice(prefix.length) : upper).toLowerCase();
  return names.find((name) => name === bare);
}

/**
 * AnyValue JSON (`{"stringValue": ...}` etc.). An empty object is null. `depth` counts the lists
 * around the value; a list nested deeper than MAX_ANY_VALUE_DEPTH becomes TOO_DEEP_VALUE (as in
 * the protobuf decoder), so a hostile nesting depth cannot recurse without bound.
 */
export function jsonAnyValue(value: unknown, depth: number): AttrValue {
  // Quirk: some hand-written payloads put plain JSON values where an AnyValue belongs.
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (!isObject(value)) return null;
  let v: unknown;
  if ((v = field(value, 'stringValue', 'string_value')) !== undefined) return typeof v === 'string' ? v : String(v);
  if ((v = field(value, 'boolValue', 'bool_value')) !== undefined) return v === true || v === 'true';
  if ((v = field(value, 'intValue', 'int_value')) !== undefined) return jsonInt64(v) ?? null;
  if ((v = field(value, 'doubleValue', 'double_value')) !== undefined) {
    // The JSON mapping writes NaN and infinities as strings; they have no JSON number form.
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isNaN(n) && v !== 'NaN' ? null : n;
  }
  if ((v = field(value, 'arrayValue', 'array_value')) !== undefined) {
    if (depth >= MAX_ANY_VALUE_DEPTH) return TOO_DEEP_VALUE;
    const values = isObject(v) ? v.values : undefined;
    return Array.isArray(values) ? values.map((item) => jsonAnyValue(item, depth + 1)) : [];
  }
  if ((v = field(value, 'kvlistValue', 'kvlist_value')) !== undefined) {
    if (depth >= MAX_ANY_VALUE_DEPTH) return TOO_DEEP_VALUE;
    return jsonAttributes(isObject(v) ? v.values : undefined, depth + 1);
  }
  if ((v = field(value, 'bytesValue', 'bytes_value')) !== undefined) return typeof v === 'string' ? v : null;
  return null;
}

/**
 * A KeyValue list. Quirk: a plain object map (`{"attributes": {"k": "v"}}`) is accepted too, as
 * some hand-built payloads use it.
 */
export function jsonAttributes(value: unknown, depth = 0): AttrMap {
  const map: AttrMap = {};
  if (Array.isArray(value)) {
    for (const kv of value) {
      if (!isObject(kv) || typeof kv.key !== 'string') continue;
      setAttr(map, kv.key, jsonAnyValue(kv.value, depth));
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) setAttr(map, key, jsonAnyValue(value[key], depth));
  }
  return map;
}

export function jsonResource(value: unknown): AttrMap {
  return isObject(value) ? jsonAttributes(value.attributes) : {};
}

export function jsonScope(value: unknown): InstrumentationScope {
  if (!isObject(value)) return { name: '' };
  const scope: InstrumentationScope = { name: str(value.name) };
  const version = str(value.version);
  if (version) scope.version = version;
  if (value.attributes !== undefined) {
    const attributes = jsonAttributes(value.attributes);
    if (Object.keys(attributes).length > 0) scope.attributes = attributes;
  }
  return scope;
}

/** Parses a JSON body (UTF-8, optional BOM); anything unparsable is not OTLP. */
export function parseJsonBody(body: Uint8Array): unknown {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // All-ASCII bodies (nearly all: JSON escapes what is not) are the same text read as Latin-1,
  // which copies bytes instead of decoding UTF-8; the check is a vectorized scan.
  let text = buffer.toString(isAscii(buffer) ? 'latin1' : 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`malformed JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The top-level object must be an export request of the expected signal. `{}` is a valid empty
 * request; a request of another signal (e.g. logs posted to the traces endpoint) is refused by name.
 */
export function requestItems(value: unknown, camel: string, snake: string, signal: string): unknown[] {
  if (!isObject(value)) {
    throw new OtlpDecodeError(`expected an OTLP ${signal} export request (a JSON object with '${camel}'), got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : typeof value}`);
  }
  const items = field(value, camel, snake);
  if (items === undefined) {
    const others = ['resourceSpans', 'resourceLogs', 'resourceMetrics', 'resource_spans', 'resource_logs', 'resource_metrics'].filter((key) => key in value);
    if (others.length > 0) throw new OtlpDecodeError(`expected '${camel}' in an OTLP ${signal} request, found '${others[0]}'`);
    return [];
  }
  if (!Array.isArray(items)) throw new OtlpDecodeError(`'${camel}' is not an array`);
  return items;
}
