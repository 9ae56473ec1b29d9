/**
 * Splits a long JSON text into literal structure and large pieces, so that the pieces can be stored
 * once in the content table and the text rebuilt exactly by concatenation.
 *
 * Why: instrumentations put the whole conversation into one attribute (`gen_ai.input.messages`,
 * `ai.prompt.messages`, `llm.input_messages` as JSON). Every agent step re-sends every earlier
 * message, so the attribute text is unique per step although each message repeats. Cutting the text
 * at element boundaries makes each message one content row, shared by every step that repeats it.
 * The cut works on the original text (any whitespace or escaping style), so the attribute is
 * reconstructed byte for byte.
 *
 * Rules: the elements of an array become pieces; the values of an object that are containers are
 * split again (bounded depth), other large values become pieces. Anything that is not valid JSON
 * structure yields null and the caller stores the whole string instead.
 */

export type Segment = { literal: string } | { piece: string };

const MAX_DEPTH = 3;

export class NotJson extends Error {}

export function skipWhitespace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

export function scanString(text: string, i: number): number {
  if (text[i] !== '"') throw new NotJson();
  // Jump from quote to quote (indexOf is native); a quote preceded by an odd number of
  // backslashes is escaped.
  let from = i + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw new NotJson();
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** End (exclusive) of the JSON value starting at i; containers are skipped without splitting. */
export function scanValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return scanString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    while (i < text.length) {
      const d = text[i];
      if (d === '"') {
        i = scanString(text, i);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new NotJson();
  }
  // number, true, false, null
  const start = i;
  while (i < text.length && !',]} \n\r\t'.includes(text[i])) i++;
  if (i === start) throw new NotJson();
  return i;
}

/**
 * Returns the segments of `text` (whose concatenation is `text`), or null when the text is not a JSON
 * container or nothing in it reaches `minPiece` characters.
 */
export function splitJson(text: string, minPiece: number): Segment[] | null {
  const pieces: Array<[number, number]> = [];

  const splitContainer = (start: number, depth: number): number => {
    const open = text[start];
    const close = open === '{' ? '}' : ']';
    let i = skipWhitespace(text, start + 1);
    if (text[i] === close) return i + 1;
    for (;;) {
      if (open === '{') {
        i = skipWhitespace(text, scanString(text, i));
        if (text[i] !== ':') throw new NotJson();
        i = skipWhitespace(text, i + 1);
      }
      const valueStart = i;
      const first = text[i];
      const isContainer = first === '{' || first === '[';
      let valueEnd: number;
      if (isContainer && open === '{' && depth < MAX_DEPTH) {
        valueEnd = splitContainer(valueStart, depth + 1);
      } else {
        valueEnd = scanValue(text, valueStart);
        if (valueEnd - valueStart >= minPiece) pieces.push([valueStart, valueEnd]);
      }
      i = skipWhitespace(text, valueEnd);
      if (text[i] === ',') {
        i = skipWhitespace(text, i + 1);
        continue;
      }
      if (text[i] === close) return i + 1;
      throw new NotJson();
    }
  };

  try {
    const start = skipWhitespace(text, 0);
    if (text[start] !== '{' && text[start] !== '[') return null;
    const end = splitContainer(start, 0);
    if (skipWhitespace(text, end) !== text.length) return null;
  } catch (error) {
    if (error instanceof NotJson) return null;
    throw error;
  }
  if (pieces.length === 0) return null;

  const segments: Segment[] = [];
  let cursor = 0;
  for (const [from, to] of pieces) {
    if (from > cursor) segments.push({ literal: text.slice(cursor, from) });
    segments.push({ piece: text.slice(from, to) });
    cursor = to;
  }
  if (cursor < text.length) segments.push({ literal: text.slice(cursor) });
  return segments;
}
