/**
 * Composite content: a content row whose text is not the content itself but a JSON list of segments
 * that concatenate to it. Segments are literal strings, `{"$c": hash}` (the text of another row,
 * plain or composite) and `{"$q": hash}` (the text of a plain row as a JSON string literal, so a
 * tool result sent raw in one attribute and quoted inside a conversation is stored once).
 *
 * A conversation is a chain of composites, one per element, each starting with the one before it:
 * `[{"$c": prefix}, ",", <the element>]`. The chain of a conversation re-sent with one more message
 * is the previous chain plus one composite, so a 50-step agent stores O(messages), not O(steps²).
 *
 * Composite hashes start with `~` (outside the base64url alphabet of plain hashes): the content table
 * knows, from the hash alone, that a row holds references to other rows (taken when the row is
 * stored, released when it is freed).
 */
import { contentHash } from './content-hash';

export type CompositeSegment = string | { $c: string } | { $q: string };

const COMPOSITE = '~';

export function compositeHash(text: string): string {
  return COMPOSITE + contentHash(text);
}

export function isComposite(hash: string): boolean {
  return hash.startsWith(COMPOSITE);
}

/** The hashes a composite's text refers to, one per reference. */
export function compositeChildren(text: string): string[] {
  const out: string[] = [];
  for (const segment of JSON.parse(text) as CompositeSegment[]) {
    if (typeof segment === 'string') continue;
    out.push('$c' in segment ? segment.$c : segment.$q);
  }
  return out;
}

/** Reads a stored row's own text (for a composite: its segment list). */
export type RawReader = (hash: string) => string;

/** Composed texts by hash; `remember` may keep or drop them (content never changes under a hash). */
export interface ComposedMemo {
  get(hash: string): string | undefined;
  remember(hash: string, text: string): void;
}

function isChain(segment: CompositeSegment | undefined): segment is { $c: string } {
  return typeof segment === 'object' && '$c' in segment && isComposite(segment.$c);
}

/**
 * The text a hash stands for. A chain is walked iteratively (a conversation of 10,000 messages is a
 * chain 10,000 long), back to the first composite or to a prefix the memo already holds; every
 * prefix composed on the way is offered to the memo, so the next, longer conversation of the same
 * run only composes its own new element.
 */
export function composeContent(hash: string, readRaw: RawReader, memo?: ComposedMemo): string {
  if (!isComposite(hash)) return readRaw(hash);
  const chain: Array<{ hash: string; rest: CompositeSegment[] }> = [];
  let text = '';
  let current: string | null = hash;
  while (current !== null) {
    const known = memo?.get(current);
    if (known !== undefined) {
      text = known;
      break;
    }
    const segments = JSON.parse(readRaw(current)) as CompositeSegment[];
    const first = segments[0];
    if (isChain(first)) {
      chain.push({ hash: current, rest: segments.slice(1) });
      current = first.$c;
    } else {
      chain.push({ hash: current, rest: segments });
      current = null;
    }
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    for (const segment of chain[i].rest) {
      if (typeof segment === 'string') text += segment;
      else if ('$q' in segment) text += JSON.stringify(readRaw(segment.$q));
      else text += composeContent(segment.$c, readRaw, memo);
    }
    memo?.remember(chain[i].hash, text);
  }
  return text;
}
