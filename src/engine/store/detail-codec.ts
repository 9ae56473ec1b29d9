/**
 * Encodes a span's (or log record's) detail as compact JSON in which large strings are references
 * into the content table, and decodes it back.
 *
 * Markers (an object with exactly one `$` key):
 *   {"$c": hash}          a string stored in the content table (plain, or composite: see
 *                         content-composite.ts; reading composes it)
 *   {"$j": [seg, ...]}    a string rebuilt by concatenating literal strings, {"$c"} pieces and {"$q"}
 *                         pieces (a stored string written as a JSON string literal): a large JSON
 *                         text cut apart (string-codec.ts)
 *   {"$p": hash}          a JSON value: JSON.parse of the content (a resource or scope, shared by
 *                         every span of the process)
 *   {"$o": {...}}         a literal object that itself had a single `$` key (telemetry is untrusted;
 *                         an attribute kvlist could look like a marker)
 *
 * Stores written before conversations were chained hold `$j` lists whose pieces are runs of
 * elements; they decode the same way.
 */
import type { CompositeSegment } from './content-composite';
import { type ContentWriter, encodeLongString, LONG_STRING, LONG_VALUE, putContent } from './string-codec';

export { type ContentWriter, LONG_STRING, LONG_VALUE, putContent } from './string-codec';

/**
 * Reads a content string. A reader made for one read of many rows may carry `parsed`: each `$p`
 * value (a resource or scope every span of a process shares) is then parsed once for the whole read
 * and the rows share the object, as the decoder shared it when they arrived (nothing mutates it).
 */
export interface ContentReader {
  (hash: string): string;
  parsed?: Map<string, unknown>;
  /**
   * Each `$q` piece (a stored string written as a JSON string literal) quoted once for the read: a
   * system prompt or a document quoted inside every call's conversation is the same literal.
   */
  quoted?: Map<string, string>;
}

/** A stored string made into `derive(text)`, once per read when the reader memoizes into `memo`. */
function memoizedContent<T>(hash: string, read: ContentReader, memo: Map<string, T> | undefined, derive: (text: string) => T): T {
  // Read every time all the same: a reader may count what each span references.
  const text = read(hash);
  if (!memo) return derive(text);
  let value = memo.get(hash);
  if (value === undefined) memo.set(hash, (value = derive(text)));
  return value;
}

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

/** Generic encoding: every long string anywhere in the value becomes a reference. */
export function encodeValue(value: unknown, content: ContentWriter): unknown {
  if (typeof value === 'string') return value.length < LONG_STRING ? value : encodeLongString(value, content);
  if (Array.isArray(value)) return value.map((v) => encodeValue(v, content));
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const item = value[key];
      if (item !== undefined) setOwn(out, key, encodeValue(item, content));
    }
    // An object with a single `$` key would read back as a marker (this runs for every attribute map).
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
  if (json.length >= LONG_VALUE) return { $p: putContent(content, json) };
  return encodeValue(value, content);
}

/**
 * Decodes a value read back from a stored detail, in place: the markers in it are replaced by what
 * they stand for, and the containers around them are kept (a copy of every object and array of
 * every span was most of a trace read's garbage). The value must be the reader's own, freshly
 * parsed; what is returned may be the value itself.
 */
export function decodeValue(value: unknown, read: ContentReader): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) value[i] = decodeValue(item, read);
    }
    return value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0].startsWith('$')) {
    const marker = keys[0];
    if (marker === '$c') return read(object.$c as string);
    if (marker === '$p') return memoizedContent(object.$p as string, read, read.parsed, JSON.parse);
    if (marker === '$j') {
      return (object.$j as CompositeSegment[]).map((s) => {
        if (typeof s === 'string') return s;
        return '$q' in s ? memoizedContent(s.$q, read, read.quoted, JSON.stringify) : read(s.$c);
      }).join('');
    }
    if (marker === '$o') return decodeProperties(object.$o as Record<string, unknown>, read);
  }
  return decodeProperties(object, read, keys);
}

function decodeProperties(object: Record<string, unknown>, read: ContentReader, keys = Object.keys(object)): Record<string, unknown> {
  for (const key of keys) {
    const item = object[key];
    if (typeof item !== 'object' || item === null) continue;
    const decoded = decodeValue(item, read);
    if (decoded !== item) setOwn(object, key, decoded);
  }
  return object;
}
