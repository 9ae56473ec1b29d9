/**
 * How a content row's text is held in the `content` table: UTF-8, or, from COMPRESS_FROM bytes on,
 * raw deflate behind a marker byte when that saves at least an eighth. Distinct tool results,
 * documents and long answers are most of what an agent store holds; words compress about 2.6×.
 *
 * The marker is the byte 0xFF, which UTF-8 never contains: every stored text comes from a JS string
 * through Buffer (lone surrogates become U+FFFD), and stores written before compression hold only
 * such UTF-8 (as a BLOB, or as TEXT), so an old row can never read as compressed.
 *
 * Cost, measured on 1.5-4 KB of words under load: level 1 with a 4 KB window takes 34-40 µs to
 * compress (the default window: 51-62 µs, level 6: 47 µs for 2.69× instead of 2.59×), 11-14 µs to
 * inflate. A text is compressed once, when its row is first written; re-sent copies only add a
 * reference.
 */
import * as zlib from 'node:zlib';
import type { SqlValue } from 'sql.js';
import { KeptDeflate } from './kept-deflate';
import { textOf, utf8 } from './prepared';

/** Texts of at least this many UTF-8 bytes are compressed. */
export const COMPRESS_FROM = 1024;

const MARKER = 0xff;
/** A 4 KB window covers most texts whole, and its smaller state is faster to set up per call. */
const SMALL_WINDOW_BITS = 12;
const SMALL_WINDOW = 1 << SMALL_WINDOW_BITS;
/** Texts that fit the small window are deflated by one kept stream per thread (kept-deflate.ts). */
const smallWindowDeflate = new KeptDeflate({ level: 1, windowBits: SMALL_WINDOW_BITS }, SMALL_WINDOW);

/**
 * The column expression readers select: a compressed row as its bytes, any other as TEXT (decoded
 * natively by sql.js, see textOf). A BLOB compares by its bytes, so only a marked one reaches x'ff'.
 */
export const CONTENT_TEXT_SQL = "CASE WHEN text >= x'ff' THEN text ELSE CAST(text AS TEXT) END";

/** The bytes a text is stored as: compressed from `compressFrom` bytes on. */
export function encodeContentText(text: string, compressFrom = COMPRESS_FROM): Uint8Array {
  const bytes = utf8(text);
  if (bytes.length < compressFrom) return bytes;
  const packed = bytes.length <= SMALL_WINDOW ? smallWindowDeflate.deflate(bytes) : zlib.deflateRawSync(bytes, { level: 1, windowBits: 15 });
  if (packed.length + 1 > bytes.length - (bytes.length >> 3)) return bytes;
  const out = Buffer.allocUnsafe(packed.length + 1);
  out[0] = MARKER;
  packed.copy(out, 1);
  return out;
}

/** The text of a value selected with CONTENT_TEXT_SQL. */
export function decodeContentText(value: SqlValue): string {
  if (value instanceof Uint8Array && value.length > 0 && value[0] === MARKER) {
    return zlib.inflateRawSync(value.subarray(1)).toString('utf8');
  }
  return textOf(value);
}
