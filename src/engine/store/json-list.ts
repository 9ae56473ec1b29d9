/**
 * Cuts a JSON array text (a conversation: `gen_ai.input.messages`, `ai.prompt.messages`) into its
 * elements, keeping every character between them, and each element into literal structure and its
 * long string values. The concatenation of everything returned is the text, byte for byte, whatever
 * its whitespace or escaping style.
 *
 * Why elements and their strings: an agent re-sends the whole conversation at every model call, so
 * the same elements come back in one array after another (detail-codec.ts stores each once, chained
 * to the prefix before it); and the long strings inside them (a tool result, a system prompt) are
 * often sent elsewhere too (the tool span's own result attribute), so they are stored apart.
 */
import { NotJson, scanString, scanValue, skipWhitespace, type Segment } from './json-split';

export interface ListElement {
  /** Everything between the previous element (or the start) and this one: `[`, `,`, whitespace. */
  before: string;
  /** The element: literal structure and long string tokens (quotes included) as pieces. */
  parts: Segment[];
}

export interface JsonList {
  elements: ListElement[];
  /** Everything after the last element: `]` and whitespace. */
  after: string;
}

/** The string tokens of at least `minString` characters in text[from, to), a JSON value, as pieces. */
function stringPieces(text: string, from: number, to: number, minString: number): Segment[] {
  const parts: Segment[] = [];
  let cursor = from;
  let at = text.indexOf('"', from);
  while (at >= 0 && at < to) {
    const end = scanString(text, at);
    if (end - at >= minString) {
      if (at > cursor) parts.push({ literal: text.slice(cursor, at) });
      parts.push({ piece: text.slice(at, end) });
      cursor = end;
    }
    at = text.indexOf('"', end);
  }
  if (cursor < to) parts.push({ literal: text.slice(cursor, to) });
  return parts;
}

/** The elements of `text`, or null when it is not a JSON array of at least one element. */
export function splitJsonList(text: string, minString: number): JsonList | null {
  try {
    const start = skipWhitespace(text, 0);
    if (text[start] !== '[') return null;
    let i = skipWhitespace(text, start + 1);
    if (text[i] === ']') return null;
    const elements: ListElement[] = [];
    let cursor = 0;
    for (;;) {
      const end = scanValue(text, i);
      elements.push({ before: text.slice(cursor, i), parts: stringPieces(text, i, end, minString) });
      cursor = end;
      i = skipWhitespace(text, end);
      if (text[i] === ',') {
        i = skipWhitespace(text, i + 1);
        continue;
      }
      if (text[i] !== ']' || skipWhitespace(text, i + 1) !== text.length) return null;
      return { elements, after: text.slice(cursor) };
    }
  } catch (error) {
    if (error instanceof NotJson) return null;
    throw error;
  }
}
