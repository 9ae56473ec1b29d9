/**
 * How one long string of a span's detail is stored (detail-codec.ts does the rest of the value):
 *
 * - a JSON array of at least CHAIN_FROM elements (a conversation) as a chain of composites, one per
 *   element (content-composite.ts): an agent re-sending its history adds only its new messages;
 * - a shorter JSON array, or a JSON object, as `$j` segments: its structure inline, its long pieces
 *   as references;
 * - anything else as one `$c` reference.
 *
 * Long JSON string tokens written exactly as JSON.stringify writes them are stored as their value
 * (`$q`), so a tool result sent raw in one attribute and quoted in the next call's messages is one
 * row.
 */
import type { CompositeSegment } from './content-composite';
import { splitJson } from './json-split';
import type { PieceMemo } from './piece-memo';
import { elementParts, type JsonList, type ListElement, splitJsonList } from './json-list';

/** Strings at least this long go to the content table. */
export const LONG_STRING = 200;
/** JSON pieces (object values, resources) at least this long go to the content table. */
export const LONG_VALUE = 96;
/** Arrays of at least this many elements are stored as a chain... */
export const CHAIN_FROM = 4;
/**
 * ...when their elements average at least this many characters: messages do (the smallest is
 * about 50), whereas a long array of numbers (an embedding written as JSON) would become a chain of
 * thousands of tiny rows.
 */
export const CHAIN_ELEMENT_CHARS = 48;

export interface ContentWriter {
  /**
   * Registers text (plain, or a composite's segment list when `composite`) and returns its hash.
   * Takes no reference: the composite that lists the hash holds it, or the row, through `hold`.
   */
  store(text: string, composite?: boolean): string;
  /** One reference, held by the row being written, to content registered through `store`. */
  hold(hash: string): void;
  /**
   * Chain composites this writer already stored, by prefix and element (see encodeChain): a writer
   * that lives for a whole batch keeps one, so the history each call of a run re-sends is cut,
   * hashed and registered once per batch, not once per call.
   */
  readonly chains?: Map<string, string>;
  /**
   * The reference each long string token got (pieceRef), for a writer whose `store` only registers
   * text for the batch (registering it again changes nothing): the prepare step's.
   */
  readonly pieces?: PieceMemo<PieceRef>;
}

export type PieceRef = { $c: string } | { $q: string };

/** Stores text referenced by the row itself; returns its hash. */
export function putContent(content: ContentWriter, text: string): string {
  const hash = content.store(text);
  content.hold(hash);
  return hash;
}

/** Characters JSON.stringify escapes, but for lone surrogates (see needsACloserLook). */
const ESCAPED = /[\x00-\x1f\\]/;

/** `String.prototype.isWellFormed` (ES2024, Node 20): no lone surrogate, checked natively. */
const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
const LONE_OR_PAIRED_SURROGATE = /[\ud800-\udfff]/;

/**
 * Whether JSON.stringify could write `text` otherwise than as its characters between quotes: it
 * escapes control characters, backslashes (quotes cannot occur inside a scanned string token
 * unescaped) and lone surrogates, and keeps paired ones. The native well-formedness check replaces
 * a surrogate range in the regex, which made it about half as fast again.
 */
function needsACloserLook(text: string): boolean {
  if (ESCAPED.test(text)) return true;
  return isWellFormed ? !isWellFormed.call(text) : LONE_OR_PAIRED_SURROGATE.test(text);
}

/** A piece of JSON text as a reference: `$q` for a string token in JSON.stringify's form. */
function pieceRef(piece: string, content: ContentWriter): PieceRef {
  const memo = content.pieces;
  if (!memo) return newPieceRef(piece, content);
  let ref = memo.get(piece);
  if (ref === undefined) memo.set(piece, (ref = newPieceRef(piece, content)));
  return ref;
}

function newPieceRef(piece: string, content: ContentWriter): PieceRef {
  if (piece.charCodeAt(0) === 0x22) {
    const inner = piece.slice(1, -1);
    if (!needsACloserLook(inner)) return { $q: content.store(inner) };
    const value = parsedString(piece);
    if (value !== undefined && JSON.stringify(value) === piece) return { $q: content.store(value) };
  }
  return { $c: content.store(piece) };
}

/**
 * The string a scanned string token stands for, or undefined when it is not valid JSON: the scan
 * only matches quotes, and telemetry may hold a raw control character inside one (which JSON.parse
 * refuses). Such a piece is stored as its text; it used to throw and fail the whole export.
 */
function parsedString(piece: string): string | undefined {
  try {
    const value: unknown = JSON.parse(piece);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function appendLiteral(out: CompositeSegment[], literal: string): void {
  if (literal === '') return;
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] += literal;
  else out.push(literal);
}

function appendElement(out: CompositeSegment[], element: ListElement, content: ContentWriter): void {
  appendLiteral(out, element.before);
  for (const part of elementParts(element.text, LONG_STRING)) {
    if ('literal' in part) appendLiteral(out, part.literal);
    else out.push(pieceRef(part.piece, content));
  }
}

/**
 * A conversation as a chain: one composite per element, each starting with the chain before it.
 * The same prefix re-sent by the next call is the same chain, so each call stores the composites
 * of its new messages only, and the row holds one reference.
 */
function encodeChain(list: JsonList, content: ContentWriter): unknown {
  let prefix: string | null = null;
  for (const element of list.elements) {
    // The key names the composite exactly: its prefix's hash, then the element's own characters.
    const key: string = content.chains ? `${prefix ?? ''} ${element.before}${element.text}` : '';
    const known: string | undefined = content.chains?.get(key);
    if (known !== undefined) {
      prefix = known;
      continue;
    }
    const segments: CompositeSegment[] = prefix === null ? [] : [{ $c: prefix }];
    appendElement(segments, element, content);
    prefix = content.store(JSON.stringify(segments), true);
    content.chains?.set(key, prefix);
  }
  content.hold(prefix as string);
  return { $j: [{ $c: prefix }, list.after] };
}

function holdAll(segments: readonly CompositeSegment[], content: ContentWriter): void {
  for (const segment of segments) if (typeof segment !== 'string') content.hold('$c' in segment ? segment.$c : segment.$q);
}

/** A long string (at least LONG_STRING characters) as a detail value. */
export function encodeLongString(text: string, content: ContentWriter): unknown {
  const list = splitJsonList(text);
  if (list && list.elements.length >= CHAIN_FROM && text.length >= list.elements.length * CHAIN_ELEMENT_CHARS) return encodeChain(list, content);
  let segments: CompositeSegment[] | null = null;
  if (list) {
    segments = [];
    for (const element of list.elements) appendElement(segments, element, content);
    appendLiteral(segments, list.after);
  } else {
    segments = splitJson(text, LONG_VALUE)?.map((s) => ('literal' in s ? s.literal : pieceRef(s.piece, content))) ?? null;
  }
  // Nothing in it long enough to share: the whole text is one piece.
  if (!segments || segments.every((s) => typeof s === 'string')) return { $c: putContent(content, text) };
  holdAll(segments, content);
  return { $j: segments };
}
