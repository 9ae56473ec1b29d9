/**
 * A span's detail JSON written as text, as JSON.stringify would write the detail object
 * (span-record.ts documents its fields), without building that object first. Per span this saves
 * copying the attributes into a new object (one keyed store per attribute, a megamorphic one)
 * and serializing the resource and scope again: their encoded JSON is kept per object, which the
 * decoders share between all spans of a process. What is written is byte for byte the same.
 */
import type { AttrMap } from '../model';
import { boundedMemo } from '../bounded-memo';
import { storedName } from './attribute-keys';
import { encodeValue } from './detail-codec';
import { type ContentWriter, LONG_VALUE, putContent } from './string-codec';

/** The JSON of each attribute name's stored key with its colon, for the names seen lately. */
const keyJson = boundedMemo(4096, (name) => JSON.stringify(storedName(name)) + ':');

/** What JSON.stringify escapes in a string (lone surrogates included, with paired ones). */
const ESCAPES = /["\\\x00-\x1f\ud800-\udfff]/;

/** JSON.stringify(value) for a value that is not undefined; faster for short strings and numbers. */
export function valueJson(value: unknown): string {
  if (typeof value === 'string') return value.length <= 64 && !ESCAPES.test(value) ? `"${value}"` : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return JSON.stringify(value);
}

/** An attribute map's stored JSON: names coded (attribute-keys.ts), values encoded (detail-codec.ts). */
export function attributesJson(attributes: AttrMap, content: ContentWriter): string {
  let json = '{';
  for (const name of Object.keys(attributes)) {
    const value: unknown = attributes[name];
    if (value === undefined) continue;
    json += (json.length > 1 ? ',' : '') + keyJson(name) + valueJson(encodeValue(value, content));
  }
  return json + '}';
}

interface SharedJson {
  /** The object's JSON, once. */
  plain: string;
  /** Its encoded JSON when short (it then holds no long string, so no content), once. */
  encoded?: string;
}

const sharedByIdentity = new WeakMap<object, SharedJson>();

/**
 * encodeSharedObject's value (detail-codec.ts) as JSON: a `$p` reference when the JSON is long,
 * the encoded value otherwise. For objects shared by identity and never mutated after decoding.
 */
export function sharedObjectJson(value: object, content: ContentWriter): string {
  let shared = sharedByIdentity.get(value);
  if (shared === undefined) sharedByIdentity.set(value, (shared = { plain: JSON.stringify(value) }));
  if (shared.plain.length >= LONG_VALUE) return `{"$p":${JSON.stringify(putContent(content, shared.plain))}}`;
  return (shared.encoded ??= JSON.stringify(encodeValue(value, content)));
}
