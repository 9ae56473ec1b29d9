/**
 * Low-level reads over protobufjs's Reader that the generic Reader does not offer cheaply: ids
 * straight to hex, fixed64 nanosecond times straight to milliseconds, int64 without Long objects,
 * and bounds checks for nested messages. Every read checks the buffer end, so a truncated body
 * throws instead of reading garbage.
 */
import { Reader } from 'protobufjs/minimal';
import { OtlpDecodeError } from './decode-error';

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Longer "ids" are invalid anyway; they are not hex-encoded in full (a hostile body could send megabytes). */
const MAX_ID_BYTES = 32;

export function createReader(body: Uint8Array): Reader {
  // A Buffer view (no copy) makes protobufjs use Node's native UTF-8 decoding for strings.
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return Reader.create(buffer);
}

/** Reads a length prefix and returns where the nested message ends; refuses lengths past the buffer. */
export function messageEnd(r: Reader): number {
  const length = r.uint32();
  const end = r.pos + length;
  if (end > r.len) throw new OtlpDecodeError(`truncated protobuf: a field of ${length} bytes at offset ${r.pos} runs past the end (${r.len} bytes)`);
  return end;
}

/** A nested message's last field must end exactly at the message's declared end. */
export function expectEnd(r: Reader, end: number): void {
  if (r.pos !== end) throw new OtlpDecodeError(`malformed protobuf: a field crosses the end of its message at offset ${end}`);
}

/** Skips a field this decoder does not know (or whose wire type is not the one the schema says). */
export function skipField(r: Reader, tag: number): void {
  if (tag >>> 3 === 0) throw new OtlpDecodeError(`malformed protobuf: field number 0 at offset ${r.pos}`);
  r.skipType(tag & 7);
}

const KEY_CACHE_SLOTS = 1024; // a power of two
const MAX_CACHED_KEY_BYTES = 64;
const keyCacheBytes: (Buffer | undefined)[] = new Array(KEY_CACHE_SLOTS);
const keyCacheText: string[] = new Array(KEY_CACHE_SLOTS);

/**
 * A string field through a small cache. Attribute keys and short values (model names, providers,
 * operation names, span names) repeat on every span, so decoded strings are cached by their bytes:
 * a hit skips UTF-8 decoding and hands back the same string, which also makes the property stores
 * that follow cheaper. The cache holds copies of the bytes, never views into a request body.
 */
export function readCachedString(r: Reader): string {
  const end = messageEnd(r);
  const start = r.pos;
  const length = end - start;
  r.pos = end;
  const buf = r.buf as Buffer;
  if (length === 0) return '';
  if (length > MAX_CACHED_KEY_BYTES) return buf.toString('utf8', start, end);
  let hash = length;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + buf[i]) | 0;
  const slot = (hash ^ (hash >>> 10)) & (KEY_CACHE_SLOTS - 1);
  const cached = keyCacheBytes[slot];
  if (cached !== undefined && cached.length === length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (cached[i] !== buf[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return keyCacheText[slot];
  }
  const text = buf.toString('utf8', start, end);
  keyCacheBytes[slot] = Buffer.from(buf.subarray(start, end));
  keyCacheText[slot] = text;
  return text;
}

/** A bytes field as lowercase hex ('' when empty). */
export function readHexId(r: Reader): string {
  const end = messageEnd(r);
  const start = r.pos;
  r.pos = end;
  if (end - start > MAX_ID_BYTES) return `<${end - start} bytes>`;
  const buf = r.buf;
  let hex = '';
  for (let i = start; i < end; i++) hex += HEX_BYTE[buf[i]];
  return hex;
}

/**
 * Nanoseconds given as two 32-bit halves → fractional milliseconds, as exactly as a double allows.
 * hi·2^32 + lo overflows 2^53, so it is split on 2^32 = 4294·10^6 + 967296: every partial product
 * stays an exact integer, and a whole-millisecond time comes out as a whole number (not …05.9998).
 */
export function nanosToMs(hi: number, lo: number): number {
  const belowMillions = hi * 967296 + lo; // < 2^53
  return hi * 4294 + Math.floor(belowMillions / 1e6) + (belowMillions % 1e6) / 1e6;
}

/** fixed64 nanoseconds since the epoch → fractional milliseconds. */
export function readTimeMs(r: Reader): number {
  const p = r.pos;
  if (p + 8 > r.len) throw new OtlpDecodeError(`truncated protobuf: fixed64 at offset ${p}`);
  const b = r.buf;
  const lo = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  const hi = (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>> 0;
  r.pos = p + 8;
  return nanosToMs(hi, lo);
}

/** A varint int64: a number when it is a safe integer, otherwise its decimal string. */
export function readInt64(r: Reader): number | string {
  const b = r.buf;
  let p = r.pos;
  let lo = 0;
  let hi = 0;
  let shift = 0;
  for (let i = 0; ; i++) {
    if (i === 10) throw new OtlpDecodeError(`malformed protobuf: varint longer than 10 bytes at offset ${r.pos}`);
    if (p >= r.len) throw new OtlpDecodeError(`truncated protobuf: varint at offset ${r.pos}`);
    const byte = b[p++];
    if (i < 4) {
      lo |= (byte & 0x7f) << shift;
    } else if (i === 4) {
      lo |= (byte & 0x0f) << 28;
      hi |= (byte & 0x7f) >> 4;
    } else {
      hi |= (byte & 0x7f) << (shift - 32);
    }
    shift += 7;
    if (byte < 0x80) break;
  }
  r.pos = p;
  lo >>>= 0;
  hi >>>= 0;
  if (hi === 0) return lo;
  if (hi === 0xffffffff && lo !== 0) return lo - 4294967296; // small negative numbers
  const value = (hi | 0) * 4294967296 + lo;
  if (Number.isSafeInteger(value)) return value;
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** Wraps a protobufjs RangeError or Error into the decode error the callers expect. */
export function asDecodeError(error: unknown): OtlpDecodeError {
  if (error instanceof OtlpDecodeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OtlpDecodeError(`malformed protobuf: ${message}`);
}
