/**
 * Encodes a span's (or log record's) detail as compact JSON in which large strings are references
 * into the content table, and decodes it back.
 *
 * Markers (an object with exactly one `$` key):
 *   {"$c": hash}          a string stored in the content table
 *   {"$j": [seg, ...]}    a string rebuilt by concatenating literal strings and {"$c"} pieces
 *                         (a large JSON text cut at element boundaries, see json-split.ts)
 *   {"$p": hash}          a JSON value: JSON.parse of the content (a resource or scope, shared by
 *                         every span of the process)
 *   {"$o": {...}}         a literal object that itself had a single `$` key (telemetry is untrusted;
 *                         an attribute kvlist could look like a marker)
 */
import { type Segment, splitJson } from './json-split';

/** Strings at least this long go to the content table. */
export const LONG_STRING = 200;
/** JSON pieces (array elements, resources) at least this long go to the content table. */
export const LONG_VALUE = 96;

export interface ContentWriter {
  /** Stores text (or counts one more reference to it) and returns its hash. */
  put(text: string): string;
}

export type ContentReader = (hash: string) => string;

/**
 * Sets an own property. Plain assignment of the key `__proto__` would replace the prototype
 * instead, silently dropping an attribute that untrusted telemetry may well be named.
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeMarker(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0].startsWith('$');
}

/** On average one element in this many closes a chunk. */
const CHUNK_SPREAD = 8;

/**
 * Whether an element closes a chunk. Decided by the element's own text only (its length and a few
 * characters spread over it), so the same element closes a chunk wherever it appears: the chunks
 * of a conversation's prefix come out identical at every step that re-sends that prefix.
 */
function closesChunk(piece: string): boolean {
  const n = piece.length;
  let h = n;
  for (let k = 1; k <= 8; k++) h = (Math.imul(h, 31) + piece.charCodeAt(Math.floor((n * k) / 9))) | 0;
  return (h >>> 0) % CHUNK_SPREAD === 0;
}

/**
 * A large JSON text as literal structure and content references. One reference per element keeps
 * each message stored once, but a step that re-sends n messages would still hold n references;
 * so runs of elements up to a content-defined boundary are stored as one chunk (shared by every
 * later step, like the elements), and only the elements after the last boundary are referenced
 * one by one: about n / CHUNK_SPREAD + CHUNK_SPREAD references per step.
 */
function encodeString(text: string, content: ContentWriter): unknown {
  if (text.length < LONG_STRING) return text;
  const segments = splitJson(text, LONG_VALUE);
  if (!segments) return { $c: content.put(text) };
  const out: unknown[] = [];
  let run: Segment[] = [];
  for (const segment of segments) {
    run.push(segment);
    if ('piece' in segment && closesChunk(segment.piece)) {
      out.push({ $c: content.put(run.map((r) => ('literal' in r ? r.literal : r.piece)).join('')) });
      run = [];
    }
  }
  for (const r of run) out.push('literal' in r ? r.literal : { $c: content.put(r.piece) });
  return { $j: out };
}

/** Generic encoding: every long string anywhere in the value becomes a reference. */
export function encodeValue(value: unknown, content: ContentWriter): unknown {
  if (typeof value === 'string') return encodeString(value, content);
  if (Array.isArray(value)) return value.map((v) => encodeValue(v, content));
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const item = value[key];
      if (item !== undefined) setOwn(out, key, encodeValue(item, content));
    }
    // looksLikeMarker, on the keys already listed (this runs for every attribute map).
    return keys.length === 1 && keys[0].startsWith('$') ? { $o: out } : out;
  }
  return value;
}

/**
 * The serialized form of objects that many spans share by identity (a decoder hands every span of
 * one ResourceSpans the same resource object): serialized once, not once per span.
 */
const serializedByIdentity = new WeakMap<object, string>();

/**
 * Encodes a whole JSON value (a resource, a scope) as one shared content reference when it is large,
 * generically otherwise. For values shared by identity and never mutated after decoding.
 */
export function encodeSharedObject(value: object, content: ContentWriter): unknown {
  let json = serializedByIdentity.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    serializedByIdentity.set(value, json);
  }
  if (json.length >= LONG_VALUE) return { $p: content.put(json) };
  return encodeValue(value, content);
}

export function decodeValue(value: unknown, read: ContentReader): unknown {
  if (Array.isArray(value)) return value.map((v) => decodeValue(v, read));
  if (!isPlainObject(value)) return value;
  if (looksLikeMarker(value)) {
    if ('$c' in value) return read(value.$c as string);
    if ('$p' in value) return JSON.parse(read(value.$p as string));
    if ('$j' in value) {
      return (value.$j as unknown[]).map((s) => (typeof s === 'string' ? s : read((s as { $c: string }).$c))).join('');
    }
    if ('$o' in value) return decodeObject(value.$o as Record<string, unknown>, read);
  }
  return decodeObject(value, read);
}

function decodeObject(value: Record<string, unknown>, read: ContentReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, decodeValue(value[key], read));
  return out;
}
